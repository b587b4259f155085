package screening

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"

	"github.com/consentry/consentry/forms/formstest"
)

// domainRules is DOMAIN §3, row by row: the rule ids that implement each
// row, their default severity, and words their source must cite.
var domainRules = []struct {
	row      string
	ids      []string
	severity Severity
	urgent   bool
	cites    []string
}{
	{"current psychosis or schizophrenia/schizoaffective history", []string{"psychosis"}, SeverityExclude, false, []string{"Toronto Ketamine Clinic", "PMC10812090"}},
	{"current mania", []string{"mania-current"}, SeverityExclude, false, []string{"PMC10812090"}},
	{"bipolar without current mania", []string{"bipolar"}, SeverityReview, false, []string{"Clinic practice"}},
	{"aneurysm, AVM, intracerebral haemorrhage", []string{"aneurysm-avm-haemorrhage"}, SeverityExclude, false, []string{"Spravato"}},
	{"hypersensitivity or serious reaction to ketamine", []string{"ketamine-hypersensitivity"}, SeverityExclude, false, []string{"Spravato", "Miller's Anesthesia"}},
	{"raised ICP or intracranial mass", []string{"intracranial-pressure-or-mass"}, SeverityExclude, false, []string{"Miller's Anesthesia"}},
	{"unstable heart disease", []string{"unstable-heart-disease"}, SeverityExclude, false, []string{"PMC10812090", "NCT01892995"}},
	{"stroke", []string{"stroke"}, SeverityExclude, false, []string{"PMC10812090", "NCT01892995"}},
	{"uncontrolled hypertension", []string{"hypertension-uncontrolled"}, SeverityExclude, false, []string{"Clinic criteria", "PMC10812090"}},
	{"pregnant or breastfeeding", []string{"pregnancy", "pregnancy-today"}, SeverityExclude, false, []string{"Clinic and trial"}},
	{"substance use disorder in the last 3 months", []string{"substance-use-disorder-recent"}, SeverityReview, false, []string{"CRTCE", "PMC10812090"}},
	{"substance use disorder, active", []string{"substance-use-disorder-active"}, SeverityExclude, false, []string{"CRTCE", "PMC10812090"}},
	{"ketamine/PCP misuse", []string{"ketamine-misuse-history"}, SeverityReview, false, []string{"CRTCE", "PMC10812090"}},
	{"ketamine/PCP misuse, active", []string{"ketamine-misuse-active"}, SeverityExclude, false, []string{"CRTCE", "PMC10812090"}},
	{"untreated hyperthyroidism, severe liver disease, seizures", []string{"hyperthyroidism-untreated", "severe-liver-disease", "seizure-disorder"}, SeverityReview, false, []string{"Clinic criteria"}},
	{"cystitis or bladder problems", []string{"bladder-history"}, SeverityReview, false, []string{"Psychiatric Annals 2018"}},
	{"dementia, symptomatic brain injury", []string{"cognitive-impairment"}, SeverityExclude, false, []string{"Toronto Ketamine Clinic"}},
	{"doubt about capacity to consent", []string{"capacity-in-doubt"}, SeverityExclude, false, []string{"Toronto Ketamine Clinic"}},
	{"age under 18, configurable upper age", []string{"age-under-minimum", "age-over-maximum"}, SeverityExclude, false, []string{"Clinic criteria"}},
	{"benzodiazepine above 8 mg diazepam-eq", []string{"benzodiazepine-dose"}, SeverityReview, false, []string{"Andrashko", "2020", "3 mg lorazepam"}},
	{"lamotrigine", []string{"lamotrigine"}, SeverityInfo, false, []string{"Andrade 2017"}},
	{"MAOIs, psychostimulants", []string{"maoi-or-stimulant"}, SeverityReview, false, []string{"Spravato", "patient information"}},
	{"opioids and other CNS depressants", []string{"opioid-or-cns-depressant"}, SeverityReview, false, []string{"Spravato", "patient information"}},
	{"PHQ-9 item 9 > 0", []string{"phq9-item9"}, SeverityReview, true, []string{"PHQ-9 scoring practice"}},
	{"suicidal thoughts or attempt reported", []string{"suicidality-recent", "safety-today"}, SeverityReview, true, []string{"PHQ-9 scoring practice"}},
	{"BP > 140/90 before an in-clinic session", []string{"session-bp-in-clinic"}, SeverityHold, false, []string{"Accelerated Psychiatry"}},
	{"BP > 160/90 or HR > 100 before an at-home session", []string{"session-bp-at-home"}, SeverityHold, false, []string{"Choose Ketamine"}},
	{"SBP > 180 or < 90, HR < 50 or > 120, SpO2 < 95, RR < 10 or > 30", []string{"session-systolic-high", "session-systolic-low", "session-heart-rate", "session-spo2", "session-respiratory-rate"}, SeverityExclude, false, []string{"NCT01892995"}},
	{"fasting food < 4 h, liquids < 2 h", []string{"fasting-food", "fasting-liquids"}, SeverityHold, false, []string{"clinic practice"}},
}

