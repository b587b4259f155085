package screening

import (
	"reflect"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"

	"github.com/consentry/consentry/forms/formstest"
)

// vignette is one patient: their records as changes to the clean ones,
// and the rule ids Screen must report, no more and no fewer.
type vignette struct {
	name      string
	sex       string
	birthDate string
	settings  func(*Settings)
	history   func(h map[string]any)
	plan      func(p map[string]any)
	noPlan    bool
	checklist func(c map[string]any)
	phq9      []any
	gad7      []any
	pcl5      []any
	auditc    []any
	followup  func(f map[string]any)
	want      []string
}

var vignetteNow = formstest.Date("2026-11-30")

func set(v any, path ...any) func(m map[string]any) {
	return func(m map[string]any) { formstest.At(m, path[:len(path)-1]...)[path[len(path)-1].(string)] = v }
}

func all(fs ...func(map[string]any)) func(map[string]any) {
	return func(m map[string]any) {
		for _, f := range fs {
			f(m)
		}
	}
}

func med(name, class string) map[string]any {
	return map[string]any{"name": name, "class": class, "dose": 10, "unit": "mg", "frequency": "once-daily"}
}

func vignettes() []vignette {
	use := func(freq, last string) map[string]any { return map[string]any{"frequency": freq, "last_use": last} }
	pclHigh := []any{3, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 1, 2, 1, 2, 1, 2, 2, 1, 1} // 35
	return []vignette{
		{name: "clean woman, 34", sex: "female", birthDate: "1992-03-14"},
		{name: "clean man with an AUDIT-C of 3", sex: "male", birthDate: "1980-01-01", auditc: []any{2, 1, 0}},
		{name: "same AUDIT-C of 3 in a woman", sex: "female", birthDate: "1980-01-01", auditc: []any{2, 1, 0}, want: []string{"auditc-positive"}},
		{name: "AUDIT-C of 3, sex unknown: lower cutoff", sex: "unknown", birthDate: "1980-01-01", auditc: []any{2, 1, 0}, want: []string{"auditc-positive"}},
		{name: "at-home sublingual, 150/85 HR 90 passes the at-home limits", sex: "male", birthDate: "1975-05-05",
			plan: func(p map[string]any) {
				for k := range p {
					delete(p, k)
				}
				for k, v := range map[string]any{"route": "sublingual", "dose": map[string]any{"amount": 150, "unit": "mg"}, "sessions": 4, "spacing_days": 7,
					"setting": "at-home", "start_date": "2026-11-20", "capacity_to_consent": "confirmed"} {
					p[k] = v
				}
			},
			checklist: all(set("sublingual", "route"), vitals(150, 85, 90, 97, 16))},
		{name: "in-clinic IV, 150/85 holds", sex: "male", birthDate: "1975-05-05", checklist: vitals(150, 85, 90, 97, 16), want: []string{"session-bp-in-clinic"}},
		{name: "schizophrenia", sex: "male", birthDate: "1990-01-01", history: set([]any{"schizophrenia"}, "psychiatric", "diagnoses"), want: []string{"psychosis"}},
		{name: "psychotic experiences now", sex: "female", birthDate: "1990-01-01", history: set("now", "psychiatric", "psychosis"), want: []string{"psychosis"}},
		{name: "psychotic episode 3-12 months ago", sex: "female", birthDate: "1990-01-01", history: set("past-12-months", "psychiatric", "psychosis"), want: []string{"psychosis-history"}},
		{name: "bipolar II on lamotrigine", sex: "female", birthDate: "1985-06-01",
			history: all(set([]any{"bipolar-ii"}, "psychiatric", "diagnoses"), set("over-12-months", "psychiatric", "mania"),
				set([]any{med("lamotrigine", "lamotrigine")}, "medications", "other")),
			want: []string{"bipolar", "lamotrigine"}},
		{name: "manic now with bipolar I", sex: "male", birthDate: "1985-06-01",
			history: all(set([]any{"bipolar-i"}, "psychiatric", "diagnoses"), set("now", "psychiatric", "mania")), want: []string{"mania-current"}},
		{name: "PHQ-9 item 9 of 1 superseded by a newer follow-up answering 0", sex: "female", birthDate: "1995-01-01", phq9: []any{2, 2, 1, 1, 1, 1, 1, 0, 1}},
		{name: "suicidal thoughts last month", sex: "female", birthDate: "1995-01-01", history: set("past-month", "psychiatric", "suicidal_thoughts"), want: []string{"suicidality-recent"}},
		{name: "one attempt years ago", sex: "male", birthDate: "1970-01-01",
			history: all(set("over-12-months", "psychiatric", "suicidal_thoughts"), set("over-12-months", "psychiatric", "suicide_attempt")), want: []string{"suicidality-history"}},
		{name: "allergic reaction to esketamine", sex: "female", birthDate: "1988-01-01",
			history: set(map[string]any{"treated": true, "products": []any{"esketamine"}, "response": "did-not-help", "reactions": []any{"allergic-reaction"}}, "psychiatric", "prior_ketamine"),
			want:    []string{"ketamine-hypersensitivity"}},
		{name: "ketamine listed as an allergy", sex: "male", birthDate: "1988-01-01",
			history: set([]any{map[string]any{"substance": "Ketamine (surgery 2015)", "reaction": "hives", "severity": "moderate"}}, "allergies"),
			want:    []string{"ketamine-hypersensitivity"}},
		{name: "vomiting with past ketamine", sex: "male", birthDate: "1988-01-01",
			history: set(map[string]any{"treated": true, "products": []any{"ketamine"}, "reactions": []any{"vomiting"}}, "psychiatric", "prior_ketamine"),
			want:    []string{"prior-ketamine-reaction"}},
		{name: "abdominal aortic aneurysm", sex: "male", birthDate: "1958-01-01", history: set(true, "medical", "aneurysm_or_avm"), want: []string{"aneurysm-avm-haemorrhage"}},
		{name: "uncontrolled hypertension, high screening BP", sex: "male", birthDate: "1960-01-01",
			history: all(set("uncontrolled", "medical", "hypertension"), set(150, "vitals", "systolic"), set(95, "vitals", "diastolic")),
			want:    []string{"hypertension-uncontrolled", "screening-blood-pressure"}},
		{name: "controlled hypertension at 138/88", sex: "male", birthDate: "1960-01-01",
			history: all(set("controlled", "medical", "hypertension"), set(138, "vitals", "systolic"), set(88, "vitals", "diastolic"),
				set([]any{med("amlodipine", "antihypertensive")}, "medications", "other"))},
		{name: "infarction 6 months ago", sex: "male", birthDate: "1960-01-01", history: set("past-12-months", "medical", "heart_attack"), want: []string{"unstable-heart-disease"}},
		{name: "infarction years ago", sex: "male", birthDate: "1960-01-01", history: set("over-12-months", "medical", "heart_attack"), want: []string{"past-myocardial-infarction"}},
		{name: "stroke and intracranial mass", sex: "female", birthDate: "1960-01-01",
			history: all(set(true, "medical", "stroke"), set(true, "medical", "intracranial_pressure_or_mass")), want: []string{"intracranial-pressure-or-mass", "stroke"}},
		{name: "pregnant", sex: "female", birthDate: "1993-01-01", history: set("yes", "pregnancy", "pregnant"), want: []string{"pregnancy"}},
		{name: "breastfeeding, unsure today", sex: "female", birthDate: "1993-01-01", history: set(true, "pregnancy", "breastfeeding"),
			checklist: set("unsure", "pregnancy"), want: []string{"pregnancy", "pregnancy-unsure-today"}},
		{name: "active substance use disorder", sex: "male", birthDate: "1990-01-01",
			history: all(set("now", "substance_use", "disorder"), set(use("daily", "now"), "substance_use", "opioids")),
			want:    []string{"nonprescribed-use-recent", "substance-use-disorder-active"}},
		{name: "substance use disorder 2 months ago, in treatment", sex: "male", birthDate: "1990-01-01",
			history: all(set("past-3-months", "substance_use", "disorder"), set("now", "substance_use", "treatment")), want: []string{"substance-use-disorder-recent"}},
		{name: "weekly ketamine last month", sex: "female", birthDate: "1998-01-01", history: set(use("weekly", "past-month"), "substance_use", "ketamine_pcp"), want: []string{"ketamine-misuse-active"}},
		{name: "ketamine at parties years ago", sex: "female", birthDate: "1990-01-01", history: set(use("none", "over-12-months"), "substance_use", "ketamine_pcp"), want: []string{"ketamine-misuse-history"}},
		{name: "daily cannabis, cocaine last month", sex: "male", birthDate: "1996-01-01",
			history: all(set(use("daily", "now"), "substance_use", "cannabis"), set(use("monthly", "past-month"), "substance_use", "stimulants")),
			want:    []string{"cannabis-daily", "nonprescribed-use-recent"}},
		{name: "clonazepam 0.5 mg twice daily", sex: "female", birthDate: "1980-01-01",
			history: set([]any{map[string]any{"drug": "clonazepam", "mg_per_dose": 0.5, "doses_per_day": 2, "as_needed": false}}, "medications", "benzodiazepines"),
			want:    []string{"benzodiazepine-dose", "opioid-or-cns-depressant"}},
		{name: "lorazepam 0.4 mg twice daily is exactly 8 mg", sex: "female", birthDate: "1980-01-01",
			history: set([]any{map[string]any{"drug": "lorazepam", "mg_per_dose": 0.4, "doses_per_day": 2, "as_needed": true}}, "medications", "benzodiazepines"),
			want:    []string{"opioid-or-cns-depressant"}},
		{name: "phenelzine and methylphenidate", sex: "male", birthDate: "1980-01-01",
			history: set([]any{med("phenelzine", "maoi"), med("methylphenidate", "stimulant")}, "medications", "other"), want: []string{"maoi-or-stimulant"}},
		{name: "tramadol and gabapentin, naltrexone", sex: "male", birthDate: "1980-01-01",
			history: set([]any{med("tramadol", "opioid"), med("gabapentin", "cns-depressant"), med("naltrexone", "opioid-antagonist")}, "medications", "other"),
			want:    []string{"opioid-antagonist", "opioid-or-cns-depressant"}},
		{name: "17 years old", sex: "female", birthDate: "2009-12-01", want: []string{"age-under-minimum"}},
		{name: "18 today", sex: "female", birthDate: "2008-11-30"},
		{name: "70 under an upper age of 65", sex: "male", birthDate: "1956-01-01", settings: func(s *Settings) { s.MaxAge = 65 }, want: []string{"age-over-maximum"}},
		{name: "dementia", sex: "female", birthDate: "1950-01-01", history: set(true, "medical", "dementia"), want: []string{"cognitive-impairment"}},
		{name: "recovered concussion", sex: "male", birthDate: "1990-01-01", history: set("recovered", "medical", "brain_injury")},
		{name: "thyroid, liver, seizures, bladder", sex: "female", birthDate: "1970-01-01",
			history: all(set("untreated", "medical", "hyperthyroidism"), set("severe", "medical", "liver_disease"), set(true, "medical", "seizures"), set(true, "medical", "bladder_problems")),
			want:    []string{"bladder-history", "hyperthyroidism-untreated", "seizure-disorder", "severe-liver-disease"}},
		{name: "ate and drank late, wine last night, no ride home", sex: "female", birthDate: "1985-01-01",
			checklist: all(set(3, "hours_since_food"), set(1, "hours_since_clear_liquids"), set(true, "last_24_hours", "alcohol"), set(false, "escort_confirmed")),
			want:      []string{"fasting-food", "fasting-liquids", "no-escort", "substances-24h"}},
		{name: "unstable vitals", sex: "male", birthDate: "1985-01-01", checklist: vitals(185, 100, 125, 93, 8),
			want: []string{"session-bp-in-clinic", "session-heart-rate", "session-respiratory-rate", "session-spo2", "session-systolic-high"}},
		{name: "self-harm thoughts and a new medicine today", sex: "female", birthDate: "1985-01-01",
			checklist: all(set(true, "self_harm_thoughts"), set([]any{med("trazodone", "antidepressant")}, "new_medications")),
			want:      []string{"new-medication", "safety-today"}},
		{name: "unwell and would rather not today", sex: "female", birthDate: "1985-01-01",
			checklist: all(set(true, "unwell"), set(false, "wants_to_proceed"), set(true, "last_24_hours", "lamotrigine")),
			want:      []string{"declined-today", "lamotrigine-24h", "unwell-today"}},
		{name: "blood in urine, cravings, memory", sex: "male", birthDate: "1985-01-01",
			followup: all(set(true, "side_effects", "bladder", "blood"), set(true, "side_effects", "bladder", "urgency"), set("mild", "side_effects", "cravings"), set("moderate", "side_effects", "memory")),
			want:     []string{"bladder-symptoms", "haematuria", "ketamine-cravings", "memory-problems"}},
		{name: "mild memory trouble only", sex: "male", birthDate: "1985-01-01", followup: set("mild", "side_effects", "memory")},
		{name: "PCL-5 of 35", sex: "female", birthDate: "1985-01-01", pcl5: pclHigh, want: []string{"pcl5-probable-ptsd"}},
		{name: "PCL-5 of 35 under a clinic cutoff of 38 still shows the DSM-5 pattern", sex: "female", birthDate: "1985-01-01", pcl5: pclHigh,
			settings: func(s *Settings) { s.PCL5Cutoff = 38 }, want: []string{"pcl5-probable-ptsd"}},
		{name: "capacity in doubt, IV 0.75 mg/kg", sex: "male", birthDate: "1985-01-01",
			plan: all(set("in-doubt", "capacity_to_consent"), set(0.75, "dose", "amount")), want: []string{"capacity-in-doubt", "dose-above-typical"}},
		{name: "no treatment plan yet", sex: "female", birthDate: "1985-01-01", noPlan: true, want: []string{"session-setting-unknown"}},
		{name: "follow-up PHQ-9 item 9 newer than a clean PHQ-9", sex: "female", birthDate: "1985-01-01",
			followup: set([]any{1, 1, 1, 1, 0, 0, 0, 0, 2}, "phq9", "items"), want: []string{"phq9-item9"}},
	}
}

