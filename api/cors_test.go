package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/consentry/consentry/forms"
)

// portalOrigin is the portal page the CORS tests allow.
const portalOrigin = "https://portal.example.org"

// newCORSServer is a test server that allows portalOrigin.
func newCORSServer(t *testing.T) *testServer {
	s := newTestServer(t)
	s.e = s.newReplica(forms.Builtin(), 0, func(c *Config) { c.CORSOrigins = []string{portalOrigin, "http://localhost:3000"} })
	return s
}

// preflight is a browser's preflight of a POST with a key, a JSON body
// and an Idempotency-Key.
func preflight(path, origin string) request {
	h := http.Header{"Access-Control-Request-Method": {"POST"}, "Access-Control-Request-Headers": {"authorization,content-type,idempotency-key"}}
	if origin != "" {
		h.Set("Origin", origin)
	}
	return request{method: http.MethodOptions, path: path, header: h}
}

// TestCORSPreflightFromThePortal: a preflight from an allowed origin is a
// 204 with the Access-Control-* headers before any key is checked, for
// every route, with no credentials and no wildcard.
func TestCORSPreflightFromThePortal(t *testing.T) {
	s := newCORSServer(t)
	pid := s.mustPatient("portal", "MRN-CORS")
	for _, path := range []string{"/v1/submissions", "/v1/patients/" + pid, "/v1/forms", "/v1/submissions/" + pid + "/withdrawal"} {
		rec := s.do(preflight(path, portalOrigin))
		mustStatus(t, rec, http.StatusNoContent)
		h := rec.Header()
		for name, want := range map[string]string{
			"Access-Control-Allow-Origin":  portalOrigin,
			"Access-Control-Allow-Methods": "GET,HEAD,POST",
			"Access-Control-Allow-Headers": "Authorization,Content-Type,Idempotency-Key,X-Request-Id",
			"Access-Control-Max-Age":       "600",
		} {
			if got := h.Get(name); got != want {
				t.Errorf("%s: %s = %q, want %q", path, name, got, want)
			}
		}
		if h.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("%s: credentials allowed", path)
		}
		if !strings.Contains(strings.Join(h.Values("Vary"), ","), "Origin") {
			t.Errorf("%s: Vary %q lacks Origin", path, h.Values("Vary"))
		}
	}
	// The second origin is allowed as well.
	rec := s.do(preflight("/v1/patients", "http://localhost:3000"))
	mustStatus(t, rec, http.StatusNoContent)
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "http://localhost:3000" {
		t.Errorf("second origin: Access-Control-Allow-Origin %q", got)
	}
}

// TestCORSRefusesOtherOrigins: a preflight from any other origin (a
// look-alike, another scheme or port, "null") or none gets no CORS header
// and goes on to the key check as before; so does every preflight when no
// origin is configured.
func TestCORSRefusesOtherOrigins(t *testing.T) {
	s := newCORSServer(t)
	for _, origin := range []string{"", "https://evil.example", "https://portal.example.org.evil.example", "http://portal.example.org",
		"https://portal.example.org:8443", "HTTPS://PORTAL.EXAMPLE.ORG", "null", "*"} {
		rec := s.do(preflight("/v1/submissions", origin))
		mustStatus(t, rec, http.StatusUnauthorized)
		for name := range rec.Header() {
			if strings.HasPrefix(name, "Access-Control-") {
				t.Errorf("origin %q: %s: %s", origin, name, rec.Header().Get(name))
			}
		}
	}
	plain := newTestServer(t)
	rec := plain.do(preflight("/v1/submissions", portalOrigin))
	mustStatus(t, rec, http.StatusUnauthorized)
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("no origins configured: Access-Control-Allow-Origin %q", got)
	}
}

// TestCORSOnResponses: the portal's real requests carry the allowed
// origin and the exposed headers, problems included, so that the page
// can read both; another origin's get none.
func TestCORSOnResponses(t *testing.T) {
	s := newCORSServer(t)
	origin := http.Header{"Origin": {portalOrigin}}
	rec := s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal", body: newPatient("MRN-CORS2"), header: origin})
	mustStatus(t, rec, http.StatusCreated)
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != portalOrigin {
		t.Errorf("201: Access-Control-Allow-Origin %q", got)
	}
	if got := rec.Header().Get("Access-Control-Expose-Headers"); got != "Location,X-Request-Id,Retry-After" {
		t.Errorf("201: Access-Control-Expose-Headers %q", got)
	}
	rec = s.do(request{method: http.MethodGet, path: "/v1/forms", header: origin})
	mustStatus(t, rec, http.StatusUnauthorized)
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != portalOrigin {
		t.Errorf("401: Access-Control-Allow-Origin %q", got)
	}
	rec = s.do(request{method: http.MethodGet, path: "/v1/forms", key: "portal", header: http.Header{"Origin": {"https://evil.example"}}})
	mustStatus(t, rec, http.StatusOK)
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("another origin: Access-Control-Allow-Origin %q", got)
	}
}

// TestParseOrigins: only exact origins are accepted.
func TestParseOrigins(t *testing.T) {
	got, err := ParseOrigins(" https://portal.example.org, http://localhost:3000 ,,https://[::1]:8443")
	if err != nil || strings.Join(got, " ") != "https://portal.example.org http://localhost:3000 https://[::1]:8443" {
		t.Fatalf("ParseOrigins = %q, %v", got, err)
	}
	if got, err := ParseOrigins(""); err != nil || len(got) != 0 {
		t.Fatalf("ParseOrigins(\"\") = %q, %v", got, err)
	}
	for _, bad := range []string{"*", "null", "https://*.example.org", "https://portal.example.org/", "https://portal.example.org/app",
		"https://portal.example.org?x=1", "ftp://portal.example.org", "portal.example.org", "https://user@portal.example.org",
		"https://portal.example.org#x", "https://portal.example.?rg", "https://"} {
		if _, err := ParseOrigins("https://ok.example," + bad); err == nil {
			t.Errorf("ParseOrigins accepted %q", bad)
		}
	}
}