func TestEveryDOMAINRuleExists(t *testing.T) {
	byID := map[string]Rule{}
	for _, r := range DefaultScreener().Rules() {
		byID[r.ID] = r
	}
	for _, row := range domainRules {
		for _, id := range row.ids {
			r, ok := byID[id]
			if !ok {
				t.Errorf("%s: rule %q missing", row.row, id)
				continue
			}
			if r.Severity != row.severity || r.Urgent != row.urgent {
				t.Errorf("%s: rule %q is %s urgent=%v, want %s urgent=%v", row.row, id, r.Severity, r.Urgent, row.severity, row.urgent)
			}
			for _, c := range row.cites {
				if !strings.Contains(strings.ToLower(r.Source), strings.ToLower(c)) {
					t.Errorf("%s: rule %q source %q does not cite %q", row.row, id, r.Source, c)
				}
			}
		}
	}
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestRulesWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range DefaultScreener().Rules() {
		if !kebab.MatchString(r.ID) || seen[r.ID] {
			t.Errorf("rule id %q is not kebab-case or is repeated", r.ID)
		}
		seen[r.ID] = true
		if r.Message == "" || r.Source == "" || r.When == nil || r.From == "" {
			t.Errorf("rule %q lacks a message, source, condition or evidence", r.ID)
		}
		if _, ok := severityRank[r.Severity]; !ok {
			t.Errorf("rule %q has severity %q", r.ID, r.Severity)
		}
		// DOMAIN §3: the "> 160/100 excluded" rule comes from unreliable
		// pages only.
		if strings.Contains(r.Message+r.Source, "160/100") {
			t.Errorf("rule %q uses the unreliable 160/100 rule", r.ID)
		}
	}
}

// checklistRules returns the rule ids a checklist fires, in a setting,
// under settings s.
func checklistRules(t *testing.T, s Settings, setting string, mutate func(c map[string]any)) []string {
	t.Helper()
	c := formstest.Checklist()
	mutate(c)
	var plan *forms.TreatmentPlanAnswers
	if setting != "" {
		plan = &forms.TreatmentPlanAnswers{Setting: setting}
	}
	return assessRules(t, s, forms.KindPreSessionChecklist, c, Patient{Plan: plan}, time.Time{})
}

// assessRules parses answers of a kind and returns the rule ids Assess
// fires, sorted.
func assessRules(t *testing.T, s Settings, kind string, answers map[string]any, pt Patient, now time.Time) []string {
	t.Helper()
	b := formstest.Body(t, kind)
	b["answers"] = answers
	sub, err := forms.Builtin().ParseSubmission(forms.NewValidator(), formstest.JSON(t, b))
	if err != nil {
		t.Fatalf("answers refused: %v", pointers(err))
	}
	sc, err := NewScreener(s)
	if err != nil {
		t.Fatal(err)
	}
	return ruleIDs(sc.Assess(sub, pt, now).Flags)
}

func ruleIDs(fs []Flag) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	sortStrings(out)
	return out
}

func vitals(sys, dia, hr, spo2 int, rr any) func(c map[string]any) {
	return func(c map[string]any) {
		v := map[string]any{"systolic": sys, "diastolic": dia, "heart_rate": hr, "spo2": spo2}
		if rr != nil {
			v["respiratory_rate"] = rr
		}
		c["vitals"] = v
	}
}