// vignetteRecords parses a vignette's records as submissions and returns
// them as Screen reads them, with their times.
func vignetteRecords(t *testing.T, v vignette) []Answered {
	t.Helper()
	cat, val := forms.Builtin(), forms.NewValidator()
	t0 := vignetteNow.Add(-10 * 24 * time.Hour)
	var out []Answered
	add := func(kind string, answers map[string]any, at time.Time) {
		b := formstest.Body(t, kind)
		b["answers"] = answers
		sub, err := cat.ParseSubmission(val, formstest.JSON(t, b))
		if err != nil {
			t.Fatalf("%s refused: %v", kind, pointers(err))
		}
		out = append(out, Answered{SubmissionID: kind + "-" + at.Format("0102T15"), Form: kind, At: at, Answers: sub.Answers})
	}
	apply := func(m map[string]any, f func(map[string]any)) map[string]any {
		if f != nil {
			f(m)
		}
		return m
	}
	items := func(kind string, v []any) map[string]any {
		m := formstest.Answers(kind)
		if v != nil {
			m["items"] = v
		}
		return m
	}
	add(forms.KindMedicalHistory, apply(formstest.History(), v.history), t0)
	add(forms.KindPHQ9, items(forms.KindPHQ9, v.phq9), t0.Add(time.Hour))
	add(forms.KindGAD7, items(forms.KindGAD7, v.gad7), t0.Add(time.Hour))
	add(forms.KindPCL5, items(forms.KindPCL5, v.pcl5), t0.Add(time.Hour))
	add(forms.KindAUDITC, items(forms.KindAUDITC, v.auditc), t0.Add(time.Hour))
	if !v.noPlan {
		add(forms.KindTreatmentPlan, apply(formstest.Plan(), v.plan), t0.Add(24*time.Hour))
	}
	add(forms.KindPreSessionChecklist, apply(formstest.Checklist(), v.checklist), t0.Add(5*24*time.Hour))
	add(forms.KindIntegrationFollowup, apply(formstest.Followup(), v.followup), t0.Add(6*24*time.Hour))
	return out
}

