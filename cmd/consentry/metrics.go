package main

import (
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/consentry/consentry/api"
	"github.com/consentry/consentry/models"
)

// newMetrics is the registry /metrics serves, with the database pool's
// statistics (open, in use and idle connections, waits) added. The use
// cases observe into it and api.New adds the audit chain's gauges.
func newMetrics(store *models.Store) (*api.Metrics, error) {
	m := api.NewMetrics()
	sqlDB, err := store.DB().DB()
	if err != nil {
		return nil, err
	}
	if err := m.Register(collectors.NewDBStatsCollector(sqlDB, store.Engine())); err != nil {
		return nil, err
	}
	return m, nil
}
