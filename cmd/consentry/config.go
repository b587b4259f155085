package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/consentry/consentry/api"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf/seal"
	"github.com/consentry/consentry/records"
)

// config is every setting, loaded from the environment once and checked.
type config struct {
	Addr         string
	DataDir      string
	DatabaseURL  string
	ClinicName   string
	MaxBodyBytes int64
	TrustProxy   bool
	// CORSOrigins are the portal pages' exact origins that may call the
	// API from a browser (CONSENTRY_CORS_ORIGINS).
	CORSOrigins []string
	// TLSCert and TLSKey are the HTTPS certificate chain and key (PEM
	// files); none serves plain HTTP.
	TLSCert, TLSKey string
	LogFormat       string
	Reconsent       time.Duration
	// Signing key material: a PEM certificate (chain) and key, or a
	// PKCS#12 file; none means a development certificate in DataDir.
	SigningCert, SigningKey        string
	SigningP12, SigningP12Password string
	MaxPDFBytes                    int64
	// Settings is the clinic settings file (rule thresholds), or "".
	Settings string
	// Store tunes the database connection pool.
	Store models.Options
	// Limits bound failed authentication per client and requests per key.
	Limits api.Limits
	// TSA is the RFC 3161 time-stamping authority every seal is
	// time-stamped by (PAdES B-T); "" seals at B-B.
	TSA TSAConfig
	// PAdESLevel is the level records are sealed at (B-B, B-T, B-LT or
	// B-LTA): CONSENTRY_PADES_LEVEL, by default B-LTA with a TSA and B-B
	// without.
	PAdESLevel string
	// OCSPTimeout and CRLTimeout bound each fetch of revocation data for
	// B-LT and B-LTA seals.
	OCSPTimeout, CRLTimeout time.Duration
	// Checkpoints of the audit chain's head: the log outside the
	// database, an optional witness URL, and how often.
	CheckpointLog      string
	CheckpointWitness  string
	CheckpointEvery    int64
	CheckpointInterval time.Duration
	// PortalURL is where invitation links point (the patient portal,
	// ending in "/"); "" means this server's /portal/.
	PortalURL string
	// CrisisText is what the portal shows a patient whose answer raises
	// an urgent flag; "" means api.DefaultCrisisText (the US 988 line).
	CrisisText string
	// Webhooks is how webhook events are delivered (CONSENTRY_WEBHOOK_*).
	Webhooks webhookConfig
}

// TSAConfig is how to reach the time-stamping authority.
type TSAConfig struct {
	URL, Username, Password string
	// Policy is the TSA policy OID to ask for, dotted, or "".
	Policy string
	// Roots is a PEM file of the TSA's trust anchors, or "".
	Roots   string
	Timeout time.Duration
}

