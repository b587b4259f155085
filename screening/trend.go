package screening

import (
	"math"
	"time"

	"github.com/consentry/consentry/forms"
)

// Trend is the course of one instrument from its baseline (the earliest
// measurement) to the latest, for measurement-based care.
type Trend struct {
	Instrument   string     `json:"instrument"`
	Baseline     TrendPoint `json:"baseline"`
	Latest       TrendPoint `json:"latest"`
	Measurements int        `json:"measurements"`
	// Change is Latest.Total - Baseline.Total: negative is improvement.
	Change int `json:"change"`
	// PercentChange is Change as a percentage of the baseline, rounded to
	// 0.1; absent when the baseline is 0.
	PercentChange *float64 `json:"percent_change,omitempty"`
	// Response: a later measurement at least 50 % below a non-zero
	// baseline, or, for the PHQ-9 only, a later PHQ-9 below 10 from a
	// baseline of 10 or more (DOMAIN §4).
	Response bool `json:"response"`
	// Remission: a later total below 5 from a baseline of 10 or more
	// (Kroenke et al. 2001 for the PHQ-9; the same cut on the GAD-7).
	Remission bool `json:"remission"`
}

// TrendPoint is one measurement of a trend.
type TrendPoint struct {
	SubmissionID string    `json:"submission_id"`
	Form         string    `json:"form"`
	At           time.Time `json:"at"`
	Total        int       `json:"total"`
	Severity     string    `json:"severity"`
}

// phq9Trend is the PHQ-9 trend of records in time order (phq-9 and
// integration-followup), or nil for none.
func phq9Trend(recs []Answered) *Trend {
	return trendOf("phq-9", recs, func(r Answered) (int, string) {
		var a *forms.PHQ9Answers
		if fu, ok := r.Answers.(*forms.IntegrationFollowupAnswers); ok {
			a = fu.PHQ9
		} else {
			a = r.Answers.(*forms.PHQ9Answers)
		}
		s := a.Score()
		return s.Total, s.Severity
	}, true)
}

// gad7Trend is the GAD-7 trend of records in time order (gad-7 and
// integration-followup), or nil for none.
func gad7Trend(recs []Answered) *Trend {
	return trendOf("gad-7", recs, func(r Answered) (int, string) {
		var a *forms.GAD7Answers
		if fu, ok := r.Answers.(*forms.IntegrationFollowupAnswers); ok {
			a = fu.GAD7
		} else {
			a = r.Answers.(*forms.GAD7Answers)
		}
		s := a.Score()
		return s.Total, s.Severity
	}, false)
}

func trendOf(name string, recs []Answered, score func(Answered) (int, string), below10 bool) *Trend {
	if len(recs) == 0 {
		return nil
	}
	point := func(r Answered) TrendPoint {
		t, sev := score(r)
		return TrendPoint{SubmissionID: r.SubmissionID, Form: r.Form, At: r.At, Total: t, Severity: sev}
	}
	tr := &Trend{Instrument: name, Baseline: point(recs[0]), Latest: point(recs[len(recs)-1]), Measurements: len(recs)}
	b, l := tr.Baseline.Total, tr.Latest.Total
	tr.Change = l - b
	if b > 0 {
		pc := math.Round(float64(tr.Change)*1000/float64(b)) / 10
		tr.PercentChange = &pc
	}
	if tr.Measurements >= 2 {
		tr.Response = (b > 0 && 2*l <= b) || (below10 && b >= 10 && l < 10)
		tr.Remission = b >= 10 && l < 5
	}
	return tr
}
