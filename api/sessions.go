package api

import (
	"encoding/csv"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// sessionHandler serves a patient's dosing sessions and the export of
// administration records.
type sessionHandler struct {
	records *records.Service
}

func (h *sessionHandler) register(g *echo.Group) {
	g.GET("/patients/:id/sessions", h.list, allow(clinicalReaders...))
	g.GET("/administrations", h.administrations, allow(models.RoleAuditor))
}

func (h *sessionHandler) list(c echo.Context) error {
	l, err := h.records.Sessions(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, l)
}

// administrationList is the JSON export of administration records.
type administrationList struct {
	Since string                      `json:"since"`
	Until string                      `json:"until"`
	Items []records.AdministrationRow `json:"items"`
}

func (h *sessionHandler) administrations(c echo.Context) error {
	var errs []forms.FieldError
	dates := map[string]time.Time{}
	for _, name := range []string{"since", "until"} {
		t, err := time.Parse(time.DateOnly, c.QueryParam(name))
		if err != nil {
			errs = append(errs, forms.FieldError{Code: "date",
				Message: "query parameter " + name + " is required: a session date, YYYY-MM-DD"})
		}
		dates[name] = t
	}
	format := c.QueryParam("format")
	if format != "" && format != "json" && format != "csv" {
		errs = append(errs, forms.FieldError{Code: "format", Message: "query parameter format must be json or csv"})
	}
	if len(errs) > 0 {
		return invalidQuery(errs...)
	}
	rows, err := h.records.Administrations(c.Request().Context(), actorOf(c), dates["since"], dates["until"])
	if err != nil {
		return err
	}
	since, until := dates["since"].Format(time.DateOnly), dates["until"].Format(time.DateOnly)
	if format != "csv" {
		return writeJSON(c, http.StatusOK, administrationList{Since: since, Until: until, Items: rows})
	}
	hdr := c.Response().Header()
	hdr.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	hdr.Set("Content-Disposition", `attachment; filename="administrations-`+since+`-`+until+`.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	_ = w.Write(records.AdministrationColumns)
	for _, r := range rows {
		_ = w.Write(r.CSV())
	}
	w.Flush()
	return w.Error()
}
