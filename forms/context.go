package forms

import "time"

// Context is what the caller knows about the patient beyond the
// submission: it comes from the patient record and the patient's latest
// treatment plan, never from the submission body.
type Context struct {
	// Sex is the patient record's sex: "female", "male", "other" or
	// "unknown" ("" if not known). AUDIT-C uses the men's cutoff only for
	// "male".
	Sex string
	// BirthDate is the patient record's birth date, YYYY-MM-DD ("" if not
	// known; then the age rules cannot fire).
	BirthDate string
	// Now is the server's clock. Ages are worked out as of its date.
	Now time.Time
	// Plan is the patient's current treatment plan, if any: its setting
	// picks the pre-session blood pressure thresholds. Without a plan both
	// the in-clinic and the at-home thresholds apply.
	Plan *TreatmentPlanAnswers
}

// Age returns the patient's age in whole years on Now's date, and false
// when the birth date or the clock is missing or the birth date is after
// Now. A 29 February birthday counts from 1 March in other years.
func (c Context) Age() (int, bool) {
	if c.BirthDate == "" || c.Now.IsZero() {
		return 0, false
	}
	bd, err := time.Parse(time.DateOnly, c.BirthDate)
	if err != nil {
		return 0, false
	}
	y, m, d := c.Now.Date()
	age := y - bd.Year()
	if m < bd.Month() || (m == bd.Month() && d < bd.Day()) {
		age--
	}
	if age < 0 {
		return 0, false
	}
	return age, true
}
