package api

import (
	"net/http"
	"testing"
)

// TestRolesOnEveryRoute checks DESIGN.md's role table on every /v1 route:
// no key is 401, a wrong role is 403.
func TestRolesOnEveryRoute(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-ROLES")
	const someID = "01a214a6-2d4c-7681-9749-4037df353a61"
	routes := []struct {
		method, path string
		allowed      []string
	}{
		{http.MethodGet, "/v1/forms", []string{"portal", "clinician", "auditor", "admin"}},
		{http.MethodGet, "/v1/forms/kap-consent", []string{"portal", "clinician", "auditor", "admin"}},
		{http.MethodGet, "/v1/forms/kap-consent/versions/2026-11", []string{"portal", "clinician", "auditor", "admin"}},
		{http.MethodPost, "/v1/patients", []string{"portal"}},
		{http.MethodGet, "/v1/patients?external_id=MRN-ROLES", []string{"portal", "clinician", "auditor"}},
		{http.MethodGet, "/v1/patients/" + pid, []string{"portal", "clinician", "auditor"}},
		{http.MethodGet, "/v1/patients/" + pid + "/submissions", []string{"portal", "clinician", "auditor"}},
		{http.MethodPost, "/v1/submissions", []string{"portal", "clinician"}},
		{http.MethodGet, "/v1/submissions/" + someID, []string{"portal", "clinician", "auditor"}},
		{http.MethodGet, "/v1/submissions/" + someID + "/pdf", []string{"portal", "clinician", "auditor"}},
	}
	for _, rt := range routes {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			mustStatus(t, s.do(request{method: rt.method, path: rt.path}), http.StatusUnauthorized)
			mustStatus(t, s.do(request{method: rt.method, path: rt.path, key: "csk_not-a-real-key"}), http.StatusUnauthorized)
			for _, role := range []string{"portal", "clinician", "auditor", "admin"} {
				rec := s.do(request{method: rt.method, path: rt.path, key: role})
				allowed := false
				for _, a := range rt.allowed {
					allowed = allowed || a == role
				}
				if !allowed && rec.Code != http.StatusForbidden {
					t.Errorf("%s: status %d, want 403", role, rec.Code)
				}
				if allowed && (rec.Code == http.StatusForbidden || rec.Code == http.StatusUnauthorized) {
					t.Errorf("%s: status %d, want the route to answer", role, rec.Code)
				}
			}
		})
	}
}

func TestAuthorizationHeaderForms(t *testing.T) {
	s := newTestServer(t)
	for _, tt := range []struct {
		name, header string
		want         int
	}{
		{"bearer", "Bearer " + s.keys["admin"], http.StatusOK},
		{"lower-case scheme", "bearer " + s.keys["admin"], http.StatusOK},
		{"basic", "Basic " + s.keys["admin"], http.StatusUnauthorized},
		{"no secret", "Bearer ", http.StatusUnauthorized},
		{"huge", "Bearer " + string(make([]byte, 5000)), http.StatusUnauthorized},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := s.do(request{method: http.MethodGet, path: "/v1/forms", header: http.Header{"Authorization": {tt.header}}})
			mustStatus(t, rec, tt.want)
		})
	}
}
