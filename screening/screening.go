package screening

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/consentry/consentry/forms"
)

// ErrNotScreened is returned by DecodeStored for a form screening does not
// read (see ScreenedForms).
var ErrNotScreened = errors.New("screening: form is not screened")

// Answered is one stored submission's decoded answers: what Screen reads.
type Answered struct {
	SubmissionID string
	Form         string
	// At is the submission's created_at.
	At time.Time
	// Answers are as in forms.Submission.Answers, e.g.
	// *forms.MedicalHistoryAnswers.
	Answers any
}

// Screening is a patient's current screening: the flags of their latest
// records, each naming the submission it comes from, the latest scores,
// and the PHQ-9 and GAD-7 trends.
type Screening struct {
	Ruleset string `json:"ruleset"`
	Flags   []Flag `json:"flags"`
	// Scores are the latest record's scores by form kind.
	Scores map[string]map[string]any `json:"scores"`
	PHQ9   *Trend                    `json:"phq9_trend,omitempty"`
	GAD7   *Trend                    `json:"gad7_trend,omitempty"`
}

// DecodeStored decodes the answers of a stored submission body (the body
// ParseSubmission accepted, as stored) into an Answered for Screen. It
// returns ErrNotScreened for a form Screen does not read, and an error
// for a body that no longer decodes.
func DecodeStored(c *forms.Catalogue, id, form, version string, at time.Time, body []byte) (Answered, error) {
	if _, ok := collectors[form]; !ok {
		return Answered{}, fmt.Errorf("%w: %q", ErrNotScreened, form)
	}
	ans, err := c.DecodeStoredAnswers(form, version, body)
	if err != nil {
		return Answered{}, fmt.Errorf("screening: stored submission %s: %w", id, err)
	}
	return Answered{SubmissionID: id, Form: form, At: at, Answers: ans}, nil
}

// Screen returns the patient's current screening from their stored
// records (any order; forms Screen does not read are ignored). It reads
// the latest medical history, treatment plan, pre-session checklist,
// PCL-5, AUDIT-C, and the latest PHQ-9, GAD-7 and side effects whether
// they came on their own form or on an integration follow-up; the trends
// run from the earliest PHQ-9 and GAD-7 to the latest; ages are as of
// now. pt.Plan, when set, overrides the latest stored plan for the session setting. The
// session flags come from the latest checklist whatever its date; every
// flag carries its record's time (At) so that a reader can tell.
func (s *Screener) Screen(pt Patient, now time.Time, records []Answered) *Screening {
	recs := append([]Answered(nil), records...)
	sort.SliceStable(recs, func(i, j int) bool {
		if !recs[i].At.Equal(recs[j].At) {
			return recs[i].At.Before(recs[j].At)
		}
		return recs[i].SubmissionID < recs[j].SubmissionID
	})
	latest := map[string]Answered{}
	var phq9s, gad7s []Answered
	for _, r := range recs {
		if !answersMatch(r) {
			continue
		}
		latest[r.Form] = r
		switch r.Form {
		case forms.KindPHQ9, forms.KindIntegrationFollowup:
			phq9s = append(phq9s, r)
			if r.Form == forms.KindIntegrationFollowup {
				gad7s = append(gad7s, r)
			}
		case forms.KindGAD7:
			gad7s = append(gad7s, r)
		}
	}
	plan := pt.Plan
	if p, ok := latest[forms.KindTreatmentPlan]; ok && plan == nil {
		plan = p.Answers.(*forms.TreatmentPlanAnswers)
	}
	f := newFacts(pt, now, plan)
	out := &Screening{Ruleset: s.version, Scores: map[string]map[string]any{}}
	// The order matters: the plan before the checklist (setting); the
	// follow-up before a newer PHQ-9 or GAD-7 of their own, which then
	// replace its scores.
	for _, kind := range []string{forms.KindTreatmentPlan, forms.KindMedicalHistory, forms.KindPreSessionChecklist, forms.KindAdministrationRecord, forms.KindMonitoringRecord,
		forms.KindPCL5, forms.KindAUDITC, forms.KindIntegrationFollowup, forms.KindPHQ9, forms.KindGAD7} {
		r, ok := latest[kind]
		if !ok {
			continue
		}
		if fu, ok := latest[forms.KindIntegrationFollowup]; ok && (kind == forms.KindPHQ9 || kind == forms.KindGAD7) && fu.At.After(r.At) {
			continue // the follow-up's is newer
		}
		out.Scores[kind] = collectors[kind].collect(r.Answers, f, &s.settings, source{form: r.Form, id: r.SubmissionID, at: r.At})
	}
	if f.Age != nil {
		f.sources[EvidencePatient] = source{}
	}
	out.Flags = s.evaluate(f)
	out.PHQ9 = phq9Trend(phq9s)
	out.GAD7 = gad7Trend(gad7s)
	return out
}

// answersMatch reports whether a record's answers have the type of its
// form, so that Screen never reads a mislabelled record.
func answersMatch(r Answered) bool {
	c, ok := collectors[r.Form]
	return ok && c.is(r.Answers)
}
