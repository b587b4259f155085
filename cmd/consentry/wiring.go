package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// clock is the process's one clock: the store and the use cases read it.
var clock = models.Clock(models.SystemClock)

// operator is who acts in the commands run on the server's machine.
var operator = records.Actor{KeyID: "cli", Role: "operator", IP: "local"}

// newService builds the use cases over an open store: the built-in forms
// and every version published in the store, the clinic's signing key, and
// the screening rules with the clinic's thresholds.
func newService(ctx context.Context, cfg *config, store *models.Store, log *slog.Logger) (*records.Service, error) {
	sealer, err := loadSealer(cfg, log)
	if err != nil {
		return nil, fmt.Errorf("load the signing key: %w", err)
	}
	screener, err := loadScreener(cfg)
	if err != nil {
		return nil, fmt.Errorf("load the clinic settings: %w", err)
	}
	log.Info("screening rules", "ruleset", screener.Version())
	svc, err := records.New(records.Config{
		Store: store, Catalogue: forms.Builtin(), Screener: screener, Sealer: sealer, Clock: clock,
		ClinicName: cfg.ClinicName, Reconsent: cfg.Reconsent,
	})
	if err != nil {
		return nil, err
	}
	if err := svc.LoadCatalogue(ctx); err != nil {
		return nil, fmt.Errorf("load the form catalogue: %w", err)
	}
	return svc, nil
}

// quietLog drops what newService says, for commands whose output is
// their answer.
var quietLog = slog.New(slog.DiscardHandler)
