package api

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// patientRecordsStore is what the views over a patient's records (the
// consent history, the screening) need of the store.
type patientRecordsStore interface {
	Patient(ctx context.Context, id string) (*models.Patient, error)
	PatientRecords(ctx context.Context, patientID string, until time.Time, forms ...string) ([]models.Submission, error)
	Record(ctx context.Context, ev models.Event) error
}

// consentHandler serves a patient's consents as of a moment.
type consentHandler struct {
	store     patientRecordsStore
	catalogue *forms.Catalogue
	now       func() time.Time
	reconsent time.Duration
}

func (h *consentHandler) register(g *echo.Group) {
	g.GET("/patients/:id/consents", h.list, allow(patientReaders...))
}

// consentList is a patient's consents as of a moment.
type consentList struct {
	PatientID string           `json:"patient_id"`
	At        time.Time        `json:"at"`
	Items     []*consentStatus `json:"items"`
}

func (h *consentHandler) list(c echo.Context) error {
	ctx := c.Request().Context()
	pt, err := readablePatient(c, h.store)
	if err != nil {
		return err
	}
	at := h.now().UTC()
	if s := c.QueryParam("at"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return invalid([]forms.FieldError{{Code: "date-time",
				Message: "query parameter at must be an RFC 3339 time, e.g. 2026-11-20T15:04:05Z"}})
		}
		at = t.UTC()
	}
	records, err := h.store.PatientRecords(ctx, pt.ID, at)
	if err != nil {
		return err
	}
	if err := h.store.Record(ctx, event(c, "consent.read", "patient/"+pt.ID, pt.ID)); err != nil {
		return err
	}
	items := consentStatuses(records, h.catalogue, at, h.reconsent)
	if items == nil {
		items = []*consentStatus{}
	}
	return writeJSON(c, http.StatusOK, consentList{PatientID: pt.ID, At: at, Items: items})
}

// consentState is where one consent stands now, for the withdrawal checks.
func (h *submissionHandler) consentState(c echo.Context, orig *models.Submission, def *forms.Definition) (*consentStatus, error) {
	records, err := h.store.PatientRecords(c.Request().Context(), orig.PatientID, h.now().UTC())
	if err != nil {
		return nil, err
	}
	for _, cs := range consentStatuses(records, h.catalogue, h.now().UTC(), 0) {
		if cs.SubmissionID == orig.ID {
			return cs, nil
		}
	}
	return nil, notFound("consent")
}
