package records

import (
	"context"
	"time"

	"github.com/consentry/consentry/models"
)

// ConsentList is a patient's consents as of a moment.
type ConsentList struct {
	PatientID string           `json:"patient_id"`
	At        time.Time        `json:"at"`
	Items     []*ConsentStatus `json:"items"`
	// Acknowledgements are the clinicians' acknowledgements of urgent
	// flags up to the moment, oldest first.
	Acknowledgements []AcknowledgementRef `json:"acknowledgements"`
}

// ConsentStatus replays a patient's records up to at (nil: now) and says
// where each consent and each of its optional clauses stood then. It
// records the read; a patient the actor may not see is NotFound.
func (s *Service) ConsentStatus(ctx context.Context, a Actor, patientID string, at *time.Time) (*ConsentList, error) {
	pt, err := s.readablePatient(ctx, a, patientID)
	if err != nil {
		return nil, err
	}
	when := s.clock.Now()
	if at != nil {
		when = at.UTC()
	}
	records, err := s.store.StatusRecords(ctx, pt.ID, when)
	if err != nil {
		return nil, err
	}
	if err := s.store.Record(ctx, a.event("consent.read", "patient/"+pt.ID, pt.ID)); err != nil {
		return nil, err
	}
	items := consentStatuses(records, s.catalogue, when, s.reconsent)
	if items == nil {
		items = []*ConsentStatus{}
	}
	return &ConsentList{PatientID: pt.ID, At: when, Items: items, Acknowledgements: acknowledgementsOf(records)}, nil
}

// acknowledgementsOf lists the acknowledgements among a patient's records.
func acknowledgementsOf(records []models.StatusRecord) []AcknowledgementRef {
	out := []AcknowledgementRef{}
	for i := range records {
		if ack, ok := acknowledgementOf(&records[i]); ok {
			out = append(out, ack)
		}
	}
	return out
}
