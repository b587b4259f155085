package forms

import "time"

// Facts are what screening knows about one patient: the decoded answers
// of their records, the scores worked out from them, and where each came
// from. Rules read Facts; nothing else.
type Facts struct {
	// Age is the patient's age in whole years, if the birth date is known.
	Age *int
	Sex string
	// Setting is the planned setting of dosing sessions: "clinic",
	// "at-home", or "" when no plan is known.
	Setting string

	History      *MedicalHistoryAnswers
	DiazepamEqMg float64
	Plan         *TreatmentPlanAnswers
	Checklist    *PreSessionChecklistAnswers
	PHQ9         *PHQ9Score
	GAD7         *GAD7Score
	PCL5         *PCL5Score
	AUDITC       *AUDITCScore
	SideEffects  *SideEffects

	sources map[Evidence]source
}

// source is the record one kind of evidence came from.
type source struct {
	form, id string
	at       time.Time
}

func newFacts(ctx Context, plan *TreatmentPlanAnswers) *Facts {
	f := &Facts{Sex: ctx.Sex, sources: map[Evidence]source{}}
	if age, ok := ctx.Age(); ok {
		f.Age = &age
	}
	if plan != nil {
		f.Setting = plan.Setting
	}
	return f
}

// has reports whether the facts hold a kind of evidence.
func (f *Facts) has(e Evidence) bool {
	_, ok := f.sources[e]
	return ok
}
