package main

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/consentry/consentry/pdf/seal"
	"github.com/consentry/consentry/screening"
)

// loadSealer returns the clinic's signing key: from PEM files or a
// PKCS#12 file when configured, else a development certificate kept in
// the data directory, said loudly to be for development only.
func loadSealer(cfg *config, log *slog.Logger) (*seal.Sealer, error) {
	var (
		s   *seal.Sealer
		err error
	)
	switch {
	case cfg.SigningCert != "":
		certPEM, rerr := os.ReadFile(cfg.SigningCert)
		if rerr != nil {
			return nil, fmt.Errorf("read CONSENTRY_SIGNING_CERT: %w", rerr)
		}
		keyPEM, rerr := os.ReadFile(cfg.SigningKey)
		if rerr != nil {
			return nil, fmt.Errorf("read CONSENTRY_SIGNING_KEY: %w", rerr)
		}
		s, err = seal.LoadSealer(certPEM, keyPEM)
	case cfg.SigningP12 != "":
		data, rerr := os.ReadFile(cfg.SigningP12)
		if rerr != nil {
			return nil, fmt.Errorf("read CONSENTRY_SIGNING_P12: %w", rerr)
		}
		s, err = seal.LoadPKCS12(data, cfg.SigningP12Password)
	default:
		var created bool
		if err := ensureDataDir(cfg.DataDir); err != nil {
			return nil, err
		}
		s, created, err = seal.DevelopmentSealer(cfg.DataDir, cfg.ClinicName)
		if err == nil {
			log.Warn("signing records with a DEVELOPMENT certificate, not for clinical records; "+
				"set CONSENTRY_SIGNING_CERT and CONSENTRY_SIGNING_KEY (or CONSENTRY_SIGNING_P12) to the clinic's certificate",
				"created", created, "certificate", cfg.DataDir+"/"+seal.DevelopmentCertFile)
		}
	}
	if err != nil {
		return nil, err
	}
	if now := time.Now(); now.After(s.Cert.NotAfter) || now.Before(s.Cert.NotBefore) {
		log.Warn("the signing certificate is outside its validity period", "not_before", s.Cert.NotBefore, "not_after", s.Cert.NotAfter)
	}
	return s, nil
}

// loadScreener returns the screening rules with the clinic's thresholds
// from CONSENTRY_SETTINGS, or docs/DOMAIN.md's defaults.
func loadScreener(cfg *config) (*screening.Screener, error) {
	if cfg.Settings == "" {
		return screening.DefaultScreener(), nil
	}
	f, err := os.Open(cfg.Settings)
	if err != nil {
		return nil, fmt.Errorf("read CONSENTRY_SETTINGS: %w", err)
	}
	defer f.Close()
	st, err := screening.LoadSettings(f)
	if err != nil {
		return nil, fmt.Errorf("CONSENTRY_SETTINGS %s: %w", cfg.Settings, err)
	}
	return screening.NewScreener(st)
}
