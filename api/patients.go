package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/records"
)

// patientHandler serves /v1/patients.
type patientHandler struct {
	records *records.Service
	maxBody int64
}

func (h *patientHandler) register(g *echo.Group) {
	g.POST("/patients", h.create, allow(portalOnly...))
	g.GET("/patients", h.search, allow(patientReaders...))
	g.GET("/patients/:id", h.get, allow(patientReaders...))
}

func (h *patientHandler) create(c echo.Context) error {
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	p, err := h.records.CreatePatient(c.Request().Context(), actorOf(c), body)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/patients/"+p.ID)
	return writeJSON(c, http.StatusCreated, p)
}

func (h *patientHandler) get(c echo.Context) error {
	p, err := h.records.Patient(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, p)
}

// patientList is a page of patients.
type patientList struct {
	Items      []*records.PatientView `json:"items"`
	NextCursor string                 `json:"next_cursor,omitempty"`
}

func (h *patientHandler) search(c echo.Context) error {
	ext := c.QueryParam("external_id")
	if ext == "" || len(ext) > 128 {
		return invalidQuery(forms.FieldError{Pointer: "", Code: "required",
			Message: "query parameter external_id is required (at most 128 characters)"})
	}
	items, err := h.records.FindPatient(c.Request().Context(), actorOf(c), ext)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, patientList{Items: items})
}
