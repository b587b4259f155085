package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// documentHandler serves POST /v1/documents/verify and
// /v1/documents/retimestamp.
type documentHandler struct {
	records *records.Service
	maxPDF  int64
}

func (h *documentHandler) register(g *echo.Group) {
	g.POST("/documents/verify", h.verify, allow(anyRole...))
	g.POST("/documents/retimestamp", h.retimestamp, allow(models.RoleAdmin))
}

// retimestamp renews the document time-stamps that expire within the
// query parameter before (a Go duration, default a year).
func (h *documentHandler) retimestamp(c echo.Context) error {
	before := 365 * 24 * time.Hour
	if s := c.QueryParam("before"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 || d > 50*365*24*time.Hour {
			return invalidQuery(forms.FieldError{Code: "duration",
				Message: "query parameter before must be a duration such as 8760h (a year), up to 50 years"})
		}
		before = d
	}
	rep, err := h.records.Retimestamp(c.Request().Context(), actorOf(c), before)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, rep)
}

func (h *documentHandler) verify(c echo.Context) error {
	doc, err := readBody(c, h.maxPDF, errNotPDF, errPDFTooLarge, "application/pdf")
	if err != nil {
		return err
	}
	res, err := h.records.VerifyDocument(c.Request().Context(), actorOf(c), doc)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, res)
}
