package api

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/consentry/consentry/records"
)

// scrape reads /metrics and parses it as Prometheus' text format.
func (s *testServer) scrape() (map[string]*dto.MetricFamily, string) {
	s.t.Helper()
	rec := s.do(request{method: http.MethodGet, path: "/metrics"})
	mustStatus(s.t, rec, http.StatusOK)
	body := rec.Body.String()
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		s.t.Fatalf("parse /metrics: %v\n%s", err, body)
	}
	return families, body
}

// metricValue is the value of the series of a family whose labels
// include want, and whether there is one.
func metricValue(families map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	f := families[name]
	if f == nil {
		return 0, false
	}
series:
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if labels[k] != v {
				continue series
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		}
	}
	return 0, false
}

// TestMetricsCountTheWritePath: after a flagged submission, /metrics has
// the request by route template and status, one render, seal and store
// observation, the flag by rule and severity, the audit chain's length
// and (once there is one) the last checkpoint's age, the database pool and
// the Go runtime and process collectors, and no patient data anywhere.
func TestMetricsCountTheWritePath(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-METRICS")
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal",
		body: pathwayBody(pid, "phq-9", map[string]any{"items": []any{2, 2, 1, 1, 1, 1, 1, 0, 1}})})
	mustStatus(t, rec, http.StatusCreated)
	type flagged struct {
		ID    string
		Flags []struct{ Rule, Severity string }
	}
	receipt := decode[flagged](t, rec)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid, key: "clinician"}), http.StatusOK)
	mustStatus(t, s.do(request{method: "BREW", path: "/v1/patients/" + pid, key: "clinician"}), http.StatusMethodNotAllowed)

	if len(receipt.Flags) == 0 || receipt.Flags[0].Rule != "phq9-item9" {
		t.Fatalf("the receipt's flags: %+v", receipt.Flags)
	}
	families, body := s.scrape()
	// Three events: the patient's creation, the submission and the read.
	const events = 3
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"consentry_http_requests_total", map[string]string{"method": "POST", "route": "/v1/submissions", "status": "201"}, 1},
		{"consentry_http_requests_total", map[string]string{"method": "POST", "route": "/v1/patients", "status": "201"}, 1},
		{"consentry_http_requests_total", map[string]string{"method": "GET", "route": "/v1/patients/:id", "status": "200"}, 1},
		{"consentry_http_requests_total", map[string]string{"method": "other", "status": "405"}, 1},
		{"consentry_http_request_duration_seconds", map[string]string{"method": "POST", "route": "/v1/submissions", "status": "201"}, 1},
		{"consentry_pdf_render_seconds", nil, 1},
		{"consentry_pdf_seal_seconds", nil, 1},
		{"consentry_store_write_seconds", nil, 1},
		{"consentry_screening_flags_total", map[string]string{"rule": "phq9-item9", "severity": receipt.Flags[0].Severity}, 1},
		{"consentry_store_up", nil, 1},
		{"consentry_audit_chain_length", nil, events},
		{"consentry_audit_events_since_checkpoint", nil, events},
	} {
		got, ok := metricValue(families, c.name, c.labels)
		if !ok || got != c.want {
			t.Errorf("%s%v = %v (present %t), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
	if _, ok := families["consentry_audit_last_checkpoint_age_seconds"]; ok {
		t.Error("a checkpoint age before the first checkpoint")
	}
	for _, name := range []string{"go_goroutines", "go_memstats_alloc_bytes", "process_cpu_seconds_total", "process_resident_memory_bytes", "go_sql_open_connections", "go_sql_wait_count_total"} {
		if families[name] == nil {
			t.Errorf("no %s", name)
		}
	}
	for _, secret := range []string{pid, receipt.ID, "Nguyễn", "Minh", "minh@example.org", "MRN-METRICS", s.keys["portal"]} {
		if strings.Contains(body, secret) {
			t.Errorf("/metrics carries %q", secret)
		}
	}

	cp, err := records.NewCheckpointer(records.CheckpointConfig{Store: s.store, Key: s.sealer.Key, Cert: s.sealer.Cert,
		Log: filepath.Join(t.TempDir(), "checkpoints.jsonl"), Clock: func() time.Time { return s.now }})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close(context.Background())
	if _, err := cp.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.now = s.now.Add(90 * time.Second)
	families, _ = s.scrape()
	if got, ok := metricValue(families, "consentry_audit_last_checkpoint_age_seconds", nil); !ok || got != 90 {
		t.Errorf("last checkpoint age %v (present %t), want 90", got, ok)
	}
	// The checkpoint itself is not an event; the scrapes are not either.
	if got, _ := metricValue(families, "consentry_audit_events_since_checkpoint", nil); got != 0 {
		t.Errorf("events since the checkpoint %v, want 0", got)
	}
}

// TestMetricsWhenTheStoreIsDown: a scrape while the database is closed
// still answers 200 with the process's series and consentry_store_up 0.
func TestMetricsWhenTheStoreIsDown(t *testing.T) {
	s := newTestServer(t)
	sqlDB, err := s.store.DB().DB()
	if err != nil {
		t.Fatal(err)
	}
	sqlDB.Close()
	families, _ := s.scrape()
	if got, ok := metricValue(families, "consentry_store_up", nil); !ok || got != 0 {
		t.Errorf("consentry_store_up %v (present %t), want 0", got, ok)
	}
	if families["consentry_audit_chain_length"] != nil {
		t.Error("a chain length from a closed store")
	}
	if families["go_goroutines"] == nil {
		t.Error("no Go runtime series")
	}
}
