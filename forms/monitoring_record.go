package forms

import (
	"reflect"
	"time"
)

// KindMonitoringRecord is the clinician's record of the monitoring after
// a dose (DOMAIN §7): vital signs before dosing, at about 40 minutes and
// before discharge; sedation, dissociation and respiratory depression;
// the monitoring time; the discharge decision and escort. For esketamine
// it holds what the Spravato REMS Patient Monitoring Form asks.
const KindMonitoringRecord = "monitoring-record"

// MonitoringAnswers are the answers of the monitoring record.
type MonitoringAnswers struct {
	SessionDate string `json:"session_date" validate:"required,datetime=2006-01-02" desc:"The session's date, YYYY-MM-DD: today (one day either side for time zones)."`
	Route       string `json:"route" validate:"required,oneof=iv im sublingual oral intranasal" desc:"The route given; it must be the treatment plan's."`
	DoseTime    string `json:"dose_time" validate:"required,datetime=15:04" desc:"When the dose was given (the administration record's start time), HH:MM local time. Monitoring time counts from here."`
	// The three readings the REMS form asks for.
	PreDose         *VitalReading `json:"pre_dose" validate:"required" desc:"Vital signs before dosing."`
	At40Minutes     *VitalReading `json:"at_40_minutes" validate:"required" desc:"Vital signs at about 40 minutes after the dose."`
	BeforeDischarge *VitalReading `json:"before_discharge" validate:"required" desc:"Vital signs before discharge."`
	PulseOximetry   *bool         `json:"pulse_oximetry" validate:"required" desc:"Pulse oximetry was used throughout monitoring (the Spravato REMS requires it)."`
	// Observed effects, with a standard scale where one is in use.
	Sedation              *SedationObservation     `json:"sedation" validate:"required" desc:"Sedation observed during monitoring."`
	Dissociation          *DissociationObservation `json:"dissociation" validate:"required" desc:"Dissociation observed during monitoring."`
	RespiratoryDepression *RespiratoryObservation  `json:"respiratory_depression" validate:"required" desc:"Respiratory depression observed during monitoring."`
	AdverseEvents         []string                 `json:"adverse_events" validate:"required,max=10,dive,oneof=nausea vomiting headache dizziness blurred-vision anxiety agitation emergence-reaction hypertension tachycardia other" desc:"Other adverse effects observed. An empty list means none."`
	SedatingComedications []string                 `json:"sedating_comedications" validate:"required,max=20,dive,required,max=100,text" desc:"Sedating medicines the patient takes (benzodiazepines, opioids, sleep medicines), as the REMS form asks. An empty list means none."`
	DischargeTime         string                   `json:"discharge_time" validate:"required,datetime=15:04" desc:"When the patient was discharged (or monitoring ended), HH:MM local time."`
	Discharge             *Discharge               `json:"discharge" validate:"required" desc:"The discharge decision."`
	Notes                 string                   `json:"notes,omitempty" validate:"omitempty,max=2000,text" desc:"Notes on the monitoring."`
}

// VitalReading is one set of vital signs at a time.
type VitalReading struct {
	Time      string `json:"time" validate:"required,datetime=15:04" desc:"HH:MM local time."`
	Systolic  *int   `json:"systolic" validate:"required,min=60,max=300" desc:"Systolic blood pressure, mmHg."`
	Diastolic *int   `json:"diastolic" validate:"required,min=30,max=200" desc:"Diastolic blood pressure, mmHg; below the systolic."`
	HeartRate *int   `json:"heart_rate" validate:"required,min=25,max=250" desc:"Heart rate, beats a minute."`
	SpO2      *int   `json:"spo2" validate:"required,min=50,max=100" desc:"Oxygen saturation by pulse oximeter, percent."`
}

// SedationObservation is sedation observed, with the lowest MOAA/S score.
type SedationObservation struct {
	Observed *bool `json:"observed" validate:"required" desc:"Sedation was observed."`
	MOAAS    *int  `json:"moaas_lowest,omitempty" validate:"omitempty,min=0,max=5" desc:"The lowest Modified Observer's Assessment of Alertness/Sedation score (5 responds readily to name, 0 no response to a painful stimulus), if scored."`
}

// DissociationObservation is dissociation observed, with the CADSS total.
type DissociationObservation struct {
	Observed *bool `json:"observed" validate:"required" desc:"Dissociation was observed."`
	CADSS    *int  `json:"cadss_total,omitempty" validate:"omitempty,min=0,max=92" desc:"The Clinician-Administered Dissociative States Scale total (23 items, 0-4 each), if scored."`
}

