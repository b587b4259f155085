package api

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCursor: any cursor decodes to a position or to nothing, and a
// position round-trips.
func FuzzCursor(f *testing.F) {
	for _, s := range []string{"", "djE6YQ", encodeCursor("01a2339a-8a2c-7297-8c93-f2b2ab067c72"), "%%%", "djE6"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pos, ok := decodeCursor(s)
		if !ok {
			return
		}
		if pos != "" {
			if back, ok := decodeCursor(encodeCursor(pos)); !ok || back != pos {
				t.Fatalf("cursor %q: position %q does not round-trip", s, pos)
			}
		}
	})
}

// FuzzIdempotentPost sends arbitrary bodies with and without an
// Idempotency-Key through the real router on a real database: every
// answer is below 500, and every refusal is a problem.
func FuzzIdempotentPost(f *testing.F) {
	for _, s := range []string{
		`{"external_id":"MRN-F","given_name":"A","family_name":"B","birth_date":"1990-01-02","sex":"female"}`,
		`{}`, ``, `{"given_name":"\ud800"}`, `[`, `{"external_id":1}`,
	} {
		f.Add([]byte(s), "key-1", uint8(0))
		f.Add([]byte(s), "", uint8(1))
	}
	s := newTestServer(f)
	routes := []string{"/v1/patients", "/v1/submissions", "/v1/documents/verify", "/v1/forms/kap-consent/versions"}
	keys := []string{"portal", "portal", "auditor", "admin"}
	f.Fuzz(func(t *testing.T, body []byte, idem string, route uint8) {
		i := int(route) % len(routes)
		h := http.Header{}
		if idem != "" && utf8.ValidString(idem) && !strings.ContainsAny(idem, "\r\n\x00") {
			h.Set("Idempotency-Key", idem)
		}
		ct := "application/json"
		if routes[i] == "/v1/documents/verify" {
			ct = "application/pdf"
		}
		s.t = t
		rec := s.do(request{method: http.MethodPost, path: routes[i], key: keys[i], body: body, contentType: ct, header: h})
		if rec.Code >= 500 {
			t.Fatalf("%s: %d %s", routes[i], rec.Code, rec.Body.String())
		}
		if rec.Code >= 400 && rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%s: %d with %s", routes[i], rec.Code, rec.Header().Get("Content-Type"))
		}
	})
}
