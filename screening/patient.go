package screening

import (
	"time"

	"github.com/consentry/consentry/forms"
)

// Patient is what the caller knows about the patient beyond the records
// screening reads: it comes from the patient record and the patient's
// latest treatment plan, never from a submission body. The clock is not
// part of it: Assess and Screen take it as now.
type Patient struct {
	// Sex is the patient record's sex: "female", "male", "other" or
	// "unknown" ("" if not known). AUDIT-C uses the men's cutoff only for
	// "male".
	Sex string
	// BirthDate is the patient record's birth date, YYYY-MM-DD ("" if not
	// known; then the age rules cannot fire).
	BirthDate string
	// Plan is the patient's current treatment plan, if any: its setting
	// picks the pre-session blood pressure thresholds. Without a plan both
	// the in-clinic and the at-home thresholds apply.
	Plan *forms.TreatmentPlanAnswers
}

// Age returns the patient's age in whole years on now's date, and false
// when the birth date or the clock is missing or the birth date is after
// now. A 29 February birthday counts from 1 March in other years.
func (p Patient) Age(now time.Time) (int, bool) {
	if p.BirthDate == "" || now.IsZero() {
		return 0, false
	}
	bd, err := time.Parse(time.DateOnly, p.BirthDate)
	if err != nil {
		return 0, false
	}
	y, m, d := now.Date()
	age := y - bd.Year()
	if m < bd.Month() || (m == bd.Month() && d < bd.Day()) {
		age--
	}
	if age < 0 {
		return 0, false
	}
	return age, true
}
