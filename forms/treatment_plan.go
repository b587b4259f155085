package forms

import (
	"math"
	"slices"
)

// KindTreatmentPlan is the clinician's treatment plan: route, dose, number
// and spacing of sessions, setting and start (DOMAIN §1, step 3).
const KindTreatmentPlan = "treatment-plan"

// Routes of administration.
const (
	RouteIV         = "iv"
	RouteIM         = "im"
	RouteSublingual = "sublingual"
	RouteOral       = "oral"
	// RouteIntranasal is esketamine nasal spray (Spravato), given only in
	// a certified healthcare setting.
	RouteIntranasal = "intranasal"
)

// Settings of dosing sessions.
const (
	SettingClinic = "clinic"
	SettingAtHome = "at-home"
)

// TreatmentPlanAnswers are the answers of the treatment plan.
type TreatmentPlanAnswers struct {
	Route string `json:"route" validate:"required,oneof=iv im sublingual oral intranasal" desc:"iv and im: racemic ketamine by infusion or injection; sublingual and oral: ketamine lozenge or tablet; intranasal: esketamine nasal spray (Spravato)."`
	Dose  *Dose  `json:"dose" validate:"required" desc:"The dose per session, checked against the route's range: iv 0.1-1.0 mg/kg, im 0.1-1.5 mg/kg, sublingual or oral 25-300 mg, intranasal 56 or 84 mg."`
	// WeightKg is required for a dose in mg/kg.
	WeightKg    *float64 `json:"weight_kg,omitempty" validate:"omitempty,gte=30,lte=300" desc:"The patient's weight in kg; required for a dose in mg/kg."`
	Sessions    *int     `json:"sessions" validate:"required,min=1,max=52" desc:"Number of dosing sessions in this plan."`
	SpacingDays *int     `json:"spacing_days,omitempty" validate:"omitempty,min=1,max=90" desc:"Days between sessions; required when there is more than one session."`
	Setting     string   `json:"setting" validate:"required,oneof=clinic at-home" desc:"Where sessions take place. at-home is allowed only for sublingual or oral dosing."`
	// CertifiedSetting must be true for intranasal esketamine.
	CertifiedSetting  *bool  `json:"certified_setting,omitempty" desc:"The clinic is certified under the Spravato REMS; required and true for intranasal esketamine."`
	StartDate         string `json:"start_date" validate:"required,datetime=2006-01-02" desc:"The first session's earliest date, YYYY-MM-DD."`
	CapacityToConsent string `json:"capacity_to_consent" validate:"required,oneof=confirmed in-doubt" desc:"The clinician's judgement of the patient's capacity to consent to this treatment."`
	Notes             string `json:"notes,omitempty" validate:"omitempty,max=2000,text" desc:"Clinical notes on the plan."`
}

// Dose is an amount and its unit.
type Dose struct {
	Amount *float64 `json:"amount" validate:"required,gt=0,lte=1000"`
	Unit   string   `json:"unit" validate:"required,oneof=mg/kg mg"`
}

// DoseRange is the dose a plan may set for one route. A dose outside it
// is refused as a likely error; a clinic needing more publishes a new
// form version.
type DoseRange struct {
	Unit     string
	Min, Max float64
	// Allowed, when set, lists the only doses.
	Allowed []float64
	// Typical is the top of the usual range; higher doses get an info
	// flag. Zero means none.
	Typical float64
	Source  string
}

// doseRanges are the per-route dose ranges of the 2026-11 plan.
var doseRanges = map[string]DoseRange{
	RouteIV: {Unit: "mg/kg", Min: 0.1, Max: 1.0, Typical: 0.5,
		Source: "0.5 mg/kg over about 40 minutes is usual, some clinics use up to 1.0 mg/kg (DOMAIN §1); 0.1-1.0 mg/kg is the range of the dose-finding trial of Fava et al. (Mol Psychiatry 2020)"},
	RouteIM: {Unit: "mg/kg", Min: 0.1, Max: 1.5, Typical: 1.0,
		Source: "IM ketamine is about 93% bioavailable, so doses follow IV practice; KAP trials use 0.5-0.75 mg/kg (e.g. NCT05468047); the 1.5 mg/kg ceiling guards against entry errors"},
	RouteSublingual: {Unit: "mg", Min: 25, Max: 300,
		Source: "fixed sublingual or oral doses of 25-300 mg in published practice (DOMAIN §1; Andrade, J Clin Psychiatry 2019, oral ketamine review)"},
	RouteOral: {Unit: "mg", Min: 25, Max: 300,
		Source: "fixed sublingual or oral doses of 25-300 mg in published practice (DOMAIN §1; Andrade, J Clin Psychiatry 2019, oral ketamine review)"},
	RouteIntranasal: {Unit: "mg", Allowed: []float64{56, 84},
		Source: "Spravato (esketamine) label: 56 or 84 mg a session, in a healthcare setting certified under the Spravato REMS"},
}

// DoseRangeFor returns the dose range the 2026-11 treatment plan allows
// for a route, and false for an unknown route.
func DoseRangeFor(route string) (DoseRange, bool) {
	r, ok := doseRanges[route]
	return r, ok
}

// inRange reports whether a dose amount is allowed by r.
func (r DoseRange) inRange(amount float64) bool {
	if len(r.Allowed) > 0 {
		return slices.Contains(r.Allowed, amount)
	}
	return amount >= r.Min && amount <= r.Max
}

// MgPerSession is the planned dose in mg: the amount for a dose in mg, or
// amount times weight for mg/kg, rounded to 0.1 mg; false when it cannot
// be worked out.
func (a *TreatmentPlanAnswers) MgPerSession() (float64, bool) {
	if a.Dose == nil || a.Dose.Amount == nil {
		return 0, false
	}
	switch {
	case a.Dose.Unit == "mg":
		return *a.Dose.Amount, true
	case a.Dose.Unit == "mg/kg" && a.WeightKg != nil:
		return math.Round(*a.Dose.Amount**a.WeightKg*10) / 10, true
	}
	return 0, false
}
