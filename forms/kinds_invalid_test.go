package forms

import (
	"strings"

	"github.com/consentry/consentry/forms/formstest"
)

// invalidKindCases lists, for every kind but the consent (see
// invalidConsentCases), bodies broken one way and the problems the server
// must report for each.
func invalidKindCases() map[string][]invalidCase {
	items := func(vs ...any) func(b map[string]any) {
		return func(b map[string]any) { b["answers"].(map[string]any)["items"] = vs }
	}
	set := func(v any, path ...any) func(b map[string]any) {
		return func(b map[string]any) { formstest.At(b, path[:len(path)-1]...)[path[len(path)-1].(string)] = v }
	}
	del := func(path ...any) func(b map[string]any) {
		return func(b map[string]any) { delete(formstest.At(b, path[:len(path)-1]...), path[len(path)-1].(string)) }
	}
	both := func(fs ...func(map[string]any)) func(map[string]any) {
		return func(b map[string]any) {
			for _, f := range fs {
				f(b)
			}
		}
	}
	return map[string][]invalidCase{
		KindPHQ9: {
			{name: "item above 3", mutate: items(0, 1, 2, 4, 0, 0, 0, 0, 0), want: []string{"/answers/items/3 max"}},
			{name: "negative item", mutate: items(-1, 1, 2, 3, 0, 0, 0, 0, 0), want: []string{"/answers/items/0 min"}},
			{name: "eight items", mutate: items(0, 1, 2, 3, 0, 0, 0, 0), want: []string{"/answers/items len"}},
			{name: "ten items", mutate: items(0, 1, 2, 3, 0, 0, 0, 0, 0, 0), want: []string{"/answers/items len"}},
			{name: "fractional and string items", mutate: items(0, 1, 1.5, 3, "2", 0, 0, 0, 0), want: []string{"/answers/items/2 type", "/answers/items/4 type"}},
			{name: "null item", mutate: items(0, 1, 2, 3, nil, 0, 0, 0, 0), want: []string{"/answers/items/4 required"}},
			{name: "difficulty above 3", mutate: set(4, "answers", "difficulty"), want: []string{"/answers/difficulty max"}},
			{name: "items missing", mutate: del("answers", "items"), want: []string{"/answers/items required"}},
			{name: "unknown member", mutate: set(13, "answers", "total"), want: []string{"/answers/total unknown"}},
			{name: "answers an array", mutate: func(b map[string]any) { b["answers"] = []any{1, 2} }, want: []string{"/answers type"}},
			{name: "answers missing", mutate: func(b map[string]any) { delete(b, "answers") }, want: []string{"/answers required"}},
			{name: "credentials on a patient form", mutate: set("MD", "signature", "credentials"), want: []string{"/signature/credentials unknown"}},
		},
		KindGAD7: {
			{name: "item above 3", mutate: items(0, 1, 2, 3, 0, 0, 4), want: []string{"/answers/items/6 max"}},
			{name: "nine items", mutate: items(0, 1, 2, 3, 0, 0, 0, 0, 0), want: []string{"/answers/items len"}},
		},
		KindPCL5: {
			{name: "item above 4", mutate: items(0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), want: []string{"/answers/items/5 max"}},
			{name: "nineteen items", mutate: items(0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), want: []string{"/answers/items len"}},
		},
		KindAUDITC: {
			{name: "item above 4", mutate: items(1, 5, 0), want: []string{"/answers/items/1 max"}},
			{name: "never drinks but six or more", mutate: items(0, 0, 2), want: []string{"/answers/items/2 inconsistent"}},
			{name: "four items", mutate: items(1, 1, 1, 1), want: []string{"/answers/items len"}},
		},
		KindMedicalHistory: {
			{name: "systolic not above diastolic", mutate: both(set(80, "answers", "vitals", "systolic"), set(90, "answers", "vitals", "diastolic")),
				want: []string{"/answers/vitals/diastolic order"}, schemaBlind: true},
			{name: "BP 400/20", mutate: both(set(400, "answers", "vitals", "systolic"), set(20, "answers", "vitals", "diastolic")),
				want: []string{"/answers/vitals/diastolic min", "/answers/vitals/systolic max"}},
			{name: "heart rate 0", mutate: set(0, "answers", "vitals", "heart_rate"), want: []string{"/answers/vitals/heart_rate min"}},
			{name: "impossible date", mutate: set("2026-02-30", "answers", "vitals", "measured_on"), want: []string{"/answers/vitals/measured_on datetime"}, schemaBlind: true},
			{name: "unknown benzodiazepine", mutate: set([]any{map[string]any{"drug": "etizolam", "mg_per_dose": 1, "doses_per_day": 2, "as_needed": false}}, "answers", "medications", "benzodiazepines"),
				want: []string{"/answers/medications/benzodiazepines/0/drug oneof"}},
			{name: "zero mg benzodiazepine", mutate: set([]any{map[string]any{"drug": "lorazepam", "mg_per_dose": 0, "doses_per_day": 2, "as_needed": false}}, "answers", "medications", "benzodiazepines"),
				want: []string{"/answers/medications/benzodiazepines/0/mg_per_dose gt"}},
			{name: "benzodiazepines missing", mutate: del("answers", "medications", "benzodiazepines"), want: []string{"/answers/medications/benzodiazepines required"}},
			{name: "unknown medicine class", mutate: set("ssri", "answers", "medications", "other", 0, "class"), want: []string{"/answers/medications/other/0/class oneof"}},
			{name: "recency not a bucket", mutate: set("yesterday", "answers", "psychiatric", "psychosis"), want: []string{"/answers/psychiatric/psychosis oneof"}},
			{name: "hospital stays but never", mutate: set(2, "answers", "psychiatric", "hospitalisations"), want: []string{"/answers/psychiatric/last_hospitalisation inconsistent"}},
			{name: "no hospital stays but recent", mutate: set("past-month", "answers", "psychiatric", "last_hospitalisation"), want: []string{"/answers/psychiatric/last_hospitalisation inconsistent"}},
			{name: "treated without product", mutate: set(true, "answers", "psychiatric", "prior_ketamine", "treated"), want: []string{"/answers/psychiatric/prior_ketamine/products inconsistent"}},
			{name: "product without treatment", mutate: set([]any{"ketamine"}, "answers", "psychiatric", "prior_ketamine", "products"), want: []string{"/answers/psychiatric/prior_ketamine/products inconsistent"}},
			{name: "response without treatment", mutate: set("helped-some", "answers", "psychiatric", "prior_ketamine", "response"), want: []string{"/answers/psychiatric/prior_ketamine/response inconsistent"}},
			{name: "frequency none but used now", mutate: set("now", "answers", "substance_use", "opioids", "last_use"), want: []string{"/answers/substance_use/opioids/last_use inconsistent"}},
			{name: "daily but never used", mutate: set("daily", "answers", "substance_use", "cannabis", "frequency"), want: []string{"/answers/substance_use/cannabis/last_use inconsistent"}},
			{name: "condition missing", mutate: del("answers", "medical", "stroke"), want: []string{"/answers/medical/stroke required"}},
			{name: "pregnancy not an option", mutate: set("maybe", "answers", "pregnancy", "pregnant"), want: []string{"/answers/pregnancy/pregnant oneof"}},
			{name: "diagnosis twice", mutate: set([]any{"ptsd", "ptsd"}, "answers", "psychiatric", "diagnoses"), want: []string{"/answers/psychiatric/diagnoses unique"}},
			{name: "unknown condition", mutate: set(true, "answers", "medical", "glaucoma"), want: []string{"/answers/medical/glaucoma unknown"}},
			{name: "every type error at once", mutate: both(set("no", "answers", "medical", "stroke"), set("2", "answers", "psychiatric", "hospitalisations"), set(1, "answers", "allergies", 0, "reaction")),
				want: []string{"/answers/allergies/0/reaction type", "/answers/medical/stroke type", "/answers/psychiatric/hospitalisations type"}},
		},
		KindTreatmentPlan: {
			{name: "iv dose above 1 mg/kg", mutate: set(1.5, "answers", "dose", "amount"), want: []string{"/answers/dose/amount dose_range"}},
			{name: "iv dose in mg", mutate: set("mg", "answers", "dose", "unit"), want: []string{"/answers/dose/unit route_unit"}},
			{name: "sublingual 400 mg", mutate: both(set("sublingual", "answers", "route"), set(map[string]any{"amount": 400, "unit": "mg"}, "answers", "dose")),
				want: []string{"/answers/dose/amount dose_range"}},
			{name: "oral 20 mg", mutate: both(set("oral", "answers", "route"), set(map[string]any{"amount": 20, "unit": "mg"}, "answers", "dose")),
				want: []string{"/answers/dose/amount dose_range"}},
			{name: "esketamine 70 mg", mutate: both(set("intranasal", "answers", "route"), set(map[string]any{"amount": 70, "unit": "mg"}, "answers", "dose"), set(true, "answers", "certified_setting")),
				want: []string{"/answers/dose/amount dose_range"}},
			{name: "esketamine outside a certified setting", mutate: both(set("intranasal", "answers", "route"), set(map[string]any{"amount": 56, "unit": "mg"}, "answers", "dose")),
				want: []string{"/answers/certified_setting rems"}},
			{name: "iv at home", mutate: set("at-home", "answers", "setting"), want: []string{"/answers/setting route_setting"}},
			{name: "mg/kg without weight", mutate: del("answers", "weight_kg"), want: []string{"/answers/weight_kg required"}},
			{name: "series without spacing", mutate: del("answers", "spacing_days"), want: []string{"/answers/spacing_days required"}},
			{name: "credentials missing", mutate: del("signature", "credentials"), want: []string{"/signature/credentials required"}},
			{name: "unknown route", mutate: set("rectal", "answers", "route"), want: []string{"/answers/route oneof"}},
			{name: "capacity missing", mutate: del("answers", "capacity_to_consent"), want: []string{"/answers/capacity_to_consent required"}},
			{name: "weight implausible", mutate: set(8, "answers", "weight_kg"), want: []string{"/answers/weight_kg gte"}},
		},
		KindPreSessionChecklist: {
			{name: "BP 400/20", mutate: both(set(400, "answers", "vitals", "systolic"), set(20, "answers", "vitals", "diastolic")),
				want: []string{"/answers/vitals/diastolic min", "/answers/vitals/systolic max"}},
			{name: "systolic below diastolic", mutate: both(set(120, "answers", "vitals", "systolic"), set(130, "answers", "vitals", "diastolic")),
				want: []string{"/answers/vitals/diastolic order"}, schemaBlind: true},
			{name: "heart rate 0", mutate: set(0, "answers", "vitals", "heart_rate"), want: []string{"/answers/vitals/heart_rate min"}},
			{name: "SpO2 101", mutate: set(101, "answers", "vitals", "spo2"), want: []string{"/answers/vitals/spo2 max"}},
			{name: "respiratory rate 0", mutate: set(0, "answers", "vitals", "respiratory_rate"), want: []string{"/answers/vitals/respiratory_rate min"}},
			{name: "negative hours", mutate: set(-1, "answers", "hours_since_food"), want: []string{"/answers/hours_since_food gte"}},
			{name: "new medicine without class", mutate: set([]any{map[string]any{"name": "tramadol", "dose": 50, "unit": "mg", "frequency": "as-needed"}}, "answers", "new_medications"),
				want: []string{"/answers/new_medications/0/class required"}},
			{name: "substance answer missing", mutate: del("answers", "last_24_hours", "alcohol"), want: []string{"/answers/last_24_hours/alcohol required"}},
			{name: "mood out of range", mutate: set(11, "answers", "mood"), want: []string{"/answers/mood max"}},
			{name: "session date impossible", mutate: set("2026-13-01", "answers", "session_date"), want: []string{"/answers/session_date datetime"}, schemaBlind: true},
			{name: "new benzodiazepine not in the table", mutate: set([]any{map[string]any{"drug": "Xanax", "mg_per_dose": 1, "doses_per_day": 2, "as_needed": false}}, "answers", "new_benzodiazepines"),
				want: []string{"/answers/new_benzodiazepines/0/drug oneof"}},
			{name: "new benzodiazepine without its dose", mutate: set([]any{map[string]any{"drug": "alprazolam", "doses_per_day": 2, "as_needed": false}}, "answers", "new_benzodiazepines"),
				want: []string{"/answers/new_benzodiazepines/0/mg_per_dose required"}},
		},
		KindAdministrationRecord: {
			{name: "esketamine by IV", mutate: both(set("esketamine", "answers", "drug"), set(84, "answers", "dose_mg"),
				set("R-1", "answers", "monitoring", "rems_setting_id")), want: []string{"/answers/route drug_route"}},
			{name: "ketamine intranasal", mutate: both(set("intranasal", "answers", "route")), want: []string{"/answers/drug drug_route"}},
			{name: "esketamine 70 mg by telehealth without a REMS setting", mutate: both(set("esketamine", "answers", "drug"), set("intranasal", "answers", "route"),
				set(70, "answers", "dose_mg"), set("telehealth", "answers", "monitoring", "mode")),
				want: []string{"/answers/dose_mg dose_range", "/answers/monitoring/mode rems", "/answers/monitoring/rems_setting_id required"}},
			{name: "expired lot", mutate: set("2026-11-23", "answers", "product", "expiry_date"), want: []string{"/answers/product/expiry_date expired"}, schemaBlind: true},
			{name: "lot missing", mutate: del("answers", "product", "lot_number"), want: []string{"/answers/product/lot_number required"}},
			{name: "start time 25:00", mutate: set("25:00", "answers", "start_time"), want: []string{"/answers/start_time datetime"}},
			{name: "infusion ends before it starts", mutate: set("09:00", "answers", "end_time"), want: []string{"/answers/end_time order"}, schemaBlind: true},
			{name: "no dose", mutate: set(0, "answers", "dose_mg"), want: []string{"/answers/dose_mg gt"}},
			{name: "monitoring mode unknown", mutate: set("phone", "answers", "monitoring", "mode"), want: []string{"/answers/monitoring/mode oneof"}},
		},
		KindMonitoringRecord: {
			{name: "40-minute reading missing", mutate: del("answers", "at_40_minutes"), want: []string{"/answers/at_40_minutes required"}},
			{name: "discharge before the dose", mutate: both(set("09:00", "answers", "discharge_time")), want: []string{"/answers/discharge_time order"}, schemaBlind: true},
			{name: "reading before the dose", mutate: set("10:00", "answers", "at_40_minutes", "time"), want: []string{"/answers/at_40_minutes/time order"}, schemaBlind: true},
			{name: "MOAA/S 6", mutate: set(6, "answers", "sedation", "moaas_lowest"), want: []string{"/answers/sedation/moaas_lowest max"}},
			{name: "CADSS 93", mutate: set(93, "answers", "dissociation", "cadss_total"), want: []string{"/answers/dissociation/cadss_total max"}},
			{name: "escort without a name", mutate: del("answers", "discharge", "escort_name"), want: []string{"/answers/discharge/escort_name required"}},
			{name: "systolic below diastolic at discharge", mutate: set(70, "answers", "before_discharge", "systolic"),
				want: []string{"/answers/before_discharge/diastolic order"}, schemaBlind: true},
			{name: "decision unknown", mutate: set("home", "answers", "discharge", "decision"), want: []string{"/answers/discharge/decision oneof"}},
			{name: "adverse event unknown", mutate: set([]any{"sleepy"}, "answers", "adverse_events"), want: []string{"/answers/adverse_events/0 oneof"}},
		},
		KindPreparation: {
			{name: "intentions empty", mutate: set("", "answers", "intentions"), want: []string{"/answers/intentions required"}},
			{name: "intentions with a tab", mutate: set("calm\tdown", "answers", "intentions"), want: []string{"/answers/intentions text"}},
			{name: "support person without roles", mutate: set([]any{}, "answers", "support_people", 0, "roles"), want: []string{"/answers/support_people/0/roles min"}},
			{name: "bad phone", mutate: set("555-0100", "answers", "support_people", 0, "phone"), want: []string{"/answers/support_people/0/phone e164"}},
			{name: "phone without its plus", mutate: set("4155550123", "answers", "support_people", 0, "phone"), want: []string{"/answers/support_people/0/phone e164"}},
			{name: "concerns too long", mutate: set(strings.Repeat("a", 4001), "answers", "concerns"), want: []string{"/answers/concerns max"}},
		},
		KindIntegrationFollowup: {
			{name: "PHQ-9 with eight items", mutate: set([]any{0, 0, 0, 0, 0, 0, 0, 0}, "answers", "phq9", "items"), want: []string{"/answers/phq9/items len"}},
			{name: "GAD-7 item above 3", mutate: set([]any{0, 0, 0, 4, 0, 0, 0}, "answers", "gad7", "items"), want: []string{"/answers/gad7/items/3 max"}},
			{name: "bladder answer missing", mutate: del("answers", "side_effects", "bladder", "blood"), want: []string{"/answers/side_effects/bladder/blood required"}},
			{name: "memory not an option", mutate: set("some", "answers", "side_effects", "memory"), want: []string{"/answers/side_effects/memory oneof"}},
			{name: "reflections with a control character", mutate: set("ok\u0007", "answers", "reflections"), want: []string{"/answers/reflections text"}},
		},
	}
}

