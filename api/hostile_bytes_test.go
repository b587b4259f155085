package api

import (
	"net/http"
	"testing"
)

// TestHostileBytesNeverReachTheStore sends NUL bytes and invalid UTF-8
// wherever a request can carry them. PostgreSQL refuses both in text
// columns and parameters, so each must be answered as the client's
// mistake, never a 500, on every engine.
func TestHostileBytesNeverReachTheStore(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-HOSTILE")
	r := s.signConsent(pid)
	bad := []request{
		{method: http.MethodGet, path: "/v1/patients?external_id=%00", key: "clinician"},
		{method: http.MethodGet, path: "/v1/patients?external_id=%FF%FE", key: "clinician"},
		{method: http.MethodGet, path: "/v1/patients/%00", key: "clinician"},
		{method: http.MethodGet, path: "/v1/patients/%C3%28", key: "clinician"},
		{method: http.MethodGet, path: "/v1/submissions/" + r.ID + "%00", key: "clinician"},
		{method: http.MethodGet, path: "/v1/patients/" + pid + "/submissions?after=%00&form=%FF", key: "clinician"},
		{method: http.MethodGet, path: "/v1/audit/events?actor=%00&subject=%FF", key: "auditor"},
		{method: http.MethodGet, path: "/v1/forms/%00", key: "clinician"},
		{method: http.MethodGet, path: "/v1/forms/kap-consent/versions/%FF", key: "clinician"},
		{method: http.MethodPost, path: "/v1/patients", key: "portal", body: map[string]any{
			"external_id": "MRN\u0000X", "given_name": "A\u0000", "family_name": "B", "birth_date": "1990-01-01",
			"sex": "female", "email": "a@example.org", "phone": "+14155550123"}},
		{method: http.MethodPost, path: "/v1/patients", key: "portal", body: "{\"external_id\":\"\xff\xfe\"}"},
		{method: http.MethodPost, path: "/v1/patients", key: "portal", body: newPatient("MRN-H2"),
			header: http.Header{"Idempotency-Key": {"key\xff\xfe"}}},
		{method: http.MethodPost, path: "/v1/patients", key: "portal", body: newPatient("MRN-H3"),
			header: http.Header{"Idempotency-Key": {"key\x00"}}},
	}
	patients := s.count("patients")
	for _, req := range bad {
		rec := s.do(req)
		if rec.Code < 400 || rec.Code >= 500 {
			t.Errorf("%s %s: %d %s", req.method, req.path, rec.Code, rec.Body.String())
		}
	}
	if n := s.count("patients"); n != patients {
		t.Errorf("%d patients stored from hostile requests", n-patients)
	}
	// A forwarded-for header that is not an address is ignored: the read
	// still happens and is recorded.
	before := s.count("audit_events")
	rec := s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid, key: "clinician",
		header: http.Header{"X-Forwarded-For": {"\xff\xfe"}}})
	mustStatus(t, rec, http.StatusOK)
	if s.count("audit_events") != before+1 {
		t.Error("the read was not recorded")
	}
}
