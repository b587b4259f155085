package api

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// generatedID is what newRequestID makes.
var generatedID = regexp.MustCompile(`^[0-9a-f]{16}$`)

// TestRequestIDKeptWhenSafe: an incoming X-Request-Id of 1 to 64 safe
// characters is echoed, problems included, and logged; anything else, or
// two of them, is replaced by a new id.
func TestRequestIDKeptWhenSafe(t *testing.T) {
	s := newTestServer(t)
	for _, c := range []struct {
		name string
		in   []string
		keep bool
	}{
		{"uuid", []string{"0195f3c2-7a1b-7cde-8f00-123456789abc"}, true},
		{"dots and underscores", []string{"portal.req_42-A"}, true},
		{"64 characters", []string{strings.Repeat("a", 64)}, true},
		{"65 characters", []string{strings.Repeat("a", 65)}, false},
		{"space", []string{"has space"}, false},
		{"log injection", []string{"x\" status=200 forged=\""}, false},
		{"newline", []string{"a\nb"}, false},
		{"non-ASCII", []string{"ünïcode"}, false},
		{"slash", []string{"a/b"}, false},
		{"empty", []string{""}, false},
		{"two", []string{"first", "second"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, path := range []string{"/healthz", "/v1/patients/00000000-0000-7000-8000-000000000000"} {
				s.log.Reset()
				rec := s.do(request{method: http.MethodGet, path: path, key: "clinician", header: http.Header{"X-Request-Id": c.in}})
				got := rec.Header().Values("X-Request-Id")
				if len(got) != 1 {
					t.Fatalf("%s: X-Request-Id %q", path, got)
				}
				switch {
				case c.keep && got[0] != c.in[0]:
					t.Errorf("%s: X-Request-Id %q, want %q kept", path, got[0], c.in[0])
				case !c.keep && !generatedID.MatchString(got[0]):
					t.Errorf("%s: X-Request-Id %q, want a new id", path, got[0])
				}
				if !strings.Contains(s.log.String(), `"request_id":"`+got[0]+`"`) {
					t.Errorf("%s: the log line lacks the id %q: %s", path, got[0], s.log.String())
				}
			}
		})
	}
	a := s.do(request{method: http.MethodGet, path: "/healthz"}).Header().Get("X-Request-Id")
	b := s.do(request{method: http.MethodGet, path: "/healthz"}).Header().Get("X-Request-Id")
	if a == b || !generatedID.MatchString(a) {
		t.Errorf("generated ids %q and %q", a, b)
	}
}
