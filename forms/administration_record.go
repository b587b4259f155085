package forms

import (
	"math"
	"reflect"
	"time"
)

// KindAdministrationRecord is the clinician's record of one dose given
// (DOMAIN §7): drug, route, dose, lot and expiry, start time, who monitors
// and where. It is kept for the clinic's record and for the DEA's
// two-year record keeping of Schedule III substances (21 CFR 1304.04).
const KindAdministrationRecord = "administration-record"

// ClockLayout is the layout of a clock time on the dosing-day records:
// the clinic's local time, HH:MM, on the session's date.
const ClockLayout = "15:04"

// clockPattern is ClockLayout's JSON Schema pattern.
const clockPattern = `^([01][0-9]|2[0-3]):[0-5][0-9]$`

// Drugs a dosing session gives.
const (
	DrugKetamine   = "ketamine"
	DrugEsketamine = "esketamine"
)

// AdministrationAnswers are the answers of the administration record.
type AdministrationAnswers struct {
	SessionDate string   `json:"session_date" validate:"required,datetime=2006-01-02" desc:"The session's date, YYYY-MM-DD: today (one day either side for time zones)."`
	Drug        string   `json:"drug" validate:"required,oneof=ketamine esketamine" desc:"ketamine: racemic ketamine (IV, IM, sublingual, oral); esketamine: Spravato nasal spray, the only intranasal product."`
	Route       string   `json:"route" validate:"required,oneof=iv im sublingual oral intranasal" desc:"The route given; it must be the treatment plan's."`
	DoseMg      *float64 `json:"dose_mg" validate:"required,gt=0,lte=1000" desc:"The total dose given, in mg. The mg/kg is worked out from the treatment plan's weight."`
	// Product is the lot given.
	Product    *AdministeredProduct `json:"product" validate:"required" desc:"The product given."`
	StartTime  string               `json:"start_time" validate:"required,datetime=15:04" desc:"When the dose started (first spray, start of the infusion or injection, lozenge placed), HH:MM local time."`
	EndTime    string               `json:"end_time,omitempty" validate:"omitempty,datetime=15:04" desc:"When an infusion ended, HH:MM local time."`
	Monitoring *MonitoringProvider  `json:"monitoring" validate:"required" desc:"Who monitors the patient, where, and how."`
	Notes      string               `json:"notes,omitempty" validate:"omitempty,max=2000,text" desc:"Notes on the administration."`
}

// AdministeredProduct is the lot a dose came from.
type AdministeredProduct struct {
	LotNumber  string `json:"lot_number" validate:"required,max=40,text" desc:"The lot (batch) number on the vial, device or package."`
	ExpiryDate string `json:"expiry_date" validate:"required,datetime=2006-01-02" desc:"The lot's expiry date, YYYY-MM-DD; not before the session."`
	NDC        string `json:"ndc,omitempty" validate:"omitempty,max=20,text" desc:"The product's National Drug Code, if known."`
	Compounded *bool  `json:"compounded" validate:"required" desc:"The product was compounded (e.g. a compounded ketamine lozenge)."`
}

// MonitoringProvider is who monitors the patient after a dose, and where.
type MonitoringProvider struct {
	Clinician   string `json:"clinician" validate:"required,max=200,text" desc:"The monitoring clinician's name."`
	Credentials string `json:"credentials" validate:"required,max=100,text" desc:"Their credentials, e.g. RN, MD."`
	Setting     string `json:"setting" validate:"required,max=200,text" desc:"The healthcare setting's name and address, or at-home."`
	// REMSSettingID is the Spravato REMS certified setting's id, for
	// esketamine.
	REMSSettingID string `json:"rems_setting_id,omitempty" validate:"omitempty,max=40,text" desc:"The Spravato REMS certified healthcare setting's id; for esketamine."`
	Mode          string `json:"mode" validate:"required,oneof=in-person telehealth" desc:"in-person: the monitoring clinician is with the patient; telehealth: by video (at-home sublingual or oral dosing only)."`
}

