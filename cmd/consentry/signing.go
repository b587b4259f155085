package main

import (
	"crypto/x509"
	"fmt"
	"log/slog"
	"net/url"
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
	if cfg.TSA.URL != "" {
		tsa := &seal.TSAClient{URL: cfg.TSA.URL, Username: cfg.TSA.Username, Password: cfg.TSA.Password,
			Policy: cfg.TSA.Policy, Timeout: cfg.TSA.Timeout}
		if cfg.TSA.Roots != "" {
			pem, err := os.ReadFile(cfg.TSA.Roots)
			if err != nil {
				return nil, fmt.Errorf("read CONSENTRY_TSA_ROOTS: %w", err)
			}
			tsa.Roots = x509.NewCertPool()
			if !tsa.Roots.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("CONSENTRY_TSA_ROOTS %s holds no PEM certificate", cfg.TSA.Roots)
			}
			// The same certificates go into each B-LT seal's DSS: a
			// token carries the TSA's own certificate alone.
			chain, err := seal.ParseCertificatesPEM(pem)
			if err != nil {
				return nil, fmt.Errorf("CONSENTRY_TSA_ROOTS %s: %w", cfg.TSA.Roots, err)
			}
			s.TSAChain = chain
		}
		s.TSA = tsa
		log.Info("sealing records at PAdES "+cfg.PAdESLevel+": each seal is time-stamped", "tsa", redactURL(cfg.TSA.URL))
	} else {
		log.Warn("sealing records at PAdES B-B: no time-stamping authority is configured (CONSENTRY_TSA_URL), " +
			"so nothing but the server's own clock says when a record was sealed")
	}
	s.Level = cfg.PAdESLevel
	s.Revocation = &seal.RevocationClient{OCSPTimeout: cfg.OCSPTimeout, CRLTimeout: cfg.CRLTimeout}
	if _, err := s.EffectiveLevel(); err != nil {
		return nil, err
	}
	if missing := s.MissingRevocationSources(); len(missing) > 0 && (cfg.PAdESLevel == seal.LevelBLT || cfg.PAdESLevel == seal.LevelBLTA) {
		log.Warn("the signing chain has certificates that name no OCSP responder or CRL: their seals' DSS "+
			"holds no revocation data for them, so verifiers will report B-T rather than "+cfg.PAdESLevel,
			"certificates", missing)
	}
	if now := time.Now(); now.After(s.Cert.NotAfter) || now.Before(s.Cert.NotBefore) {
		log.Warn("the signing certificate is outside its validity period", "not_before", s.Cert.NotBefore, "not_after", s.Cert.NotAfter)
	}
	return s, nil
}

// redactURL drops any user info and query from a URL for the log.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Scheme + "://" + u.Host + u.Path
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