func TestPatientVignettes(t *testing.T) {
	vs := vignettes()
	if len(vs) < 25 {
		t.Fatalf("%d vignettes, want at least 25", len(vs))
	}
	for _, v := range vs {
		t.Run(v.name, func(t *testing.T) {
			s := DefaultSettings()
			if v.settings != nil {
				v.settings(&s)
			}
			sc, err := NewScreener(s)
			if err != nil {
				t.Fatal(err)
			}
			recs := vignetteRecords(t, v)
			scr := sc.Screen(Patient{Sex: v.sex, BirthDate: v.birthDate}, vignetteNow, recs)
			want := append([]string{}, v.want...)
			sortStrings(want)
			if got := ruleIDs(scr.Flags); !reflect.DeepEqual(got, want) {
				t.Errorf("rules %v, want %v", got, want)
				for _, f := range scr.Flags {
					t.Logf("  %s: %s", f.Rule, f.Message)
				}
			}
			ids := map[string]string{}
			for _, r := range recs {
				ids[r.SubmissionID] = r.Form
			}
			for _, f := range scr.Flags {
				switch {
				case f.Rule == "age-under-minimum" || f.Rule == "age-over-maximum":
					if f.SubmissionID != "" {
						t.Errorf("%s points at a submission: the patient record is its source", f.Rule)
					}
				case ids[f.SubmissionID] != f.Form || f.At == nil:
					t.Errorf("%s points at %q (%s), not one of the patient's records", f.Rule, f.SubmissionID, f.Form)
				}
			}
		})
	}
}
