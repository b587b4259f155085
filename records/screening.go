package records

import (
	"context"
	"time"

	"github.com/consentry/consentry/screening"
)

// ScreeningView is a patient's current screening.
type ScreeningView struct {
	PatientID string    `json:"patient_id"`
	At        time.Time `json:"at"`
	*screening.Screening
}

// Screening combines a patient's latest history, plan, checklist and
// instruments into their current flags, each naming its record, with the
// PHQ-9 and GAD-7 trends. It records the read; a patient the actor may
// not see is NotFound.
func (s *Service) Screening(ctx context.Context, a Actor, patientID string) (*ScreeningView, error) {
	pt, err := s.readablePatient(ctx, a, patientID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	records, err := s.store.PatientRecords(ctx, pt.ID, now, screening.ScreenedForms()...)
	if err != nil {
		return nil, err
	}
	answered := make([]screening.Answered, 0, len(records))
	for _, r := range records {
		ans, err := screening.DecodeStored(s.catalogue, r.ID, r.Form, r.Version, r.CreatedAt.UTC(), []byte(r.Body))
		if err != nil {
			return nil, err
		}
		answered = append(answered, ans)
	}
	if err := s.store.Record(ctx, a.event("screening.read", "patient/"+pt.ID, pt.ID)); err != nil {
		return nil, err
	}
	sc := s.screener.Screen(screening.Patient{Sex: pt.Sex, BirthDate: pt.BirthDate}, now, answered)
	if sc.Flags == nil {
		sc.Flags = []screening.Flag{}
	}
	if sc.Scores == nil {
		sc.Scores = map[string]map[string]any{}
	}
	return &ScreeningView{PatientID: pt.ID, At: now, Screening: sc}, nil
}
