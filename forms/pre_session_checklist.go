package forms

import "time"

// KindPreSessionChecklist is the pre-dose checklist of one dosing
// session: the patient attests, a clinician confirms (DOMAIN §1, step 6).
const KindPreSessionChecklist = "pre-session-checklist"

// PreSessionChecklistAnswers are the answers of the pre-session checklist.
type PreSessionChecklistAnswers struct {
	SessionDate            string         `json:"session_date" validate:"required,datetime=2006-01-02" desc:"The session's date, YYYY-MM-DD: today, and not before the treatment plan's start date."`
	Route                  string         `json:"route" validate:"required,oneof=iv im sublingual oral intranasal" desc:"Today's route; it must be the treatment plan's."`
	Vitals                 *SessionVitals `json:"vitals" validate:"required" desc:"Resting vital signs taken before the dose."`
	HoursSinceFood         *float64       `json:"hours_since_food" validate:"required,gte=0,lte=168" desc:"How many hours since you last ate anything, including milk, gum or sweets?"`
	HoursSinceClearLiquids *float64       `json:"hours_since_clear_liquids" validate:"required,gte=0,lte=168" desc:"How many hours since you last drank a clear liquid: water, clear juice, black tea or coffee?"`
	Last24Hours            *Last24Hours   `json:"last_24_hours" validate:"required" desc:"In the last 24 hours, have you had any of these?"`
	EscortConfirmed        *bool          `json:"escort_confirmed" validate:"required" desc:"An adult will take you home after the session (for an at-home session: an adult monitor will stay with you), and you will not drive until the next day after sleep."`
	Pregnancy              string         `json:"pregnancy" validate:"required,oneof=no yes unsure not-applicable" desc:"Are you pregnant, or could you be? not-applicable if you cannot become pregnant."`
	Breastfeeding          *bool          `json:"breastfeeding" validate:"required" desc:"Are you breastfeeding or pumping breast milk?"`
	NewMedications         []Medication   `json:"new_medications" validate:"required,max=20,dive" desc:"Medicines you started or changed since your last visit. An empty list means none."`
	// NewBenzodiazepines are optional, so that checklists signed before
	// the member existed still decode.
	NewBenzodiazepines []BenzodiazepineDose `json:"new_benzodiazepines,omitempty" validate:"omitempty,max=10,dive" desc:"Benzodiazepines you started, or whose dose changed, since your last visit, with the dose you take now: for example alprazolam (Xanax), clonazepam (Klonopin), diazepam (Valium) or lorazepam (Ativan). Leave out or empty for none."`
	Mood               *int                 `json:"mood" validate:"required,min=0,max=10" desc:"How is your mood today, from 0 (the worst it could be) to 10 (the best)?"`
	SelfHarmThoughts   *bool                `json:"self_harm_thoughts" validate:"required" desc:"Since your last visit, have you had thoughts of ending your life or of hurting yourself?"`
	Unwell             *bool                `json:"unwell" validate:"required" desc:"Are you unwell today: fever, vomiting, chest pain, trouble breathing, a new severe headache or a new infection?"`
	WantsToProceed     *bool                `json:"wants_to_proceed" validate:"required" desc:"Do you still want to go ahead today? You can say no, and you can stop at any time before the dose."`
}

// SessionVitals are the resting vital signs taken before a dose. Values a
// living, conscious patient cannot have are refused as entry errors.
type SessionVitals struct {
	Systolic        *int `json:"systolic" validate:"required,min=60,max=300" desc:"Systolic blood pressure, mmHg."`
	Diastolic       *int `json:"diastolic" validate:"required,min=30,max=200" desc:"Diastolic blood pressure, mmHg; below the systolic."`
	HeartRate       *int `json:"heart_rate" validate:"required,min=25,max=250" desc:"Heart rate, beats a minute."`
	SpO2            *int `json:"spo2" validate:"required,min=50,max=100" desc:"Oxygen saturation by pulse oximeter, percent."`
	RespiratoryRate *int `json:"respiratory_rate,omitempty" validate:"omitempty,min=4,max=60" desc:"Breaths a minute, if counted."`
}

// Last24Hours is what the patient took in the 24 hours before the
// session. Each is something clinics ask patients to hold for 24 hours
// (DOMAIN §2, preparation).
type Last24Hours struct {
	Alcohol     *bool `json:"alcohol" validate:"required"`
	Cannabis    *bool `json:"cannabis" validate:"required"`
	Sedatives   *bool `json:"sedatives" validate:"required" desc:"Benzodiazepines, sleeping pills or other sedating medicines."`
	Opioids     *bool `json:"opioids" validate:"required" desc:"Any opioid, prescribed or not."`
	Stimulants  *bool `json:"stimulants" validate:"required" desc:"Stimulants, prescribed or not, including ADHD medicines."`
	Lamotrigine *bool `json:"lamotrigine" validate:"required" desc:"Lamotrigine (Lamictal)."`
}

// Date returns the checklist's session date (midnight UTC). The
// caller checks it against the treatment plan with CheckSession.
func (a *PreSessionChecklistAnswers) Date() (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, a.SessionDate)
	return t, err == nil
}