// RespiratoryObservation is respiratory depression observed.
type RespiratoryObservation struct {
	Observed       *bool `json:"observed" validate:"required" desc:"Respiratory depression was observed."`
	LowestSpO2     *int  `json:"lowest_spo2,omitempty" validate:"omitempty,min=50,max=100" desc:"The lowest SpO2 during monitoring, percent."`
	LowestRespRate *int  `json:"lowest_respiratory_rate,omitempty" validate:"omitempty,min=0,max=60" desc:"The lowest respiratory rate during monitoring, breaths a minute."`
	Intervention   *bool `json:"intervention,omitempty" desc:"An intervention (stimulation, oxygen, airway support) was needed."`
}

// Discharge is the discharge decision.
type Discharge struct {
	Decision             string `json:"decision" validate:"required,oneof=discharged transferred extended-observation" desc:"discharged home; transferred to emergency care; extended-observation: kept for further monitoring (the record ends at discharge_time)."`
	VitalSignsAcceptable *bool  `json:"vital_signs_acceptable" validate:"required" desc:"Vital signs were acceptable for discharge, in the clinician's judgement."`
	AlertAndOriented     *bool  `json:"alert_and_oriented" validate:"required" desc:"The patient was alert and oriented at discharge."`
	Escort               *bool  `json:"escort" validate:"required" desc:"An adult escort took the patient home."`
	EscortName           string `json:"escort_name,omitempty" validate:"omitempty,max=200,text" desc:"The escort's name."`
}

// MonitoringMinutes is the time from the dose to discharge, in minutes,
// and false when the times are missing or out of order.
func (a *MonitoringAnswers) MonitoringMinutes() (int, bool) {
	dose, err1 := time.Parse(ClockLayout, a.DoseTime)
	out, err2 := time.Parse(ClockLayout, a.DischargeTime)
	if err1 != nil || err2 != nil || out.Before(dose) {
		return 0, false
	}
	return int(out.Sub(dose) / time.Minute), true
}

// checkMonitoring applies the monitoring record's checks in Go: readings
// in time order around the dose, and each blood pressure's order.
func checkMonitoring(a *MonitoringAnswers, p *problems) {
	type at struct {
		ptr, t string
	}
	seq := []at{}
	for _, r := range []struct {
		ptr string
		v   *VitalReading
	}{{"pre_dose", a.PreDose}, {"at_40_minutes", a.At40Minutes}, {"before_discharge", a.BeforeDischarge}} {
		if r.v == nil {
			continue
		}
		if r.v.Systolic != nil && r.v.Diastolic != nil && *r.v.Systolic <= *r.v.Diastolic {
			p.add("/answers/"+r.ptr+"/diastolic", "order", "must be lower than the systolic pressure")
		}
		if r.ptr == "pre_dose" {
			seq = append(seq, at{"/answers/pre_dose/time", r.v.Time}, at{"/answers/dose_time", a.DoseTime})
			continue
		}
		seq = append(seq, at{"/answers/" + r.ptr + "/time", r.v.Time})
	}
	seq = append(seq, at{"/answers/discharge_time", a.DischargeTime})
	last := ""
	for _, s := range seq {
		if _, err := time.Parse(ClockLayout, s.t); err != nil {
			continue
		}
		if last != "" && s.t < last {
			p.add(s.ptr, "order", "must not be before the time before it (pre-dose reading, dose, 40-minute reading, discharge reading, discharge)")
		}
		last = s.t
	}
	if d := a.Discharge; d != nil && d.Escort != nil && *d.Escort && d.EscortName == "" {
		p.add("/answers/discharge/escort_name", "required", "is required when an escort took the patient home")
	}
}

// CheckMonitoring is the hook for the checks that need the treatment plan
// and the clock, as CheckAdministration.
func CheckMonitoring(a *MonitoringAnswers, plan *TreatmentPlanAnswers, now time.Time) []FieldError {
	return checkDosingDay(a.SessionDate, a.Route, plan, now)
}

func parseMonitoring(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers(req, v, checkMonitoring)
}

func monitoringSchema(*Definition) map[string]any {
	s := schemaOf(reflect.TypeFor[MonitoringAnswers]())
	addAllOf(s, map[string]any{
		"if":   props("discharge", map[string]any{"properties": map[string]any{"escort": map[string]any{"const": true}}, "required": []string{"escort"}}),
		"then": props("discharge", map[string]any{"required": []string{"escort_name"}}),
	})
	return s
}
