package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// screeningHandler serves a patient's combined screening.
type screeningHandler struct {
	records *records.Service
}

var clinicalReaders = []string{models.RoleClinician, models.RoleAuditor}

func (h *screeningHandler) register(g *echo.Group) {
	g.GET("/patients/:id/screening", h.get, allow(clinicalReaders...))
}

func (h *screeningHandler) get(c echo.Context) error {
	sc, err := h.records.Screening(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, sc)
}
