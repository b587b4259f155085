package forms

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// ErrNotScreened is returned by DecodeStored for a form screening does not
// read (see ScreenedForms).
var ErrNotScreened = errors.New("forms: form is not screened")

// Answered is one stored submission's decoded answers: what Screen reads.
type Answered struct {
	SubmissionID string
	Form         string
	// At is the submission's created_at.
	At time.Time
	// Answers are as in Submission.Answers, e.g. *MedicalHistoryAnswers.
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

var storedValidator = sync.OnceValue(NewValidator)

// DecodeStored decodes the answers of a stored submission body (the body
// ParseSubmission accepted, as stored) into an Answered for Screen. It
// returns ErrNotScreened for a form Screen does not read, and an error
// for a body that no longer decodes.
func (c *Catalogue) DecodeStored(id, form, version string, at time.Time, body []byte) (Answered, error) {
	k, ok := kinds[form]
	if !ok || k.collect == nil {
		return Answered{}, fmt.Errorf("%w: %q", ErrNotScreened, form)
	}
	def, err := c.Version(form, version)
	if err != nil {
		return Answered{}, err
	}
	var env struct {
		Answers json.RawMessage `json:"answers"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return Answered{}, fmt.Errorf("forms: stored submission %s: %w", id, err)
	}
	ans, p := k.parse(def, &SubmissionRequest{Answers: env.Answers}, storedValidator())
	if len(p) > 0 {
		return Answered{}, fmt.Errorf("forms: stored submission %s: %w", id, p.err())
	}
	return Answered{SubmissionID: id, Form: form, At: at, Answers: ans}, nil
}

// Screen returns the patient's current screening from their stored
// records (any order; forms Screen does not read are ignored). It reads
// the latest medical history, treatment plan, pre-session checklist,
// PCL-5, AUDIT-C, and the latest PHQ-9, GAD-7 and side effects whether
// they came on their own form or on an integration follow-up; the trends
// run from the earliest PHQ-9 and GAD-7 to the latest. ctx.Plan, when
// set, overrides the latest stored plan for the session setting. The
// session flags come from the latest checklist whatever its date; every
// flag carries its record's time (At) so that a reader can tell.
func (s *Screener) Screen(ctx Context, records []Answered) *Screening {
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
		case KindPHQ9, KindIntegrationFollowup:
			phq9s = append(phq9s, r)
			if r.Form == KindIntegrationFollowup {
				gad7s = append(gad7s, r)
			}
		case KindGAD7:
			gad7s = append(gad7s, r)
		}
	}
	plan := ctx.Plan
	if p, ok := latest[KindTreatmentPlan]; ok && plan == nil {
		plan = p.Answers.(*TreatmentPlanAnswers)
	}
	f := newFacts(ctx, plan)
	out := &Screening{Ruleset: s.version, Scores: map[string]map[string]any{}}
	// The order matters: the plan before the checklist (setting); the
	// follow-up before a newer PHQ-9 or GAD-7 of their own, which then
	// replace its scores.
	for _, kind := range []string{KindTreatmentPlan, KindMedicalHistory, KindPreSessionChecklist, KindPCL5, KindAUDITC, KindIntegrationFollowup, KindPHQ9, KindGAD7} {
		r, ok := latest[kind]
		if !ok {
			continue
		}
		if fu, ok := latest[KindIntegrationFollowup]; ok && (kind == KindPHQ9 || kind == KindGAD7) && fu.At.After(r.At) {
			continue // the follow-up's is newer
		}
		out.Scores[kind] = kinds[kind].collect(r.Answers, f, &s.settings, source{form: r.Form, id: r.SubmissionID, at: r.At})
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
	switch r.Answers.(type) {
	case *MedicalHistoryAnswers:
		return r.Form == KindMedicalHistory
	case *TreatmentPlanAnswers:
		return r.Form == KindTreatmentPlan
	case *PreSessionChecklistAnswers:
		return r.Form == KindPreSessionChecklist
	case *PHQ9Answers:
		return r.Form == KindPHQ9
	case *GAD7Answers:
		return r.Form == KindGAD7
	case *PCL5Answers:
		return r.Form == KindPCL5
	case *AUDITCAnswers:
		return r.Form == KindAUDITC
	case *IntegrationFollowupAnswers:
		return r.Form == KindIntegrationFollowup
	}
	return false
}
