package api

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/consentry/consentry/models"
)

// chainStater is what the store's scrape-time gauges read: the audit
// chain's head and its latest checkpoint, one indexed row each.
type chainStater interface {
	ChainHead(ctx context.Context) (*models.AuditEvent, error)
	LatestCheckpoint(ctx context.Context) (*models.Checkpoint, error)
}

// writeStater is a store with a batching writer (models.Store on SQLite).
type writeStater interface {
	WriteStats() (batches, writes int64)
}

// scrapeTimeout bounds the store reads of one scrape.
const scrapeTimeout = 2 * time.Second

// storeCollector reads the audit chain's length and the age of its last
// checkpoint from the store at each scrape, and the SQLite writer's
// counts. When the store can't answer, consentry_store_up is 0 and the
// chain's series are left out of that scrape.
type storeCollector struct {
	store chainStater
	now   func() time.Time
}

var (
	storeUpDesc = prometheus.NewDesc("consentry_store_up",
		"1 when the store answered this scrape's reads, else 0.", nil, nil)
	chainLengthDesc = prometheus.NewDesc("consentry_audit_chain_length",
		"Events in the audit chain (the head's seq).", nil, nil)
	checkpointAgeDesc = prometheus.NewDesc("consentry_audit_last_checkpoint_age_seconds",
		"Time since the audit chain's latest checkpoint was made; absent before the first.", nil, nil)
	checkpointLagDesc = prometheus.NewDesc("consentry_audit_events_since_checkpoint",
		"Events appended to the audit chain after its latest checkpoint.", nil, nil)
	batchesDesc = prometheus.NewDesc("consentry_store_write_batches_total",
		"Transactions the SQLite writer committed or tried to (group commit).", nil, nil)
	batchedDesc = prometheus.NewDesc("consentry_store_batched_writes_total",
		"Writes and read events those transactions held.", nil, nil)
)

// Describe sends the series' descriptions.
func (sc storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{storeUpDesc, chainLengthDesc, checkpointAgeDesc, checkpointLagDesc, batchesDesc, batchedDesc} {
		ch <- d
	}
}

// Collect reads the store.
func (sc storeCollector) Collect(ch chan<- prometheus.Metric) {
	if ws, ok := sc.store.(writeStater); ok {
		if batches, writes := ws.WriteStats(); batches > 0 {
			ch <- prometheus.MustNewConstMetric(batchesDesc, prometheus.CounterValue, float64(batches))
			ch <- prometheus.MustNewConstMetric(batchedDesc, prometheus.CounterValue, float64(writes))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	var length int64
	head, err := sc.store.ChainHead(ctx)
	switch {
	case err == nil:
		length = head.Seq
	case !errors.Is(err, models.ErrNotFound):
		ch <- prometheus.MustNewConstMetric(storeUpDesc, prometheus.GaugeValue, 0)
		return
	}
	cp, err := sc.store.LatestCheckpoint(ctx)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		ch <- prometheus.MustNewConstMetric(storeUpDesc, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(storeUpDesc, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(chainLengthDesc, prometheus.GaugeValue, float64(length))
	since := length
	if cp != nil {
		age := max(sc.now().Sub(cp.At), 0)
		ch <- prometheus.MustNewConstMetric(checkpointAgeDesc, prometheus.GaugeValue, age.Seconds())
		since = max(length-cp.Seq, 0)
	}
	ch <- prometheus.MustNewConstMetric(checkpointLagDesc, prometheus.GaugeValue, float64(since))
}
