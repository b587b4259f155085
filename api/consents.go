package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/records"
)

// consentHandler serves a patient's consents as of a moment.
type consentHandler struct {
	records *records.Service
}

func (h *consentHandler) register(g *echo.Group) {
	g.GET("/patients/:id/consents", h.list, allow(patientReaders...))
}

func (h *consentHandler) list(c echo.Context) error {
	var at *time.Time
	if s := c.QueryParam("at"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return invalidQuery(forms.FieldError{Code: "date-time",
				Message: "query parameter at must be an RFC 3339 time, e.g. 2026-11-20T15:04:05Z"})
		}
		at = &t
	}
	list, err := h.records.ConsentStatus(c.Request().Context(), actorOf(c), c.Param("id"), at)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, list)
}
