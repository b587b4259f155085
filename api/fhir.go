package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/records"
)

// fhirContentType is FHIR's JSON media type.
const fhirContentType = "application/fhir+json"

// fhirHandler serves the FHIR R4 views: a patient's record as a Bundle
// and each form version as a Questionnaire.
type fhirHandler struct {
	records *records.Service
}

func (h *fhirHandler) register(g *echo.Group) {
	g.GET("/patients/:id/fhir", h.patient, allow(patientReaders...))
	g.GET("/forms/:kind/fhir", h.form, allow(anyRole...))
	g.GET("/forms/:kind/versions/:version/fhir", h.formVersion, allow(anyRole...))
}

// writeFHIR sends a FHIR resource as application/fhir+json.
func writeFHIR(c echo.Context, v any) error {
	c.Response().Header().Set(echo.HeaderContentType, fhirContentType)
	c.Response().WriteHeader(http.StatusOK)
	return jsonEncode(c.Response(), v)
}

func (h *fhirHandler) patient(c echo.Context) error {
	b, err := h.records.PatientFHIR(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return writeFHIR(c, b)
}

func (h *fhirHandler) form(c echo.Context) error {
	q, err := h.records.FormQuestionnaire(c.Param("kind"))
	if err != nil {
		return err
	}
	return writeFHIR(c, q)
}

func (h *fhirHandler) formVersion(c echo.Context) error {
	q, err := h.records.FormVersionQuestionnaire(c.Param("kind"), c.Param("version"))
	if err != nil {
		return err
	}
	return writeFHIR(c, q)
}
