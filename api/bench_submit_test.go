package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/forms/formstest"
)

// BenchmarkSubmit is the whole submission through the router (validate,
// screen, render, seal, store, audit) on the test run's engine
// (CONSENTRY_TEST_DATABASE: SQLite by default, or postgres), by 16
// clients per core (32 on the 2-core budget machine): the consent with a
// 600 × 200 drawn signature as a canvas sends it, and with the typed name
// alone. It reports submissions/s over the run; with -cpu 2 ns/op is the
// CPU-bound cost per submission on two cores.
func BenchmarkSubmit(b *testing.B) {
	for _, tc := range []struct {
		name  string
		drawn string
	}{{"consent-drawn-600x200", formstest.CanvasSignature(b, 600, 200)}, {"consent-typed", ""}} {
		b.Run(tc.name, func(b *testing.B) {
			s := newTestServer(b)
			s.e = s.newReplica(forms.Builtin(), 0, noLimits)
			pid := s.mustPatient("portal", "MRN-BENCH")
			body := consentBody(b, pid)
			sig := body["signature"].(map[string]any)
			if tc.drawn == "" {
				delete(sig, "drawn_png")
			} else {
				sig["drawn_png"] = tc.drawn
			}
			raw, err := json.Marshal(body)
			if err != nil {
				b.Fatal(err)
			}
			b.SetParallelism(16)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest(http.MethodPost, "/v1/submissions", bytes.NewReader(raw))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+s.keys["portal"])
					rec := httptest.NewRecorder()
					s.e.ServeHTTP(rec, req)
					if rec.Code != http.StatusCreated {
						b.Fatalf("status %d: %s", rec.Code, rec.Body)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submissions/s")
		})
	}
}
