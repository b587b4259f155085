package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// config is every setting, loaded from the environment once and checked.
type config struct {
	Addr         string
	DataDir      string
	DatabaseURL  string
	ClinicName   string
	MaxBodyBytes int64
	TrustProxy   bool
	LogFormat    string
	Reconsent    time.Duration
	// Signing key material: a PEM certificate (chain) and key, or a
	// PKCS#12 file; none means a development certificate in DataDir.
	SigningCert, SigningKey        string
	SigningP12, SigningP12Password string
	MaxPDFBytes                    int64
	// Settings is the clinic settings file (rule thresholds), or "".
	Settings string
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
	c.MaxPDFBytes = 20 << 20
	if s := getenv("CONSENTRY_MAX_PDF_BYTES"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1024 || n > 1<<30 {
			return nil, fmt.Errorf("CONSENTRY_MAX_PDF_BYTES must be a number of bytes from 1024 to 1073741824")
		}
		c.MaxPDFBytes = n
	}
	c.Settings = getenv("CONSENTRY_SETTINGS")
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
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return nil, fmt.Errorf("CONSENTRY_LOG_FORMAT must be json or text")
	}
	return c, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ensureDataDir creates the data directory, readable by its owner only.
func ensureDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data directory %s: %w", dir, err)
	}
	return nil
}