func TestSessionThresholdBoundaries(t *testing.T) {
	d := DefaultSettings()
	custom := DefaultSettings()
	custom.InClinicHold = BloodPressure{150, 95}
	custom.FastingFoodHours = 6
	hours := func(food, liquids float64) func(c map[string]any) {
		return func(c map[string]any) { c["hours_since_food"], c["hours_since_clear_liquids"] = food, liquids }
	}
	tests := []struct {
		name     string
		settings Settings
		setting  string
		mutate   func(c map[string]any)
		want     []string
	}{
		{"in clinic 140/90 passes", d, forms.SettingClinic, vitals(140, 90, 80, 98, 14), nil},
		{"in clinic 141/90 holds", d, forms.SettingClinic, vitals(141, 90, 80, 98, 14), []string{"session-bp-in-clinic"}},
		{"in clinic 140/91 holds", d, forms.SettingClinic, vitals(140, 91, 80, 98, 14), []string{"session-bp-in-clinic"}},
		{"in clinic HR 110 passes", d, forms.SettingClinic, vitals(130, 80, 110, 98, 14), nil},
		{"at home 160/90 HR 100 passes", d, forms.SettingAtHome, vitals(160, 90, 100, 98, 14), nil},
		{"at home 161/90 holds", d, forms.SettingAtHome, vitals(161, 90, 80, 98, 14), []string{"session-bp-at-home"}},
		{"at home 150/91 holds", d, forms.SettingAtHome, vitals(150, 91, 80, 98, 14), []string{"session-bp-at-home"}},
		{"at home HR 101 holds", d, forms.SettingAtHome, vitals(130, 80, 101, 98, 14), []string{"session-bp-at-home"}},
		{"setting unknown 150/85: in-clinic threshold", d, "", vitals(150, 85, 80, 98, 14), []string{"session-bp-in-clinic", "session-setting-unknown"}},
		{"setting unknown HR 105: at-home threshold", d, "", vitals(130, 80, 105, 98, 14), []string{"session-bp-at-home", "session-setting-unknown"}},
		{"SBP 180 holds only", d, forms.SettingClinic, vitals(180, 85, 80, 98, 14), []string{"session-bp-in-clinic"}},
		{"SBP 181 excludes", d, forms.SettingClinic, vitals(181, 85, 80, 98, 14), []string{"session-bp-in-clinic", "session-systolic-high"}},
		{"SBP 90 passes", d, forms.SettingClinic, vitals(90, 60, 80, 98, 14), nil},
		{"SBP 89 excludes", d, forms.SettingClinic, vitals(89, 60, 80, 98, 14), []string{"session-systolic-low"}},
		{"HR 50 passes", d, forms.SettingClinic, vitals(120, 80, 50, 98, 14), nil},
		{"HR 49 excludes", d, forms.SettingClinic, vitals(120, 80, 49, 98, 14), []string{"session-heart-rate"}},
		{"HR 120 passes in clinic", d, forms.SettingClinic, vitals(120, 80, 120, 98, 14), nil},
		{"HR 121 excludes", d, forms.SettingClinic, vitals(120, 80, 121, 98, 14), []string{"session-heart-rate"}},
		{"SpO2 95 passes", d, forms.SettingClinic, vitals(120, 80, 70, 95, 14), nil},
		{"SpO2 94 excludes", d, forms.SettingClinic, vitals(120, 80, 70, 94, 14), []string{"session-spo2"}},
		{"RR 10 passes", d, forms.SettingClinic, vitals(120, 80, 70, 98, 10), nil},
		{"RR 9 excludes", d, forms.SettingClinic, vitals(120, 80, 70, 98, 9), []string{"session-respiratory-rate"}},
		{"RR 30 passes", d, forms.SettingClinic, vitals(120, 80, 70, 98, 30), nil},
		{"RR 31 excludes", d, forms.SettingClinic, vitals(120, 80, 70, 98, 31), []string{"session-respiratory-rate"}},
		{"RR not counted", d, forms.SettingClinic, vitals(120, 80, 70, 98, nil), nil},
		{"food 4 h, liquids 2 h pass", d, forms.SettingClinic, hours(4, 2), nil},
		{"food 3.9 h holds", d, forms.SettingClinic, hours(3.9, 2), []string{"fasting-food"}},
		{"liquids 1.5 h holds", d, forms.SettingClinic, hours(4, 1.5), []string{"fasting-liquids"}},
		{"clinic thresholds 150/95: 145/92 passes", custom, forms.SettingClinic, vitals(145, 92, 80, 98, 14), nil},
		{"clinic thresholds 150/95: 151/92 holds", custom, forms.SettingClinic, vitals(151, 92, 80, 98, 14), []string{"session-bp-in-clinic"}},
		{"clinic fasting 6 h: 5 h holds", custom, forms.SettingClinic, hours(5, 3), []string{"fasting-food"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checklistRules(t, tt.settings, tt.setting, tt.mutate)
			want := append([]string{}, tt.want...)
			sortStrings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("rules %v, want %v", got, want)
			}
		})
	}
}

