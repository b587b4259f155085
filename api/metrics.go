package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/consentry/consentry/records"
)

// latencyBuckets are the upper bounds, in seconds, of the request
// duration histogram.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// stepBuckets are the upper bounds, in seconds, of the render, seal and
// store histograms: a render and a seal take about a millisecond, a
// time-stamped seal as long as the TSA, a durable write a few
// milliseconds.
var stepBuckets = []float64{0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10}

// Metrics is the server's Prometheus registry, served at /metrics: Go
// runtime and process collectors, requests by method, route template and
// status, the write path's render, seal and store times, and screening
// flags by rule and severity. api.New adds the audit chain's length and
// the age of its last checkpoint, read from the store at each scrape.
// Labels never carry patient data: routes are templates
// ("/v1/patients/:id"), never the requested path.
//
// It is its own registry, not Prometheus' global one, so that every
// server (and every test) counts alone. Other parts add their series
// with Register. Metrics is a records.Observer: cmd passes it to the use
// cases as their Config.Observer.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	render   prometheus.Histogram
	seal     prometheus.Histogram
	store    prometheus.Histogram
	flags    *prometheus.CounterVec
}

// NewMetrics returns a registry with the Go runtime and process
// collectors and Consentry's own series.
func NewMetrics() *Metrics {
	step := func(name, help string) prometheus.Histogram {
		return prometheus.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: stepBuckets})
	}
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "consentry_http_requests_total",
			Help: "HTTP requests answered, by method, route template and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "consentry_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by method, route template and status.",
			Buckets: latencyBuckets,
		}, []string{"method", "route", "status"}),
		render: step("consentry_pdf_render_seconds", "Time to render one record's PDF."),
		seal:   step("consentry_pdf_seal_seconds", "Time to seal one record's PDF: signature, and time-stamp and revocation data when configured."),
		store:  step("consentry_store_write_seconds", "Time to store one sealed record with its document and audit event."),
		flags: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "consentry_screening_flags_total",
			Help: "Screening flags raised by stored records, by rule id and severity.",
		}, []string{"rule", "severity"}),
	}
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.latency, m.render, m.seal, m.store, m.flags,
	)
	return m
}

// Register adds collectors to the registry served at /metrics: the hook
// for the series other parts keep (a webhook outbox's backlog and
// failures, the database pool's collectors.NewDBStatsCollector). It fails
// when a collector's series clash with ones already registered.
func (m *Metrics) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.registry.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// Rendered observes one record's render time (records.Observer).
func (m *Metrics) Rendered(d time.Duration) { m.render.Observe(d.Seconds()) }

// Sealed observes one record's seal time (records.Observer).
func (m *Metrics) Sealed(d time.Duration) { m.seal.Observe(d.Seconds()) }

// Stored observes one record's store time (records.Observer).
func (m *Metrics) Stored(d time.Duration) { m.store.Observe(d.Seconds()) }

// Flagged counts one screening flag (records.Observer). Rule ids and
// severities come from the screening rules, never from a request.
func (m *Metrics) Flagged(rule, severity string) { m.flags.WithLabelValues(rule, severity).Inc() }

// observeRequest counts one answered request. A method outside HTTP's
// own is counted as "other", so that a client can't add series.
func (m *Metrics) observeRequest(method, route string, status int, d time.Duration) {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodTrace, http.MethodConnect:
	default:
		method = "other"
	}
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, code).Inc()
	m.latency.WithLabelValues(method, route, code).Observe(d.Seconds())
}

// handler serves the registry in Prometheus' text format (or OpenMetrics
// when asked). A collector that fails leaves its series out and the rest
// are served: a scrape never fails as a whole.
func (m *Metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Metrics observes the use cases' write path.
var _ records.Observer = (*Metrics)(nil)
