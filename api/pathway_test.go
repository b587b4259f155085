package api

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/records"
)

// pathwayBody is a submission of a pathway form for a patient.
func pathwayBody(pid, form string, answers map[string]any) map[string]any {
	sig := map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true}
	if form == "treatment-plan" {
		sig = map[string]any{"typed_name": "Ana Rivera", "credentials": "MD, DEA-registered", "intent": true}
	}
	return map[string]any{"form": form, "version": "2026-11", "patient_id": pid, "answers": answers,
		"signature": sig, "electronic_records_consent": true}
}

func plan(start string) map[string]any {
	return map[string]any{
		"route": "iv", "dose": map[string]any{"amount": 0.5, "unit": "mg/kg"}, "weight_kg": 70,
		"sessions": 6, "spacing_days": 3, "setting": "clinic", "start_date": start, "capacity_to_consent": "confirmed",
	}
}

func checklist(date string, systolic int) map[string]any {
	return map[string]any{
		"session_date": date, "route": "iv",
		"vitals":           map[string]any{"systolic": systolic, "diastolic": 80, "heart_rate": 74, "spo2": 98, "respiratory_rate": 14},
		"hours_since_food": 6, "hours_since_clear_liquids": 3,
		"last_24_hours":    map[string]any{"alcohol": false, "cannabis": false, "sedatives": false, "opioids": false, "stimulants": false, "lamotrigine": false},
		"escort_confirmed": true, "pregnancy": "no", "breastfeeding": false, "new_medications": []any{},
		"mood": 5, "self_harm_thoughts": false, "unwell": false, "wants_to_proceed": true,
	}
}

func TestPathwayThroughTheAPI(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-PATH")
	today := s.now.Format(time.DateOnly)

	// A PHQ-9 with item 9 above 0 is scored and flagged urgent.
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal",
		body: pathwayBody(pid, "phq-9", map[string]any{"items": []any{2, 2, 2, 1, 1, 1, 1, 1, 1}})})
	mustStatus(t, rec, http.StatusCreated)
	r := decode[records.Receipt](t, rec)
	if total, _ := r.Scores["total"].(float64); total != 12 || r.Ruleset == "" {
		t.Errorf("PHQ-9 receipt scores %v ruleset %q", r.Scores, r.Ruleset)
	}
	urgent := false
	for _, f := range r.Flags {
		fm := f.(map[string]any)
		urgent = urgent || fm["urgent"] == true
	}
	if !urgent {
		t.Errorf("item 9 > 0 raised no urgent flag: %v", r.Flags)
	}
	text := pdfText(t, s.do(request{method: http.MethodGet, path: r.Document.URL, key: "clinician"}).Body.Bytes())
	if !strings.Contains(text, r.Ruleset) {
		t.Error("the record does not carry its rule set")
	}

	// A checklist before any plan is refused; the plan is the clinician's
	// to sign, not the portal's.
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal",
		body: pathwayBody(pid, "pre-session-checklist", checklist(today, 124))}), http.StatusUnprocessableEntity)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal",
		body: pathwayBody(pid, "treatment-plan", plan(today))}), http.StatusForbidden)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "clinician",
		body: pathwayBody(pid, "phq-9", map[string]any{"items": []any{0, 0, 0, 0, 0, 0, 0, 0, 0}})}), http.StatusForbidden)
	rec = s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "clinician", body: pathwayBody(pid, "treatment-plan", plan(today))})
	mustStatus(t, rec, http.StatusCreated)
	planText := pdfText(t, s.do(request{method: http.MethodGet, path: decode[records.Receipt](t, rec).Document.URL, key: "clinician"}).Body.Bytes())
	if !strings.Contains(planText, "Ana Rivera, MD, DEA-registered") || !strings.Contains(planText, "mg/kg") {
		t.Error("the plan's record lacks the clinician's credentials or the dose")
	}

	// Impossible vitals are a 422 with a pointer; high blood pressure is a hold.
	rec = s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal",
		body: pathwayBody(pid, "pre-session-checklist", checklist(today, 400))})
	mustStatus(t, rec, http.StatusUnprocessableEntity)
	if errs := decode[Problem](t, rec).Errors; len(errs) == 0 || !strings.HasPrefix(errs[0].Pointer, "/answers/vitals") {
		t.Errorf("problems %+v", errs)
	}
	before := s.count("submissions")
	rec = s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal",
		body: pathwayBody(pid, "pre-session-checklist", checklist(today, 150))})
	mustStatus(t, rec, http.StatusCreated)
	hold := false
	for _, f := range decode[records.Receipt](t, rec).Flags {
		hold = hold || f.(map[string]any)["severity"] == "hold"
	}
	if !hold || s.count("submissions") != before+1 {
		t.Errorf("BP 150/80 before an in-clinic session: flags %v", decode[records.Receipt](t, rec).Flags)
	}

	// The combined screening points each flag at its record.
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/screening", key: "portal"}), http.StatusForbidden)
	rec = s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/screening", key: "clinician"})
	mustStatus(t, rec, http.StatusOK)
	sc := decode[map[string]any](t, rec)
	flags, _ := sc["flags"].([]any)
	if len(flags) == 0 {
		t.Fatalf("screening %v", sc)
	}
	for _, f := range flags {
		if fm := f.(map[string]any); fm["submission_id"] == "" || fm["submission_id"] == nil {
			if fm["rule"] != nil && !strings.HasPrefix(fm["rule"].(string), "age") {
				t.Errorf("flag %v names no record", fm)
			}
		}
	}
	if sc["phq9_trend"] == nil {
		t.Error("no PHQ-9 trend")
	}
}

// TestClinicianSummary: the clinician sees scores and flags in a summary
// PDF; the signed record, the patient's copy, shows neither.
func TestClinicianSummary(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-SUM")
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal",
		body: pathwayBody(pid, "phq-9", map[string]any{"items": []any{3, 3, 2, 2, 2, 2, 1, 1, 2}})})
	mustStatus(t, rec, http.StatusCreated)
	r := decode[records.Receipt](t, rec)
	var rule string
	for _, f := range r.Flags {
		if fm := f.(map[string]any); fm["urgent"] == true {
			rule = fm["rule"].(string)
		}
	}
	if rule == "" {
		t.Fatalf("no urgent flag: %v", r.Flags)
	}
	path := "/v1/submissions/" + r.ID + "/summary"
	mustStatus(t, s.do(request{method: http.MethodGet, path: path, key: "portal"}), http.StatusForbidden)
	mustStatus(t, s.do(request{method: http.MethodGet, path: path, key: "admin"}), http.StatusForbidden)
	sum := s.do(request{method: http.MethodGet, path: path, key: "clinician"})
	mustStatus(t, sum, http.StatusOK)
	text := pdfText(t, sum.Body.Bytes())
	for _, want := range []string{"Clinician summary", "not the signed record", "URGENT", rule, "severe", r.Ruleset} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	record := pdfText(t, s.do(request{method: http.MethodGet, path: r.Document.URL, key: "clinician"}).Body.Bytes())
	if strings.Contains(record, rule) || strings.Contains(record, "URGENT") {
		t.Error("the signed record shows screening flags the patient never saw")
	}
}
