package forms

import (
	"reflect"
	"testing"

	"github.com/consentry/consentry/forms/formstest"
)

func TestCheckSession(t *testing.T) {
	now := formstest.Date("2026-11-24")
	plan := &TreatmentPlanAnswers{Route: RouteIV, StartDate: "2026-11-20", Setting: SettingClinic}
	for _, tt := range []struct {
		name  string
		date  string
		route string
		plan  *TreatmentPlanAnswers
		want  []string
	}{
		{"today, on plan", "2026-11-24", RouteIV, plan, nil},
		{"yesterday and tomorrow are allowed for time zones", "2026-11-23", RouteIV, plan, nil},
		{"tomorrow", "2026-11-25", RouteIV, plan, nil},
		{"next week", "2026-12-01", RouteIV, plan, []string{"/answers/session_date not_today"}},
		{"before the plan starts", "2026-11-19", RouteIV, &TreatmentPlanAnswers{Route: RouteIV, StartDate: "2026-11-25"}, []string{"/answers/session_date before_plan_start", "/answers/session_date not_today"}},
		{"on the start date", "2026-11-24", RouteIV, &TreatmentPlanAnswers{Route: RouteIV, StartDate: "2026-11-24"}, nil},
		{"a day before the start date", "2026-11-23", RouteIV, &TreatmentPlanAnswers{Route: RouteIV, StartDate: "2026-11-24"}, []string{"/answers/session_date before_plan_start"}},
		{"another route", "2026-11-24", RouteIM, plan, []string{"/answers/route route_mismatch"}},
		{"no plan", "2026-11-24", RouteIV, nil, []string{"/patient_id no_treatment_plan"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := &PreSessionChecklistAnswers{SessionDate: tt.date, Route: tt.route}
			var got []string
			for _, fe := range CheckSession(a, tt.plan, now) {
				got = append(got, fe.Pointer+" "+fe.Code)
			}
			sortStrings(got)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckContext(t *testing.T) {
	cat, v := Builtin(), NewValidator()
	b := validBody(t, KindMedicalHistory)
	formstest.At(b, "answers", "vitals")["measured_on"] = "2026-12-31"
	sub, err := cat.ParseSubmission(v, formstest.JSON(t, b))
	if err != nil {
		t.Fatal(err)
	}
	if got := sub.CheckContext(formstest.Date("2026-11-24"), nil); len(got) != 1 || got[0].Pointer != "/answers/vitals/measured_on" {
		t.Errorf("future vitals: %v", got)
	}
	b = validBody(t, KindPreSessionChecklist)
	sub, err = cat.ParseSubmission(v, formstest.JSON(t, b))
	if err != nil {
		t.Fatal(err)
	}
	plan := &TreatmentPlanAnswers{Route: RouteIV, StartDate: "2026-11-20"}
	if got := sub.CheckContext(formstest.Date("2026-11-24"), plan); len(got) != 0 {
		t.Errorf("checklist on plan: %v", got)
	}
	b = validBody(t, KindPHQ9)
	sub, _ = cat.ParseSubmission(v, formstest.JSON(t, b))
	if got := sub.CheckContext(formstest.Date("2026-11-24"), nil); got != nil {
		t.Errorf("PHQ-9: %v", got)
	}
}
