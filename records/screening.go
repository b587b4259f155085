package records

import (
	"context"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/screening"
)

// ScreeningView is a patient's current screening.
type ScreeningView struct {
	PatientID string    `json:"patient_id"`
	At        time.Time `json:"at"`
	*screening.Screening
	// UrgentFlags are every urgent flag any of the patient's records
	// raised, open ones first, each with its age and the acknowledgement
	// that closed it. An open one is also in Flags, even when a newer
	// record no longer raises it.
	UrgentFlags []UrgentFlag `json:"urgent_flags"`
	// OpenUrgent counts the open urgent flags.
	OpenUrgent int `json:"open_urgent"`
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
	records, err := s.store.PatientRecords(ctx, pt.ID, now, append(screening.ScreenedForms(), forms.KindAcknowledgement)...)
	if err != nil {
		return nil, err
	}
	answered := make([]screening.Answered, 0, len(records))
	var acks []AcknowledgementRef
	for i := range records {
		r := &records[i]
		if ack, ok := acknowledgementRef(r); ok {
			acks = append(acks, ack)
			continue
		}
		ans, err := screening.DecodeStored(s.catalogue, r.ID, r.Form, r.Version, r.CreatedAt.UTC(), []byte(r.Body))
		if err != nil {
			return nil, err
		}
		answered = append(answered, ans)
	}
	if err := s.store.Record(ctx, a.event("screening.read", "patient/"+pt.ID, pt.ID)); err != nil {
		return nil, err
	}
	spt := screening.Patient{Sex: pt.Sex, BirthDate: pt.BirthDate}
	sc := s.screener.Screen(spt, now, answered)
	if sc.Flags == nil {
		sc.Flags = []screening.Flag{}
	}
	if sc.Scores == nil {
		sc.Scores = map[string]map[string]any{}
	}
	view := &ScreeningView{PatientID: pt.ID, At: now, Screening: sc}
	view.UrgentFlags = urgentFlags(s.screener.UrgentFlags(spt, now, answered), acks, now)
	current := map[string]bool{}
	for _, f := range sc.Flags {
		current[f.SubmissionID+" "+f.Rule] = true
	}
	var stale []screening.Flag
	for _, u := range view.UrgentFlags {
		if u.Status != UrgentOpen {
			continue
		}
		view.OpenUrgent++
		if !current[u.SubmissionID+" "+u.Rule] {
			f := u.Flag
			f.Message += " (from an earlier record; open until a clinician acknowledges it)"
			stale = append(stale, f)
		}
	}
	// Open urgent flags of earlier records come first: urgent flags lead.
	sc.Flags = append(append([]screening.Flag{}, stale...), sc.Flags...)
	return view, nil
}
