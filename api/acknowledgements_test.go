package api

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/records"
)

func ackBody(rule string, actions ...any) map[string]any {
	return map[string]any{"rule": rule, "actions": actions, "note": "Passive thoughts, no plan; safety plan reviewed.",
		"signature": map[string]any{"typed_name": "Dr. Ana Rivera", "credentials": "MD", "intent": true}}
}

// urgentOf returns the screening's urgent flags of a rule.
func urgentOf(sc map[string]any, rule string) []map[string]any {
	var out []map[string]any
	for _, u := range sc["urgent_flags"].([]any) {
		if um := u.(map[string]any); um["rule"] == rule {
			out = append(out, um)
		}
	}
	return out
}

func flagRules(sc map[string]any) []string {
	var out []string
	for _, f := range sc["flags"].([]any) {
		out = append(out, f.(map[string]any)["rule"].(string))
	}
	return out
}

// TestUrgentFlagsWaitForAClinician: a PHQ-9 item 9 above 0 stays in the
// screening after a newer PHQ-9 scores 0, until a clinician acknowledges
// it with a signed record of its own; then the screening shows the
// acknowledgement that closed it.
func TestUrgentFlagsWaitForAClinician(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-URGENT")
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal",
		body: pathwayBody(pid, "phq-9", map[string]any{"items": []any{2, 2, 1, 1, 1, 1, 1, 0, 1}})})
	mustStatus(t, rec, http.StatusCreated)
	flagged := decode[records.Receipt](t, rec)
	s.now = s.now.Add(26 * time.Hour)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal",
		body: pathwayBody(pid, "phq-9", map[string]any{"items": []any{1, 1, 0, 0, 0, 0, 0, 0, 0}})}), http.StatusCreated)

	screen := func() map[string]any {
		rec := s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/screening", key: "clinician"})
		mustStatus(t, rec, http.StatusOK)
		return decode[map[string]any](t, rec)
	}
	sc := screen()
	open := urgentOf(sc, "phq9-item9")
	if len(open) != 1 || open[0]["status"] != "open" || open[0]["submission_id"] != flagged.ID || open[0]["age"] != "1d 2h" || sc["open_urgent"] != 1.0 {
		t.Fatalf("after a newer PHQ-9 of 0: urgent flags %v, open %v", sc["urgent_flags"], sc["open_urgent"])
	}
	if rules := flagRules(sc); len(rules) == 0 || rules[0] != "phq9-item9" {
		t.Errorf("the open urgent flag is not first in flags: %v", rules)
	}

	path := "/v1/submissions/" + flagged.ID + "/acknowledgements"
	mustStatus(t, s.do(request{method: http.MethodPost, path: path, key: "portal", body: ackBody("phq9-item9", "crisis-line-given")}), http.StatusForbidden)
	mustStatus(t, s.do(request{method: http.MethodPost, path: path, key: "auditor", body: ackBody("phq9-item9", "crisis-line-given")}), http.StatusForbidden)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions/01a214a6-2ae0-7244-9c97-75faa9428252/acknowledgements", key: "clinician",
		body: ackBody("phq9-item9", "crisis-line-given")}), http.StatusNotFound)
	rec = s.do(request{method: http.MethodPost, path: path, key: "clinician", body: ackBody("safety-today", "referred", "referred", "shrug")})
	mustStatus(t, rec, http.StatusUnprocessableEntity)
	var got []string
	for _, e := range decode[Problem](t, rec).Errors {
		got = append(got, e.Pointer+" "+e.Code)
	}
	for _, want := range []string{"/rule not_flagged", "/actions/2 oneof", "/actions/1 duplicate"} {
		if !strings.Contains(strings.Join(got, ","), want) {
			t.Errorf("problems %v lack %q", got, want)
		}
	}
	noCred := ackBody("phq9-item9", "crisis-line-given")
	noCred["signature"] = map[string]any{"typed_name": "Dr. Ana Rivera", "intent": true}
	mustStatus(t, s.do(request{method: http.MethodPost, path: path, key: "clinician", body: noCred}), http.StatusUnprocessableEntity)

	s.now = s.now.Add(time.Hour)
	rec = s.do(request{method: http.MethodPost, path: path, key: "clinician", body: ackBody("phq9-item9", "safety-plan-reviewed", "crisis-line-given")})
	mustStatus(t, rec, http.StatusCreated)
	ack := decode[records.Receipt](t, rec)
	if ack.Form != "acknowledgement" {
		t.Errorf("receipt form %q", ack.Form)
	}
	text := pdfText(t, s.do(request{method: http.MethodGet, path: ack.Document.URL, key: "clinician"}).Body.Bytes())
	if !strings.Contains(strings.Join(strings.Fields(text), ""), flagged.Document.SHA256) {
		t.Error("the acknowledgement's PDF does not name the flagged record's hash")
	}
	for _, want := range []string{"Acknowledgement of an Urgent Flag", flagged.ID, "phq9-item9", "safety-plan-reviewed, crisis-line-given", "Dr. Ana Rivera, MD"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("the acknowledgement's PDF lacks %q", want)
		}
	}
	rec = s.do(request{method: http.MethodPost, path: path, key: "clinician", body: ackBody("phq9-item9", "referred")})
	mustStatus(t, rec, http.StatusConflict)
	if p := decode[Problem](t, rec); p.Type != "urn:consentry:problem:already-acknowledged" {
		t.Errorf("second acknowledgement: %s", p.Type)
	}

	sc = screen()
	closed := urgentOf(sc, "phq9-item9")
	if len(closed) != 1 || closed[0]["status"] != "acknowledged" || sc["open_urgent"] != 0.0 {
		t.Fatalf("after the acknowledgement: %v", sc["urgent_flags"])
	}
	if a, _ := closed[0]["acknowledgement"].(map[string]any); a == nil || a["id"] != ack.ID || a["by"] != "Dr. Ana Rivera, MD" {
		t.Errorf("acknowledgement %v", closed[0]["acknowledgement"])
	}
	for _, r := range flagRules(sc) {
		if r == "phq9-item9" {
			t.Error("an acknowledged flag of an earlier record is still in flags")
		}
	}

	// The acknowledgement is in the consent history, and cannot be
	// reviewed or withdrawn.
	rec = s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/consents", key: "clinician"})
	mustStatus(t, rec, http.StatusOK)
	if acks := decode[records.ConsentList](t, rec).Acknowledgements; len(acks) != 1 || acks[0].ID != ack.ID || acks[0].Acknowledges != flagged.ID {
		t.Errorf("consent history acknowledgements %+v", acks)
	}
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions/" + ack.ID + "/reviews", key: "clinician",
		body: map[string]any{"decision": "approve", "signature": map[string]any{"typed_name": "Dr. Ana Rivera", "credentials": "MD", "intent": true}}}), http.StatusConflict)
}