// checkAdministration applies the administration record's checks in Go.
func checkAdministration(a *AdministrationAnswers, p *problems) {
	if a.Drug == DrugEsketamine && a.Route != "" && a.Route != RouteIntranasal {
		p.add("/answers/route", "drug_route", "must be intranasal for esketamine")
	}
	if a.Drug == DrugKetamine && a.Route == RouteIntranasal {
		p.add("/answers/drug", "drug_route", "must be esketamine for the intranasal route: the only intranasal product is esketamine (Spravato)")
	}
	if a.Drug == DrugEsketamine && a.DoseMg != nil && *a.DoseMg != 56 && *a.DoseMg != 84 && *a.DoseMg != 28 {
		p.add("/answers/dose_mg", "dose_range", "must be 28, 56 or 84 mg for esketamine: one to three 28 mg devices")
	}
	if m := a.Monitoring; m != nil && a.Drug == DrugEsketamine {
		if m.Mode == "telehealth" {
			p.add("/answers/monitoring/mode", "rems", "must be in-person: the Spravato REMS requires monitoring in the certified healthcare setting")
		}
		if m.REMSSettingID == "" {
			p.add("/answers/monitoring/rems_setting_id", "required", "is required for esketamine: the REMS Patient Monitoring Form names the certified setting")
		}
	}
	if pr := a.Product; pr != nil && pr.ExpiryDate != "" && a.SessionDate != "" && pr.ExpiryDate < a.SessionDate {
		if _, err := time.Parse(time.DateOnly, pr.ExpiryDate); err == nil {
			p.add("/answers/product/expiry_date", "expired", "is before the session: an expired lot must not be given")
		}
	}
	_, errStart := time.Parse(ClockLayout, a.StartTime)
	_, errEnd := time.Parse(ClockLayout, a.EndTime)
	if errStart == nil && errEnd == nil && a.EndTime < a.StartTime {
		p.add("/answers/end_time", "order", "must not be before the start time")
	}
}

// CheckAdministration is the hook for the checks that need the treatment
// plan and the clock: a plan must exist, the route must be the plan's, the
// session must be today and not before the plan's start.
func CheckAdministration(a *AdministrationAnswers, plan *TreatmentPlanAnswers, now time.Time) []FieldError {
	return checkDosingDay(a.SessionDate, a.Route, plan, now)
}

// checkDosingDay is CheckSession's date, plan and route checks, for the
// dosing-day records.
func checkDosingDay(sessionDate, route string, plan *TreatmentPlanAnswers, now time.Time) []FieldError {
	c := PreSessionChecklistAnswers{SessionDate: sessionDate, Route: route}
	return CheckSession(&c, plan, now)
}

// MgPerKg is the dose in mg/kg from the plan's weight, rounded to 0.01,
// and false without a weight.
func (a *AdministrationAnswers) MgPerKg(plan *TreatmentPlanAnswers) (float64, bool) {
	if a.DoseMg == nil || plan == nil || plan.WeightKg == nil || *plan.WeightKg <= 0 {
		return 0, false
	}
	return math.Round(*a.DoseMg / *plan.WeightKg * 100) / 100, true
}

func parseAdministration(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers(req, v, checkAdministration)
}

func administrationSchema(*Definition) map[string]any {
	s := schemaOf(reflect.TypeFor[AdministrationAnswers]())
	addAllOf(s,
		ifConst("drug", DrugEsketamine, map[string]any{
			"properties": map[string]any{
				"route":      map[string]any{"const": RouteIntranasal},
				"dose_mg":    map[string]any{"enum": []float64{28, 56, 84}},
				"monitoring": map[string]any{"properties": map[string]any{"mode": map[string]any{"const": "in-person"}}, "required": []string{"rems_setting_id"}},
			},
		}, nil),
		ifConst("drug", DrugKetamine, map[string]any{
			"properties": map[string]any{"route": map[string]any{"not": map[string]any{"const": RouteIntranasal}}},
		}, nil))
	return s
}
