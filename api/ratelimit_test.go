package api

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/consentry/consentry/forms"
)

// TestGuessingKeysIsSlowedDown: a client address that keeps sending wrong
// keys gets 429 with Retry-After, even for a right key, while another
// address is unaffected; a key that goes too fast gets 429 too.
func TestGuessingKeysIsSlowedDown(t *testing.T) {
	s := newTestServer(t)
	s.e = s.newReplica(forms.Builtin(), 0, func(c *Config) {
		c.Limits = &Limits{AuthFailuresPerMinute: 10, RequestsPerSecond: 5}
	})
	got429 := 0
	for i := 0; i < 200; i++ {
		rec := s.doFrom("192.0.2.7", request{method: http.MethodGet, path: "/v1/forms", key: "wrong-key-" + strconv.Itoa(i)})
		switch rec.Code {
		case http.StatusUnauthorized:
			if got429 > 0 {
				t.Fatalf("guess %d: 401 after a 429", i)
			}
		case http.StatusTooManyRequests:
			got429++
			if rec.Header().Get("Retry-After") == "" {
				t.Fatalf("429 without Retry-After")
			}
		default:
			t.Fatalf("guess %d: %d", i, rec.Code)
		}
	}
	if got429 < 180 {
		t.Fatalf("200 wrong keys in a burst, %d refused with 429; want all but the first 10", got429)
	}
	if rec := s.doFrom("192.0.2.7", request{method: http.MethodGet, path: "/v1/forms", key: "portal"}); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a right key from the guessing address: %d, want 429", rec.Code)
	}
	if rec := s.doFrom("192.0.2.8", request{method: http.MethodGet, path: "/v1/forms", key: "portal"}); rec.Code != http.StatusOK {
		t.Errorf("a right key from another address: %d", rec.Code)
	}
	// Per key: a burst of twice the rate, then 429.
	codes := map[int]int{}
	for i := 0; i < 30; i++ {
		codes[s.doFrom("192.0.2.9", request{method: http.MethodGet, path: "/v1/forms", key: "clinician"}).Code]++
	}
	if codes[http.StatusOK] < 10 || codes[http.StatusTooManyRequests] == 0 || codes[http.StatusOK]+codes[http.StatusTooManyRequests] != 30 {
		t.Errorf("30 requests in a burst with a key limited to 5/s: %v", codes)
	}
}
