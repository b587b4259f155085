package screening

import (
	"sort"
	"time"
)

// UrgentFlags returns every urgent flag any of the patient's records
// raised on its own, whatever came after it, oldest record first: a
// safety signal stays until a clinician acknowledges it, even when a newer
// form no longer raises it (Screen reports only the latest records').
// Each flag names its record (SubmissionID, Form, At).
func (s *Screener) UrgentFlags(pt Patient, now time.Time, records []Answered) []Flag {
	recs := append([]Answered(nil), records...)
	sort.SliceStable(recs, func(i, j int) bool {
		if !recs[i].At.Equal(recs[j].At) {
			return recs[i].At.Before(recs[j].At)
		}
		return recs[i].SubmissionID < recs[j].SubmissionID
	})
	out := []Flag{}
	for _, r := range recs {
		out = append(out, s.RecordUrgentFlags(pt, now, r)...)
	}
	return out
}

// RecordUrgentFlags returns the urgent flags one record raises on its
// own, naming it.
func (s *Screener) RecordUrgentFlags(pt Patient, now time.Time, r Answered) []Flag {
	c, ok := collectors[r.Form]
	if !ok || !c.is(r.Answers) {
		return nil
	}
	f := newFacts(pt, now, pt.Plan)
	c.collect(r.Answers, f, &s.settings, source{form: r.Form, id: r.SubmissionID, at: r.At})
	var out []Flag
	for _, fl := range s.evaluate(f) {
		if fl.Urgent {
			out = append(out, fl)
		}
	}
	return out
}
