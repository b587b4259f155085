package api

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"sync"
	"time"
)

// latencyBuckets are the upper bounds, in seconds, of the request duration
// histogram.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// metrics counts requests by method, route template and status, and their
// durations, in Prometheus' text format.
type metrics struct {
	mu     sync.Mutex
	series map[seriesKey]*histogram
}

type seriesKey struct {
	method, route string
	status        int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	count  uint64
	sum    float64
}

func newMetrics() *metrics { return &metrics{series: map[seriesKey]*histogram{}} }

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	k := seriesKey{method, route, status}
	h := m.series[k]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets))}
		m.series[k] = h
	}
	h.count++
	h.sum += sec
	for i, b := range latencyBuckets {
		if sec <= b {
			h.counts[i]++
			break
		}
	}
}

// write prints every series in a stable order.
func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]seriesKey, 0, len(m.series))
	for k := range m.series {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	fmt.Fprintln(w, "# HELP consentry_http_request_duration_seconds Time to answer HTTP requests.")
	fmt.Fprintln(w, "# TYPE consentry_http_request_duration_seconds histogram")
	for _, k := range keys {
		h := m.series[k]
		labels := fmt.Sprintf("method=%q,route=%q,status=\"%d\"", k.method, k.route, k.status)
		var cum uint64
		for i, b := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "consentry_http_request_duration_seconds_bucket{%s,le=\"%s\"} %d\n",
				labels, strconv.FormatFloat(b, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "consentry_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", labels, h.count)
		fmt.Fprintf(w, "consentry_http_request_duration_seconds_sum{%s} %g\n", labels, h.sum)
		fmt.Fprintf(w, "consentry_http_request_duration_seconds_count{%s} %d\n", labels, h.count)
	}
}
