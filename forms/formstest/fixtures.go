package formstest

import (
	"encoding/json"
	"testing"
	"time"
)

// Valid answers of every kind, as JSON-shaped maps, for tests to break one
// field at a time. Each describes a clean patient: no flags.

func History() map[string]any {
	item := func() map[string]any { return map[string]any{"frequency": "none", "last_use": "never"} }
	return map[string]any{
		"medications": map[string]any{
			"benzodiazepines": []any{},
			"other":           []any{map[string]any{"name": "sertraline", "class": "antidepressant", "dose": 100, "unit": "mg", "frequency": "once-daily"}},
		},
		"allergies": []any{map[string]any{"substance": "penicillin", "reaction": "rash", "severity": "mild"}},
		"psychiatric": map[string]any{
			"diagnoses": []any{"major-depression", "generalised-anxiety"}, "psychosis": "never", "mania": "never",
			"hospitalisations": 0, "last_hospitalisation": "never", "suicidal_thoughts": "never", "suicide_attempt": "never",
			"prior_ketamine": map[string]any{"treated": false, "products": []any{}, "reactions": []any{}},
		},
		"substance_use": map[string]any{
			"alcohol": map[string]any{"frequency": "monthly", "last_use": "past-month"}, "cannabis": item(), "ketamine_pcp": item(),
			"opioids": item(), "stimulants": item(), "sedatives": item(), "hallucinogens": item(), "other": item(),
			"disorder": "never", "treatment": "never",
		},
		"medical": map[string]any{
			"hypertension": "none", "unstable_angina": false, "heart_attack": "never", "heart_failure": false, "arrhythmia": false,
			"aneurysm_or_avm": false, "brain_bleed": false, "stroke": false, "intracranial_pressure_or_mass": false, "seizures": false,
			"hyperthyroidism": "none", "liver_disease": "none", "bladder_problems": false, "brain_injury": "none", "dementia": false,
		},
		"pregnancy": map[string]any{"pregnant": "no", "breastfeeding": false},
		"vitals":    map[string]any{"systolic": 118, "diastolic": 76, "heart_rate": 72, "measured_on": "2026-10-15"},
	}
}

func Plan() map[string]any {
	return map[string]any{
		"route": "iv", "dose": map[string]any{"amount": 0.5, "unit": "mg/kg"}, "weight_kg": 70,
		"sessions": 6, "spacing_days": 3, "setting": "clinic", "start_date": "2026-11-20",
		"capacity_to_consent": "confirmed",
	}
}

func Checklist() map[string]any {
	return map[string]any{
		"session_date": "2026-11-24", "route": "iv",
		"vitals":           map[string]any{"systolic": 124, "diastolic": 80, "heart_rate": 74, "spo2": 98, "respiratory_rate": 14},
		"hours_since_food": 6, "hours_since_clear_liquids": 3,
		"last_24_hours":    map[string]any{"alcohol": false, "cannabis": false, "sedatives": false, "opioids": false, "stimulants": false, "lamotrigine": false},
		"escort_confirmed": true, "pregnancy": "no", "breastfeeding": false, "new_medications": []any{},
		"mood": 5, "self_harm_thoughts": false, "unwell": false, "wants_to_proceed": true,
	}
}

func Followup() map[string]any {
	return map[string]any{
		"phq9": map[string]any{"items": []any{1, 1, 1, 0, 0, 1, 0, 0, 0}, "difficulty": 1},
		"gad7": map[string]any{"items": []any{1, 1, 0, 0, 0, 1, 0}},
		"side_effects": map[string]any{
			"bladder": map[string]any{"urgency": false, "frequency": false, "pain": false, "blood": false},
			"memory":  "none", "cravings": "none",
		},
		"reflections": "I felt calmer this week.\nI slept better.",
	}
}

func Preparation() map[string]any {
	return map[string]any{
		"intentions": "To understand my grief.\n\nTo feel less stuck.",
		"support_people": []any{map[string]any{"name": "Ola Ødegård", "relationship": "partner", "phone": "+4722334455",
			"roles": []any{"escort-home", "stays-after-session"}}},
		"concern_topics": []any{"nausea"},
		"concerns":       "I get car sick.",
	}
}