// validKindVariants are further bodies the server and the schema must
// both accept.
func validKindVariants() map[string][]func(b map[string]any) {
	set := func(v any, path ...any) func(b map[string]any) {
		return func(b map[string]any) { formstest.At(b, path[:len(path)-1]...)[path[len(path)-1].(string)] = v }
	}
	return map[string][]func(map[string]any){
		KindPHQ9: {func(b map[string]any) { delete(formstest.At(b, "answers"), "difficulty") }},
		KindTreatmentPlan: {
			func(b map[string]any) {
				b["answers"] = map[string]any{"route": "sublingual", "dose": map[string]any{"amount": 200, "unit": "mg"}, "sessions": 1,
					"setting": "at-home", "start_date": "2026-12-01", "capacity_to_consent": "confirmed"}
			},
			func(b map[string]any) {
				b["answers"] = map[string]any{"route": "intranasal", "dose": map[string]any{"amount": 84, "unit": "mg"}, "sessions": 8, "spacing_days": 3,
					"setting": "clinic", "certified_setting": true, "start_date": "2026-12-01", "capacity_to_consent": "confirmed"}
			},
			set(1.0, "answers", "dose", "amount"),
			func(b map[string]any) {
				formstest.At(b, "answers")["route"] = "im"
				formstest.At(b, "answers", "dose")["amount"] = 1.5
			},
		},
		KindMedicalHistory: {
			set([]any{map[string]any{"drug": "clonazepam", "mg_per_dose": 0.5, "doses_per_day": 2, "as_needed": false}}, "answers", "medications", "benzodiazepines"),
			func(b map[string]any) {
				k := formstest.At(b, "answers", "psychiatric", "prior_ketamine")
				k["treated"], k["products"], k["response"], k["reactions"] = true, []any{"esketamine"}, "helped-some", []any{"vomiting"}
			},
			set(map[string]any{"frequency": "none", "last_use": "over-12-months"}, "answers", "substance_use", "cannabis"),
		},
		KindPreSessionChecklist: {
			func(b map[string]any) { delete(formstest.At(b, "answers", "vitals"), "respiratory_rate") },
			set([]any{map[string]any{"drug": "alprazolam", "mg_per_dose": 0.5, "doses_per_day": 3, "as_needed": false}}, "answers", "new_benzodiazepines"),
			set([]any{}, "answers", "new_benzodiazepines"),
			set([]any{map[string]any{"name": "Xanax 1 mg", "class": "benzodiazepine", "dose": 1, "unit": "mg", "frequency": "as-needed"}}, "answers", "new_medications"),
		},
		KindAdministrationRecord: {
			func(b map[string]any) {
				a := formstest.At(b, "answers")
				a["drug"], a["route"], a["dose_mg"] = "esketamine", "intranasal", 84
				delete(a, "end_time")
				formstest.At(b, "answers", "monitoring")["rems_setting_id"] = "REMS-12345"
			},
			set("telehealth", "answers", "monitoring", "mode"),
		},
		KindMonitoringRecord: {
			func(b map[string]any) {
				d := formstest.At(b, "answers", "discharge")
				d["escort"] = false
				delete(d, "escort_name")
				delete(formstest.At(b, "answers", "sedation"), "moaas_lowest")
			},
		},
		KindPreparation: {
			func(b map[string]any) {
				delete(formstest.At(b, "answers"), "concerns")
				formstest.At(b, "answers")["support_people"] = []any{}
				formstest.At(b, "answers")["concern_topics"] = []any{}
			},
		},
	}
}
