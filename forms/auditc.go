package forms

// KindAUDITC is the AUDIT-C, the three alcohol-consumption questions of
// the WHO AUDIT.
const KindAUDITC = "audit-c"

// AUDITCAnswers are the three AUDIT-C items in order, each 0-4. Someone
// who never drinks (item 1 is 0) scores 0 on items 2 and 3.
type AUDITCAnswers struct {
	Items []*int `json:"items" validate:"required,len=3,dive,required,min=0,max=4" desc:"The three answers in order, each 0-4. When the first is 0 (never), the other two must be 0."`
}

// AUDITCScore is a scored AUDIT-C.
type AUDITCScore struct {
	// Total is the sum of the three items, 0-12.
	Total int `json:"total"`
	// Cutoff is the positive-screen cutoff applied.
	Cutoff int `json:"cutoff"`
	// CutoffBasis says which cutoff was applied and why: "men", "women",
	// or "sex-not-recorded" (the women's, more sensitive cutoff, when the
	// patient record's sex is neither male nor female).
	CutoffBasis string `json:"cutoff_basis"`
	// Positive is Total >= Cutoff.
	Positive bool `json:"positive"`
}

// ScoreAUDITC scores three AUDIT-C items (each 0-4) for a patient of the
// given record sex, with a clinic's cutoffs for men and for women
// (screening's defaults: positive at >= 4 for men and >= 3 for women,
// Bradley et al. 2007, Alcohol Clin Exp Res 31:1208; US VA practice). A
// patient whose record sex is neither male nor female gets the lower
// cutoff. It returns ErrInvalidItems for any other vector.
func ScoreAUDITC(items []int, sex string, cutoffMen, cutoffWomen int) (AUDITCScore, error) {
	if err := checkItems(items, 3, 4); err != nil {
		return AUDITCScore{}, err
	}
	sc := AUDITCScore{Total: sum(items)}
	switch sex {
	case "male":
		sc.Cutoff, sc.CutoffBasis = cutoffMen, "men"
	case "female":
		sc.Cutoff, sc.CutoffBasis = cutoffWomen, "women"
	default:
		sc.Cutoff, sc.CutoffBasis = min(cutoffMen, cutoffWomen), "sex-not-recorded"
	}
	sc.Positive = sc.Total >= sc.Cutoff
	return sc, nil
}

// Score scores valid answers (ParseSubmission's) as ScoreAUDITC does.
func (a *AUDITCAnswers) Score(sex string, cutoffMen, cutoffWomen int) AUDITCScore {
	s, _ := ScoreAUDITC(values(a.Items), sex, cutoffMen, cutoffWomen)
	return s
}

// Map returns the score as a submission's scores: total, cutoff,
// cutoff_basis and positive.
func (s AUDITCScore) Map() map[string]any {
	return map[string]any{"total": s.Total, "cutoff": s.Cutoff, "cutoff_basis": s.CutoffBasis, "positive": s.Positive}
}

// itemLines lists the items with their wording (AnswerLines).
func (a *AUDITCAnswers) itemLines(ptr string) []AnswerLine { return auditc.itemLines(ptr, a.Items) }