func TestHistoryThresholdBoundaries(t *testing.T) {
	benzo := func(drug string, mg float64, n int) func(h map[string]any) {
		return func(h map[string]any) {
			formstest.At(h, "medications")["benzodiazepines"] = []any{map[string]any{"drug": drug, "mg_per_dose": mg, "doses_per_day": n, "as_needed": false}}
		}
	}
	older := DefaultSettings()
	older.MaxAge = 75
	now := formstest.Date("2026-11-25")
	tests := []struct {
		name      string
		settings  Settings
		birthDate string
		mutate    func(h map[string]any)
		want      []string
	}{
		{"lorazepam 0.8 mg = 8.0 mg diazepam-eq passes", DefaultSettings(), "", benzo("lorazepam", 0.8, 1), []string{"opioid-or-cns-depressant"}},
		{"diazepam 8.5 mg is above 8", DefaultSettings(), "", benzo("diazepam", 8.5, 1), []string{"benzodiazepine-dose", "opioid-or-cns-depressant"}},
		{"alprazolam 0.25 mg twice = 10 mg", DefaultSettings(), "", benzo("alprazolam", 0.25, 2), []string{"benzodiazepine-dose", "opioid-or-cns-depressant"}},
		{"clonazepam 0.5 mg twice = 20 mg", DefaultSettings(), "", benzo("clonazepam", 0.5, 2), []string{"benzodiazepine-dose", "opioid-or-cns-depressant"}},
		{"temazepam 15 mg at night = 7.5 mg", DefaultSettings(), "", benzo("temazepam", 15, 1), []string{"opioid-or-cns-depressant"}},
		{"17 the day before the 18th birthday", DefaultSettings(), "2008-11-26", nil, []string{"age-under-minimum"}},
		{"18 on the 18th birthday", DefaultSettings(), "2008-11-25", nil, nil},
		{"75 at an upper age of 75", older, "1951-11-25", nil, nil},
		{"76 above an upper age of 75", older, "1950-11-25", nil, []string{"age-over-maximum"}},
		{"no upper age by default", DefaultSettings(), "1930-01-01", nil, nil},
		{"screening BP 140/90 passes", DefaultSettings(), "", func(h map[string]any) {
			formstest.At(h, "vitals")["systolic"], formstest.At(h, "vitals")["diastolic"] = 140, 90
		}, nil},
		{"screening BP 141/90 reviewed", DefaultSettings(), "", func(h map[string]any) { formstest.At(h, "vitals")["systolic"] = 141 }, []string{"screening-blood-pressure"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := formstest.History()
			if tt.mutate != nil {
				tt.mutate(h)
			}
			got := assessRules(t, tt.settings, forms.KindMedicalHistory, h, Patient{BirthDate: tt.birthDate}, now)
			want := append([]string{}, tt.want...)
			sortStrings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("rules %v, want %v", got, want)
			}
		})
	}
}

func TestDiazepamEquivalents(t *testing.T) {
	for drug, mg := range map[string]float64{"alprazolam": 0.5, "clonazepam": 0.5, "lorazepam": 1, "diazepam": 10, "temazepam": 20, "oxazepam": 20, "chlordiazepoxide": 25} {
		if eq, ok := DiazepamEquivalentMg(drug, mg); !ok || eq != 10 {
			t.Errorf("%g mg %s = %g mg diazepam, want 10 (Ashton)", mg, drug, eq)
		}
	}
	if _, ok := DiazepamEquivalentMg("etizolam", 1); ok {
		t.Error("a drug outside the table has an equivalent")
	}
	if got := strings.Fields(benzodiazepineOneOf); len(got) != len(diazepam10mgEquivalent) {
		t.Errorf("the validate tag lists %d drugs, the table %d", len(got), len(diazepam10mgEquivalent))
	} else {
		for _, d := range got {
			if _, ok := diazepam10mgEquivalent[d]; !ok {
				t.Errorf("%s is in the validate tag but not in the table", d)
			}
		}
	}
	tag := reflect.TypeFor[forms.BenzodiazepineDose]().Field(0).Tag.Get("validate")
	if !strings.HasSuffix(tag, "oneof="+benzodiazepineOneOf) {
		t.Errorf("BenzodiazepineDose.Drug tag %q does not list benzodiazepineOneOf", tag)
	}
}
func TestPHQ9Item9IsASafetyFlagWhateverTheTotal(t *testing.T) {
	for _, item9 := range []int{0, 1, 2, 3} {
		items := []int{0, 0, 0, 0, 0, 0, 0, 0, item9}
		s, _ := forms.ScorePHQ9(items)
		f := &Facts{PHQ9: &s, sources: map[Evidence]source{EvidencePHQ9: {}}}
		flags := DefaultScreener().evaluate(f)
		got := len(flags) == 1 && flags[0].Rule == "phq9-item9" && flags[0].Urgent && flags[0].Severity == SeverityReview
		if got != (item9 > 0) {
			t.Errorf("item 9 = %d (total %d): flags %+v", item9, s.Total, flags)
		}
	}
}
