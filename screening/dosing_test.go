package screening

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/forms/formstest"
)

// TestDosingDayVignettes screens a plan, an administration and a
// monitoring record, each changed one way, and checks the flags and the
// scores (mg/kg from the plan's weight, monitoring minutes from the times).
func TestDosingDayVignettes(t *testing.T) {
	cat, val := forms.Builtin(), forms.NewValidator()
	esketaminePlan := func(p map[string]any) {
		for k := range p {
			delete(p, k)
		}
		for k, v := range map[string]any{"route": "intranasal", "dose": map[string]any{"amount": 84, "unit": "mg"}, "sessions": 8, "spacing_days": 3,
			"setting": "clinic", "certified_setting": true, "start_date": "2026-11-20", "capacity_to_consent": "confirmed"} {
			p[k] = v
		}
	}
	esketamine := func(a map[string]any) {
		a["drug"], a["route"], a["dose_mg"] = "esketamine", "intranasal", 84
		delete(a, "end_time")
		formstest.At(a, "monitoring")["rems_setting_id"] = "REMS-12345"
	}
	for _, tt := range []struct {
		name                  string
		plan, admin, monitor  func(map[string]any)
		want                  []string
		mgPerKg, monitoredMin float64
		message               map[string]string
	}{
		{name: "clean IV session", want: nil, mgPerKg: 0.5, monitoredMin: 130},
		{name: "45 mg against a 35 mg plan", admin: set(45, "dose_mg"), want: []string{"dose-differs-from-plan"}, mgPerKg: 0.64, monitoredMin: 130},
		{name: "BP 146/88 before discharge", monitor: set(146, "before_discharge", "systolic"), want: []string{"post-dose-bp-discharge"}, mgPerKg: 0.5, monitoredMin: 130,
			message: map[string]string{"post-dose-bp-discharge": "146/82 mmHg at 12:10 (limit 140/90)"}},
		{name: "140/90 at discharge passes", monitor: all(set(140, "before_discharge", "systolic"), set(90, "before_discharge", "diastolic")), mgPerKg: 0.5, monitoredMin: 130},
		{name: "systolic 186 at 40 minutes", monitor: set(186, "at_40_minutes", "systolic"), want: []string{"post-dose-systolic-high"}, mgPerKg: 0.5, monitoredMin: 130},
		{name: "SpO2 dipped to 91 with respiratory depression", monitor: set(map[string]any{"observed": true, "lowest_spo2": 91}, "respiratory_depression"),
			want: []string{"post-dose-spo2", "respiratory-depression"}, mgPerKg: 0.5, monitoredMin: 130},
		{name: "discharged alone after 90 minutes", monitor: all(set("11:30", "before_discharge", "time"), set("11:35", "discharge_time"),
			set(map[string]any{"decision": "discharged", "vital_signs_acceptable": true, "alert_and_oriented": false, "escort": false}, "discharge")),
			want: []string{"monitoring-short", "discharge-no-escort", "discharge-not-ready"}, mgPerKg: 0.5, monitoredMin: 90,
			message: map[string]string{"monitoring-short": "90 minutes from 10:05 to 11:35 (minimum 120)"}},
		{name: "esketamine 84 mg, 2 hours exactly", plan: esketaminePlan, admin: esketamine,
			monitor: all(set("intranasal", "route"), set("12:05", "discharge_time"), set("12:00", "before_discharge", "time")), monitoredMin: 120},
		{name: "esketamine 115 minutes without pulse oximetry", plan: esketaminePlan, admin: esketamine,
			monitor: all(set("intranasal", "route"), set("12:00", "discharge_time"), set("11:55", "before_discharge", "time"), set(false, "pulse_oximetry")),
			want:    []string{"monitoring-short", "no-pulse-oximetry"}, monitoredMin: 115},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t0 := vignetteNow.Add(-time.Hour)
			var recs []Answered
			add := func(kind string, answers map[string]any, f func(map[string]any), at time.Time) map[string]any {
				if f != nil {
					f(answers)
				}
				b := formstest.Body(t, kind)
				b["answers"] = answers
				sub, err := cat.ParseSubmission(val, formstest.JSON(t, b))
				if err != nil {
					t.Fatalf("%s refused: %v", kind, pointers(err))
				}
				recs = append(recs, Answered{SubmissionID: kind, Form: kind, At: at, Answers: sub.Answers})
				return nil
			}
			add(forms.KindTreatmentPlan, formstest.Plan(), tt.plan, t0.Add(-48*time.Hour))
			add(forms.KindAdministrationRecord, formstest.Administration(), tt.admin, t0)
			add(forms.KindMonitoringRecord, formstest.Monitoring(), tt.monitor, t0.Add(2*time.Hour))
			sc := DefaultScreener().Screen(Patient{Sex: "female", BirthDate: "1990-01-01"}, vignetteNow, recs)
			want := append([]string{}, tt.want...)
			sortStrings(want)
			if got := ruleIDs(sc.Flags); !reflect.DeepEqual(got, want) {
				t.Errorf("rules %v, want %v", got, want)
				for _, f := range sc.Flags {
					t.Logf("  %s: %s", f.Rule, f.Message)
				}
			}
			for _, f := range sc.Flags {
				if m, ok := tt.message[f.Rule]; ok && !strings.Contains(f.Message, m) {
					t.Errorf("%s: %q lacks %q", f.Rule, f.Message, m)
				}
			}
			if got, _ := sc.Scores[forms.KindAdministrationRecord]["mg_per_kg"].(float64); got != tt.mgPerKg {
				t.Errorf("mg/kg %v, want %v", got, tt.mgPerKg)
			}
			if got := sc.Scores[forms.KindMonitoringRecord]["monitoring_minutes"]; got != int(tt.monitoredMin) {
				t.Errorf("monitoring minutes %v, want %v", got, tt.monitoredMin)
			}
		})
	}
}