func loadConfig(getenv func(string) string) (*config, error) {
	c := &config{
		Addr:        orDefault(getenv("CONSENTRY_ADDR"), "127.0.0.1:8080"),
		DataDir:     orDefault(getenv("CONSENTRY_DATA_DIR"), "./data"),
		DatabaseURL: getenv("CONSENTRY_DATABASE_URL"),
		ClinicName:  orDefault(getenv("CONSENTRY_CLINIC_NAME"), "Consentry development clinic"),
		LogFormat:   orDefault(getenv("CONSENTRY_LOG_FORMAT"), "json"),
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite:" + filepath.Join(c.DataDir, "consentry.db")
	}
	c.SigningCert, c.SigningKey = getenv("CONSENTRY_SIGNING_CERT"), getenv("CONSENTRY_SIGNING_KEY")
	c.SigningP12, c.SigningP12Password = getenv("CONSENTRY_SIGNING_P12"), getenv("CONSENTRY_SIGNING_P12_PASSWORD")
	if (c.SigningCert == "") != (c.SigningKey == "") {
		return nil, fmt.Errorf("CONSENTRY_SIGNING_CERT and CONSENTRY_SIGNING_KEY go together: set both or neither")
	}
	if c.SigningCert != "" && c.SigningP12 != "" {
		return nil, fmt.Errorf("set either CONSENTRY_SIGNING_CERT/_KEY or CONSENTRY_SIGNING_P12, not both")
	}
	c.Limits = api.DefaultLimits
	for _, l := range []struct {
		name string
		dst  *int
	}{{"CONSENTRY_AUTH_FAILURES_PER_MINUTE", &c.Limits.AuthFailuresPerMinute}, {"CONSENTRY_REQUESTS_PER_SECOND", &c.Limits.RequestsPerSecond}} {
		if s := getenv(l.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || n > 1_000_000 {
				return nil, fmt.Errorf("%s must be a whole number from 0 (no limit) to 1000000", l.name)
			}
			*l.dst = n
		}
	}
	c.MaxPDFBytes = 20 << 20
	if s := getenv("CONSENTRY_MAX_PDF_BYTES"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1024 || n > 1<<30 {
			return nil, fmt.Errorf("CONSENTRY_MAX_PDF_BYTES must be a number of bytes from 1024 to 1073741824")
		}
		c.MaxPDFBytes = n
	}
	c.Settings = getenv("CONSENTRY_SETTINGS")
	c.PortalURL, c.CrisisText = getenv("CONSENTRY_PORTAL_URL"), getenv("CONSENTRY_CRISIS_TEXT")
	if c.PortalURL != "" {
		u, err := url.Parse(c.PortalURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || !strings.HasSuffix(u.Path, "/") || u.Fragment != "" {
			return nil, fmt.Errorf("CONSENTRY_PORTAL_URL must be an http(s) URL ending in /, e.g. https://portal.example.org/portal/")
		}
	}
	if len(c.CrisisText) > 2000 {
		return nil, fmt.Errorf("CONSENTRY_CRISIS_TEXT must be at most 2000 bytes")
	}
	c.TSA = TSAConfig{
		URL: getenv("CONSENTRY_TSA_URL"), Username: getenv("CONSENTRY_TSA_USERNAME"), Password: getenv("CONSENTRY_TSA_PASSWORD"),
		Policy: getenv("CONSENTRY_TSA_POLICY"), Roots: getenv("CONSENTRY_TSA_ROOTS"), Timeout: 10 * time.Second,
	}
	if c.TSA.URL == "" && (c.TSA.Username != "" || c.TSA.Policy != "" || c.TSA.Roots != "") {
		return nil, fmt.Errorf("CONSENTRY_TSA_USERNAME, _POLICY and _ROOTS need CONSENTRY_TSA_URL")
	}
	if s := getenv("CONSENTRY_TSA_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 100*time.Millisecond || d > 5*time.Minute {
			return nil, fmt.Errorf("CONSENTRY_TSA_TIMEOUT must be a duration from 100ms to 5m, e.g. 10s")
		}
		c.TSA.Timeout = d
	}
	c.PAdESLevel = seal.LevelBB
	if c.TSA.URL != "" {
		c.PAdESLevel = seal.LevelBLTA
	}
	if s := getenv("CONSENTRY_PADES_LEVEL"); s != "" {
		level, err := seal.ParseLevel(s)
		if err != nil {
			return nil, fmt.Errorf("CONSENTRY_PADES_LEVEL must be B-B, B-T, B-LT or B-LTA, not %q", s)
		}
		if level != seal.LevelBB && c.TSA.URL == "" {
			return nil, fmt.Errorf("CONSENTRY_PADES_LEVEL=%s needs a time-stamping authority: set CONSENTRY_TSA_URL", level)
		}
		c.PAdESLevel = level
	}
	for _, t := range []struct {
		name string
		out  *time.Duration
	}{{"CONSENTRY_OCSP_TIMEOUT", &c.OCSPTimeout}, {"CONSENTRY_CRL_TIMEOUT", &c.CRLTimeout}} {
		*t.out = 10 * time.Second
		if s := getenv(t.name); s != "" {
			d, err := time.ParseDuration(s)
			if err != nil || d < 100*time.Millisecond || d > 5*time.Minute {
				return nil, fmt.Errorf("%s must be a duration from 100ms to 5m, e.g. 10s", t.name)
			}
			*t.out = d
		}
	}
	c.MaxBodyBytes = 1 << 20
	if s := getenv("CONSENTRY_MAX_BODY_BYTES"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1024 || n > 64<<20 {
			return nil, fmt.Errorf("CONSENTRY_MAX_BODY_BYTES must be a number of bytes from 1024 to 67108864")
		}
		c.MaxBodyBytes = n
	}
	c.Reconsent = 365 * 24 * time.Hour
	if s := getenv("CONSENTRY_RECONSENT_DAYS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 3650 {
			return nil, fmt.Errorf("CONSENTRY_RECONSENT_DAYS must be a whole number of days from 0 to 3650")
		}
		c.Reconsent = time.Duration(n) * 24 * time.Hour
	}
	switch s := getenv("CONSENTRY_TRUST_PROXY"); s {
	case "", "false":
	case "true":
		c.TrustProxy = true
	default:
		return nil, fmt.Errorf("CONSENTRY_TRUST_PROXY must be true or false")
	}
	c.TLSCert, c.TLSKey = getenv("CONSENTRY_TLS_CERT"), getenv("CONSENTRY_TLS_KEY")
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return nil, fmt.Errorf("CONSENTRY_TLS_CERT and CONSENTRY_TLS_KEY go together: set both (HTTPS) or neither (HTTP)")
	}
	origins, err := api.ParseOrigins(getenv("CONSENTRY_CORS_ORIGINS"))
	if err != nil {
		return nil, fmt.Errorf("CONSENTRY_CORS_ORIGINS: %w", err)
	}
	c.CORSOrigins = origins
	if err := loadStoreOptions(getenv, &c.Store); err != nil {
		return nil, err
	}
	if err := loadCheckpointOptions(getenv, c); err != nil {
		return nil, err
	}
	if err := loadWebhookOptions(getenv, &c.Webhooks); err != nil {
		return nil, err
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return nil, fmt.Errorf("CONSENTRY_LOG_FORMAT must be json or text")
	}
	return c, nil
}