// Administration is a clean administration record: IV ketamine 35 mg
// (0.5 mg/kg of the plan's 70 kg), in person.
func Administration() map[string]any {
	return map[string]any{
		"session_date": "2026-11-24", "drug": "ketamine", "route": "iv", "dose_mg": 35,
		"product":    map[string]any{"lot_number": "KX2611A", "expiry_date": "2027-06-30", "compounded": false},
		"start_time": "10:05", "end_time": "10:45",
		"monitoring": map[string]any{"clinician": "Sam Okafor", "credentials": "RN", "setting": "Harbor KAP Clinic, Room 2", "mode": "in-person"},
	}
}

// Monitoring is a clean monitoring record: 2 hours 10 minutes, vital signs
// back to baseline, discharged with an escort.
func Monitoring() map[string]any {
	reading := func(at string, sys, dia, hr, spo2 int) map[string]any {
		return map[string]any{"time": at, "systolic": sys, "diastolic": dia, "heart_rate": hr, "spo2": spo2}
	}
	return map[string]any{
		"session_date": "2026-11-24", "route": "iv", "dose_time": "10:05",
		"pre_dose": reading("09:55", 124, 80, 74, 98), "at_40_minutes": reading("10:45", 138, 88, 82, 97),
		"before_discharge": reading("12:10", 126, 82, 76, 98), "pulse_oximetry": true,
		"sedation":               map[string]any{"observed": true, "moaas_lowest": 4},
		"dissociation":           map[string]any{"observed": true, "cadss_total": 18},
		"respiratory_depression": map[string]any{"observed": false},
		"adverse_events":         []any{"nausea"}, "sedating_comedications": []any{},
		"discharge_time": "12:15",
		"discharge": map[string]any{"decision": "discharged", "vital_signs_acceptable": true, "alert_and_oriented": true,
			"escort": true, "escort_name": "Ola Ødegård"},
	}
}

// Answers returns valid answers of a kind.
func Answers(kind string) map[string]any {
	switch kind {
	case "medical-history":
		return History()
	case "treatment-plan":
		return Plan()
	case "pre-session-checklist":
		return Checklist()
	case "administration-record":
		return Administration()
	case "monitoring-record":
		return Monitoring()
	case "integration-followup":
		return Followup()
	case "preparation":
		return Preparation()
	case "phq-9":
		return map[string]any{"items": []any{2, 2, 1, 2, 1, 1, 1, 0, 0}, "difficulty": 2}
	case "gad-7":
		return map[string]any{"items": []any{2, 1, 2, 1, 0, 1, 1}}
	case "pcl-5":
		return map[string]any{"items": []any{1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1}}
	case "audit-c":
		return map[string]any{"items": []any{1, 0, 0}}
	}
	return nil
}

// Body returns a complete, valid submission body of a kind. The consent
// (kap-consent) is not here: its initials and clauses follow its
// definition, which forms' own tests build from.
func Body(tb testing.TB, kind string) map[string]any {
	tb.Helper()
	if kind == "kap-consent" {
		tb.Fatal("formstest.Body: no kap-consent body")
	}
	sig := map[string]any{"typed_name": "Jane Doe", "intent": true}
	if kind == "treatment-plan" || kind == "administration-record" || kind == "monitoring-record" {
		sig = map[string]any{"typed_name": "Dr Ana Souza", "intent": true, "credentials": "MD, DEA-registered"}
	}
	return map[string]any{
		"form": kind, "version": "2026-11",
		"patient_id":                 "01a214a6-2ae0-7244-9c97-75faa9428252",
		"answers":                    Answers(kind),
		"signature":                  sig,
		"electronic_records_consent": true,
	}
}

// At returns the map at a path of keys (and int indices) inside m.
func At(m any, path ...any) map[string]any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m = m.(map[string]any)[k]
		case int:
			m = m.([]any)[k]
		}
	}
	return m.(map[string]any)
}

// JSON encodes v, failing the test if it cannot.
func JSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Date returns noon UTC of a YYYY-MM-DD date.
func Date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour)
}

// Items returns n instrument items with the given total spread from the
// front, each at most max.
func Items(n, max, total int) []int {
	v := make([]int, n)
	for i := range v {
		v[i] = min(max, total)
		total -= v[i]
	}
	return v
}
