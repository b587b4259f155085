package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/screening"
)

// screeningHandler serves a patient's combined screening.
type screeningHandler struct {
	store     patientRecordsStore
	catalogue *forms.Catalogue
	screener  *screening.Screener
	now       func() time.Time
}

var clinicalReaders = []string{models.RoleClinician, models.RoleAuditor}

func (h *screeningHandler) register(g *echo.Group) {
	g.GET("/patients/:id/screening", h.get, allow(clinicalReaders...))
}

// screeningResponse is a patient's current screening.
type screeningResponse struct {
	PatientID string    `json:"patient_id"`
	At        time.Time `json:"at"`
	*screening.Screening
}

func (h *screeningHandler) get(c echo.Context) error {
	ctx := c.Request().Context()
	pt, err := readablePatient(c, h.store)
	if err != nil {
		return err
	}
	now := h.now().UTC()
	records, err := h.store.PatientRecords(ctx, pt.ID, now, screening.ScreenedForms()...)
	if err != nil {
		return err
	}
	answered := make([]screening.Answered, 0, len(records))
	for _, r := range records {
		a, err := screening.DecodeStored(h.catalogue, r.ID, r.Form, r.Version, r.CreatedAt.UTC(), []byte(r.Body))
		if err != nil {
			return err
		}
		answered = append(answered, a)
	}
	if err := h.store.Record(ctx, event(c, "screening.read", "patient/"+pt.ID, pt.ID)); err != nil {
		return err
	}
	sc := h.screener.Screen(screening.Patient{Sex: pt.Sex, BirthDate: pt.BirthDate}, now, answered)
	if sc.Flags == nil {
		sc.Flags = []screening.Flag{}
	}
	if sc.Scores == nil {
		sc.Scores = map[string]map[string]any{}
	}
	return writeJSON(c, http.StatusOK, screeningResponse{PatientID: pt.ID, At: now, Screening: sc})
}
