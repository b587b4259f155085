package forms

import "strconv"

// KindPHQ9 is the Patient Health Questionnaire-9 (depression).
const KindPHQ9 = "phq-9"

// PHQ9Answers are the nine PHQ-9 items in order, each 0-3, and the
// optional, unscored difficulty item.
type PHQ9Answers struct {
	Items      []*int `json:"items" validate:"required,len=9,dive,required,min=0,max=3" desc:"The nine answers in order, each 0 (not at all) to 3 (nearly every day)."`
	Difficulty *int   `json:"difficulty,omitempty" validate:"omitempty,min=0,max=3" desc:"How difficult these problems have made work, home or getting along with people: 0 not difficult at all to 3 extremely difficult. Not scored."`
}

// PHQ9Score is a scored PHQ-9.
type PHQ9Score struct {
	// Total is the sum of the nine items, 0-27.
	Total int `json:"total"`
	// Severity is the band of Total: minimal, mild, moderate,
	// moderately-severe or severe.
	Severity string `json:"severity"`
	// Item9 is the answer to item 9 (thoughts of being better off dead or
	// of self-harm); above 0 is a safety flag whatever the total.
	Item9 int `json:"item9"`
	// Difficulty is the unscored difficulty item, if answered.
	Difficulty *int `json:"difficulty,omitempty"`
}

// phq9Bands are Kroenke, Spitzer & Williams 2001 (J Gen Intern Med
// 16:606): 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately
// severe, 20-27 severe.
var phq9Bands = []band{{0, "minimal"}, {5, "mild"}, {10, "moderate"}, {15, "moderately-severe"}, {20, "severe"}}

// PHQ9Severity returns the severity band of a PHQ-9 total.
func PHQ9Severity(total int) string { return bandOf(phq9Bands, total) }

// ScorePHQ9 scores nine PHQ-9 items (each 0-3). It returns
// ErrInvalidItems for any other vector.
func ScorePHQ9(items []int) (PHQ9Score, error) {
	if err := checkItems(items, 9, 3); err != nil {
		return PHQ9Score{}, err
	}
	t := sum(items)
	return PHQ9Score{Total: t, Severity: PHQ9Severity(t), Item9: items[8]}, nil
}

// Map returns the score as a submission's scores: total, severity, item9
// and, when answered, difficulty.
func (s PHQ9Score) Map() map[string]any {
	m := map[string]any{"total": s.Total, "severity": s.Severity, "item9": s.Item9}
	if s.Difficulty != nil {
		m["difficulty"] = *s.Difficulty
	}
	return m
}

// Item9Answer is the published wording of the answer to item 9, e.g.
// "Several days".
func (s PHQ9Score) Item9Answer() string { return phq9.options[min(max(s.Item9, 0), 3)] }

// Score scores valid answers (ParseSubmission's).
func (a *PHQ9Answers) Score() PHQ9Score {
	s, _ := ScorePHQ9(values(a.Items))
	s.Difficulty = a.Difficulty
	return s
}

// itemLines lists the nine items and, when answered, the difficulty
// question, which is not scored (AnswerLines).
func (a *PHQ9Answers) itemLines(ptr string) []AnswerLine {
	out := phq9.itemLines(ptr, a.Items)
	if d := a.Difficulty; d != nil {
		l := AnswerLine{Pointer: ptr + Pointer("difficulty"), Instrument: phq9.short, Label: phq9Difficulty,
			Options: optionList(phq9DifficultyOptions), Points: strconv.Itoa(*d), Value: "Not answered"}
		if *d >= 0 && *d < len(phq9DifficultyOptions) {
			l.Value = phq9DifficultyOptions[*d] + " (not scored)"
		}
		out = append(out, l)
	}
	return out
}
