package main

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/consentry/consentry/api"
	"github.com/consentry/consentry/models"
)

// newMetrics is the registry /metrics serves, with the database pool's
// statistics (open, in use and idle connections, waits) and the webhook
// outbox's gauges added. The use
// cases observe into it and api.New adds the audit chain's gauges.
func newMetrics(store *models.Store) (*api.Metrics, error) {
	m := api.NewMetrics()
	sqlDB, err := store.DB().DB()
	if err != nil {
		return nil, err
	}
	if err := m.Register(collectors.NewDBStatsCollector(sqlDB, store.Engine()), newWebhookCollector(store)); err != nil {
		return nil, err
	}
	return m, nil
}

// webhookCollector reports the webhook outbox at each scrape, from one
// query: deliveries by state (pending is the backlog) and the failed
// attempts of the deliveries still stored. A failed query reports nothing
// (consentry_store_up says why).
type webhookCollector struct {
	store      *models.Store
	deliveries *prometheus.Desc
	failed     *prometheus.Desc
}

func newWebhookCollector(store *models.Store) *webhookCollector {
	return &webhookCollector{
		store: store,
		deliveries: prometheus.NewDesc("consentry_webhook_deliveries",
			"Webhook deliveries stored, by state: pending (the backlog), dead (given up) or delivered.", []string{"state"}, nil),
		failed: prometheus.NewDesc("consentry_webhook_failed_attempts",
			"Failed delivery attempts of the webhook deliveries stored.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *webhookCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.deliveries
	ch <- c.failed
}

// Collect implements prometheus.Collector.
func (c *webhookCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	st, err := c.store.WebhookStats(ctx)
	if err != nil {
		return
	}
	ch <- prometheus.MustNewConstMetric(c.deliveries, prometheus.GaugeValue, float64(st.Pending), "pending")
	ch <- prometheus.MustNewConstMetric(c.deliveries, prometheus.GaugeValue, float64(st.Dead), "dead")
	ch <- prometheus.MustNewConstMetric(c.deliveries, prometheus.GaugeValue, float64(st.Delivered), "delivered")
	ch <- prometheus.MustNewConstMetric(c.failed, prometheus.GaugeValue, float64(st.FailedAttempts))
}
