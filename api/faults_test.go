package api

import (
	"net/http"
	"testing"

	"github.com/consentry/consentry/forms"
)

// TestWrongMethodIs405WithAllow: a /v1 path that is a route under other
// methods answers 405 with Allow, after authentication; a path that is no
// route is a 404 (401 without a key).
func TestWrongMethodIs405WithAllow(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-405")
	for _, tt := range []struct {
		method, path, key string
		status            int
		allow             string
	}{
		{http.MethodDelete, "/v1/patients/" + pid, "clinician", http.StatusMethodNotAllowed, "GET"},
		{http.MethodPut, "/v1/patients", "portal", http.StatusMethodNotAllowed, "GET, POST"},
		{http.MethodGet, "/v1/submissions/" + pid + "/withdrawal", "portal", http.StatusMethodNotAllowed, "POST"},
		{http.MethodPatch, "/v1/forms/kap-consent/versions", "admin", http.StatusMethodNotAllowed, "POST"},
		{http.MethodDelete, "/v1/patients/" + pid, "", http.StatusUnauthorized, ""},
		{http.MethodGet, "/v1/nope", "clinician", http.StatusNotFound, ""},
		{http.MethodGet, "/v1/nope", "", http.StatusUnauthorized, ""},
		{http.MethodDelete, "/healthz", "", http.StatusMethodNotAllowed, "GET"},
	} {
		rec := s.do(request{method: tt.method, path: tt.path, key: tt.key})
		if rec.Code != tt.status || rec.Header().Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q, want %d Allow %q; %s", tt.method, tt.path, rec.Code, rec.Header().Get("Allow"), tt.status, tt.allow, rec.Body.String())
		}
	}
}

// TestIdempotencyKeyKeepsTheWholeBody: a key changes nothing about what a
// request means: a PDF larger than the JSON limit verifies the same with
// and without a key, two PDFs that share their start don't replay each
// other, and a PDF over its own limit is a 413 either way.
func TestIdempotencyKeyKeepsTheWholeBody(t *testing.T) {
	s := newTestServer(t)
	r := s.signConsent(s.mustPatient("portal", "MRN-IDEM-PDF"))
	doc := s.do(request{method: http.MethodGet, path: r.Document.URL, key: "clinician"}).Body.Bytes()
	// JSON bodies up to 4 KiB, PDFs up to twice the record: the record is
	// larger than the JSON limit.
	s.e = s.newReplica(forms.Builtin(), 0, func(c *Config) { c.MaxBodyBytes, c.MaxPDFBytes = 4<<10, 2*int64(len(doc)) })
	verify := func(body []byte, key string) (int, map[string]any) {
		h := http.Header{}
		if key != "" {
			h.Set("Idempotency-Key", key)
		}
		rec := s.do(request{method: http.MethodPost, path: "/v1/documents/verify", key: "auditor", body: body, contentType: "application/pdf", header: h})
		if rec.Code != http.StatusOK {
			return rec.Code, nil
		}
		return rec.Code, decode[map[string]any](t, rec)
	}
	if code, v := verify(doc, "k1"); code != http.StatusOK || v["valid"] != true {
		t.Errorf("a %d-byte record with an Idempotency-Key: %d %v", len(doc), code, v)
	}
	longer := append(append([]byte{}, doc...), []byte("\n% appended\n")...)
	if code, _ := verify(longer, "k1"); code != http.StatusConflict {
		t.Errorf("another PDF with the same start and key: %d, want 409", code)
	}
	huge := append(append([]byte{}, doc...), make([]byte, len(doc)+1)...)
	for _, key := range []string{"", "k2"} {
		if code, _ := verify(huge, key); code != http.StatusRequestEntityTooLarge {
			t.Errorf("a PDF over the limit, key %q: %d, want 413", key, code)
		}
	}
}

// TestSecurityHeaders: every response says nosniff; the HTML page can't
// be framed or load anything from elsewhere.
func TestSecurityHeaders(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/docs", "/healthz", "/v1/forms", "/nope"} {
		rec := s.do(request{method: http.MethodGet, path: path, key: "portal"})
		h := rec.Header()
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" ||
			h.Get("Content-Security-Policy") == "" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}
