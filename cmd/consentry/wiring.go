package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf/seal"
	"github.com/consentry/consentry/records"
	"github.com/consentry/consentry/screening"
	"github.com/consentry/consentry/webhooks"
)

// clock is the process's one clock: the store and the use cases read it.
var clock = models.Clock(models.SystemClock)

// operator is who acts in the commands run on the server's machine.
var operator = records.Actor{KeyID: "cli", Role: "operator", IP: "local"}

// newService builds the use cases over an open store (their webhook
// URLs checked by the configured guard): the built-in forms
// and every version published in the store, the clinic's signing key, and
// the screening rules with the clinic's thresholds.
func newService(ctx context.Context, cfg *config, store *models.Store, log *slog.Logger) (*records.Service, error) {
	p, err := loadParts(cfg, log)
	if err != nil {
		return nil, err
	}
	return p.service(ctx, cfg, store)
}

// openService opens the store and the use cases over it, for a command
// that works on the database directly: the caller closes the store.
func openService(ctx context.Context, cfg *config) (*models.Store, *records.Service, error) {
	store, err := openStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	svc, err := newService(ctx, cfg, store, quietLog)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return store, svc, nil
}

// parts are what the use cases need besides the store, loaded from the
// configuration before the store is opened: the clinic settings first
// (they create nothing), then the signing key (which may create the
// development certificate).
type parts struct {
	screener *screening.Screener
	sealer   *seal.Sealer
	// observer, when serve sets it, is told the write path's timings.
	observer records.Observer
	guard    *webhooks.Guard
}

func loadParts(cfg *config, log *slog.Logger) (*parts, error) {
	screener, err := loadScreener(cfg)
	if err != nil {
		return nil, fmt.Errorf("load the clinic settings: %w", err)
	}
	sealer, err := loadSealer(cfg, log)
	if err != nil {
		return nil, fmt.Errorf("load the signing key: %w", err)
	}
	log.Info("screening rules", "ruleset", screener.Version())
	return &parts{screener: screener, sealer: sealer, guard: webhookGuard(cfg)}, nil
}

// service builds the use cases over an open store.
func (p *parts) service(ctx context.Context, cfg *config, store *models.Store) (*records.Service, error) {
	svc, err := records.New(records.Config{
		Store: store, Catalogue: forms.Builtin(), Screener: p.screener, Sealer: p.sealer, Clock: clock,
		ClinicName: cfg.ClinicName, Reconsent: cfg.Reconsent, CheckpointLog: cfg.CheckpointLog,
		Observer:    p.observer,
		WebhookURLs: p.guard,
	})
	if err != nil {
		return nil, err
	}
	if err := svc.LoadCatalogue(ctx); err != nil {
		return nil, fmt.Errorf("load the form catalogue: %w", err)
	}
	return svc, nil
}

// newCheckpointer builds the checkpoints of the audit chain's head:
// signed with the clinic's key, kept in the store and in the checkpoint
// log, posted to the witness if one is set, and time-stamped by the
// seals' TSA when one is configured.
func newCheckpointer(cfg *config, store *models.Store, sealer *seal.Sealer, log *slog.Logger) (*records.Checkpointer, error) {
	cc := records.CheckpointConfig{
		Store: store, Key: sealer.Key, Cert: sealer.Cert,
		Log: cfg.CheckpointLog, Witness: cfg.CheckpointWitness,
		Every: cfg.CheckpointEvery, Interval: cfg.CheckpointInterval,
		Clock: clock, Logger: log,
	}
	if sealer.TSA != nil {
		cc.Timestamper = sealer.TSA
	}
	return records.NewCheckpointer(cc)
}

// quietLog drops what newService says, for commands whose output is
// their answer.
var quietLog = slog.New(slog.DiscardHandler)
