package api

import (
	"net/http"
	"testing"

	"github.com/consentry/consentry/records"
)

func TestIdempotencyKey(t *testing.T) {
	s := newTestServer(t)
	idem := func(k string) http.Header { return http.Header{"Idempotency-Key": {k}} }

	first := s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal", body: newPatient("MRN-I"), header: idem("create-mrn-i")})
	mustStatus(t, first, http.StatusCreated)
	retry := s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal", body: newPatient("MRN-I"), header: idem("create-mrn-i")})
	mustStatus(t, retry, http.StatusCreated)
	if retry.Body.String() != first.Body.String() || retry.Header().Get("Location") != first.Header().Get("Location") {
		t.Fatalf("retry answered differently:\n%s\n%s", first.Body, retry.Body)
	}
	if retry.Header().Get("Idempotent-Replayed") != "true" {
		t.Error("replay not marked")
	}
	if n := s.count("patients"); n != 1 {
		t.Fatalf("%d patients after a retry", n)
	}
	// The same key for another request is a conflict, and stores nothing.
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal", body: newPatient("MRN-J"), header: idem("create-mrn-i")}),
		http.StatusConflict)
	// Keys belong to their API key: another portal's same key is its own.
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal2", body: newPatient("MRN-K"), header: idem("create-mrn-i")}),
		http.StatusCreated)
	if n := s.count("patients"); n != 2 {
		t.Fatalf("%d patients", n)
	}

	// A signed consent retried is one record.
	pid := decode[records.PatientView](t, first).ID
	body := consentBody(t, pid)
	r1 := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: body, header: idem("consent-1")})
	mustStatus(t, r1, http.StatusCreated)
	r2 := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: body, header: idem("consent-1")})
	if decode[records.Receipt](t, r1).ID != decode[records.Receipt](t, r2).ID || s.count("submissions") != 1 {
		t.Fatal("a retried submission was stored twice")
	}
	// An invalid request's answer is kept too.
	bad := consentBody(t, pid)
	bad["signature"].(map[string]any)["intent"] = false
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: bad, header: idem("consent-2")}), http.StatusUnprocessableEntity)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: bad, header: idem("consent-2")}), http.StatusUnprocessableEntity)

	for _, k := range []string{"has space", string(make([]byte, 300))} {
		mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal", body: newPatient("MRN-Z"), header: idem(k)}), http.StatusBadRequest)
	}
}