// loadStoreOptions reads the connection pool settings.
func loadStoreOptions(getenv func(string) string, o *models.Options) error {
	for _, v := range []struct {
		name     string
		dst      *int
		min, max int
	}{
		{"CONSENTRY_DB_MAX_CONNS", &o.MaxOpenConns, 1, 1000},
		{"CONSENTRY_DB_MAX_IDLE_CONNS", &o.MaxIdleConns, 1, 1000},
	} {
		if s := getenv(v.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < v.min || n > v.max {
				return fmt.Errorf("%s must be a whole number from %d to %d", v.name, v.min, v.max)
			}
			*v.dst = n
		}
	}
	for _, v := range []struct {
		name     string
		dst      *time.Duration
		min, max time.Duration
	}{
		{"CONSENTRY_DB_STATEMENT_TIMEOUT", &o.StatementTimeout, 100 * time.Millisecond, 10 * time.Minute},
		{"CONSENTRY_DB_CONN_MAX_LIFETIME", &o.ConnMaxLifetime, time.Second, 24 * time.Hour},
	} {
		if s := getenv(v.name); s != "" {
			d, err := time.ParseDuration(s)
			if err != nil || d < v.min || d > v.max {
				return fmt.Errorf("%s must be a duration (e.g. 5s, 2m) from %v to %v", v.name, v.min, v.max)
			}
			*v.dst = d
		}
	}
	return nil
}

// loadCheckpointOptions reads where and how often the audit chain's head
// is checkpointed.
func loadCheckpointOptions(getenv func(string) string, c *config) error {
	c.CheckpointLog = orDefault(getenv("CONSENTRY_CHECKPOINT_LOG"), filepath.Join(c.DataDir, "checkpoints.jsonl"))
	if w := getenv("CONSENTRY_CHECKPOINT_WITNESS"); w != "" {
		u, err := url.Parse(w)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("CONSENTRY_CHECKPOINT_WITNESS must be an http:// or https:// URL")
		}
		c.CheckpointWitness = w
	}
	c.CheckpointEvery = records.DefaultCheckpointEvery
	if s := getenv("CONSENTRY_CHECKPOINT_EVERY"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 || n > 1_000_000_000 {
			return fmt.Errorf("CONSENTRY_CHECKPOINT_EVERY must be a whole number of events from 1 to 1000000000")
		}
		c.CheckpointEvery = n
	}
	c.CheckpointInterval = records.DefaultCheckpointInterval
	if s := getenv("CONSENTRY_CHECKPOINT_INTERVAL"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 100*time.Millisecond || d > 24*time.Hour {
			return fmt.Errorf("CONSENTRY_CHECKPOINT_INTERVAL must be a duration (e.g. 60s, 5m) from 100ms to 24h")
		}
		c.CheckpointInterval = d
	}
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// checkDataDir creates the data directory if need be and makes sure files
// can be created in it, naming the directory and the cause when they
// can't (a read-only file system, no permission).
func checkDataDir(dir string) error {
	if err := ensureDataDir(dir); err != nil {
		return err
	}
	probe, err := os.CreateTemp(dir, ".consentry-write-check-*")
	if err != nil {
		switch {
		case errors.Is(err, syscall.EROFS):
			return fmt.Errorf("the data directory %s is on a read-only file system", dir)
		case errors.Is(err, os.ErrPermission):
			return fmt.Errorf("the data directory %s is not writable by this user: %w", dir, err)
		}
		return fmt.Errorf("the data directory %s is not writable: %w", dir, err)
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(name)
}

// ensureDataDir creates the data directory, readable by its owner only.
func ensureDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data directory %s: %w", dir, err)
	}
	return nil
}
