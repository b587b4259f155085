package screening

import (
	"time"

	"github.com/consentry/consentry/forms"
)

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

	History *forms.MedicalHistoryAnswers
	// Medicines are the history's other medicines, each with the class
	// its name is recognised as (the patient's class when it is not).
	Medicines    []takenMedicine
	DiazepamEqMg float64
	// NewMedicines are the checklist's new or changed medicines, so
	// recognised.
	NewMedicines []takenMedicine
	Plan         *forms.TreatmentPlanAnswers
	Checklist    *forms.PreSessionChecklistAnswers
	PHQ9         *forms.PHQ9Score
	GAD7         *forms.GAD7Score
	PCL5         *forms.PCL5Score
	AUDITC       *forms.AUDITCScore
	SideEffects  *forms.SideEffects
	// Administration and Monitoring are the latest dosing day's records.
	Administration *forms.AdministrationAnswers
	Monitoring     *forms.MonitoringAnswers

	sources map[Evidence]source
}

// source is the record one kind of evidence came from.
type source struct {
	form, id string
	at       time.Time
}

func newFacts(pt Patient, now time.Time, plan *forms.TreatmentPlanAnswers) *Facts {
	f := &Facts{Sex: pt.Sex, sources: map[Evidence]source{}}
	if age, ok := pt.Age(now); ok {
		f.Age = &age
	}
	if plan != nil {
		// The plan is known (for a dose's mg/kg), though not screened
		// unless it is one of the records read.
		f.Setting, f.Plan = plan.Setting, plan
	}
	return f
}

// has reports whether the facts hold a kind of evidence.
func (f *Facts) has(e Evidence) bool {
	_, ok := f.sources[e]
	return ok
}
