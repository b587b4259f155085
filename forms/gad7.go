package forms

// KindGAD7 is the Generalized Anxiety Disorder 7-item scale.
const KindGAD7 = "gad-7"

// GAD7Answers are the seven GAD-7 items in order, each 0-3.
type GAD7Answers struct {
	Items []*int `json:"items" validate:"required,len=7,dive,required,min=0,max=3" desc:"The seven answers in order, each 0 (not at all) to 3 (nearly every day)."`
}

// GAD7Score is a scored GAD-7.
type GAD7Score struct {
	// Total is the sum of the seven items, 0-21.
	Total int `json:"total"`
	// Severity is the band of Total: minimal, mild, moderate or severe.
	Severity string `json:"severity"`
}

// gad7Bands are Spitzer et al. 2006 (Arch Intern Med 166:1092): 0-4
// minimal, 5-9 mild, 10-14 moderate, 15-21 severe.
var gad7Bands = []band{{0, "minimal"}, {5, "mild"}, {10, "moderate"}, {15, "severe"}}

// GAD7Severity returns the severity band of a GAD-7 total.
func GAD7Severity(total int) string { return bandOf(gad7Bands, total) }

// ScoreGAD7 scores seven GAD-7 items (each 0-3). It returns
// ErrInvalidItems for any other vector.
func ScoreGAD7(items []int) (GAD7Score, error) {
	if err := checkItems(items, 7, 3); err != nil {
		return GAD7Score{}, err
	}
	t := sum(items)
	return GAD7Score{Total: t, Severity: GAD7Severity(t)}, nil
}

// Map returns the score as a submission's scores: total and severity.
func (s GAD7Score) Map() map[string]any {
	return map[string]any{"total": s.Total, "severity": s.Severity}
}

// Score scores valid answers (ParseSubmission's).
func (a *GAD7Answers) Score() GAD7Score {
	s, _ := ScoreGAD7(values(a.Items))
	return s
}

// itemLines lists the items with their wording (AnswerLines).
func (a *GAD7Answers) itemLines(ptr string) []AnswerLine { return gad7.itemLines(ptr, a.Items) }
