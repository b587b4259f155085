package api

import (
	"github.com/consentry/consentry/forms"

	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkSubmitConsent measures a whole signed consent through the
// router on a real SQLite file: validate, render, seal, store, audit.
// Run with -cpu 2 and compare ns/op across changes; throughput per second
// is about 1e9 / (ns/op).
func BenchmarkSubmitConsent(b *testing.B) {
	s := newTestServer(b)
	s.e = s.newReplica(forms.Builtin(), 0, noLimits)
	pid := s.mustPatient("portal", "MRN-BENCH")
	body, err := json.Marshal(consentBody(b, pid))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/v1/submissions", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+s.keys["portal"])
			rec := httptest.NewRecorder()
			s.e.ServeHTTP(rec, req)
			if rec.Code != http.StatusCreated {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
}

// BenchmarkDownloadPDF measures serving a stored record to 16 clients
// per core (32 on the 2-core budget machine); each download appends its
// audit event before the bytes go out.
func BenchmarkDownloadPDF(b *testing.B) {
	s := newTestServer(b)
	s.e = s.newReplica(forms.Builtin(), 0, noLimits)
	pid := s.mustPatient("portal", "MRN-BENCH")
	r := s.signConsent(pid)
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, r.Document.URL, nil)
			req.Header.Set("Authorization", "Bearer "+s.keys["clinician"])
			rec := httptest.NewRecorder()
			s.e.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

// noLimits turns the rate limits off, for benchmarks that drive one key
// far past them.
func noLimits(c *Config) { c.Limits = &Limits{} }
