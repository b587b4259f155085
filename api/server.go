package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/screening"
)

// Config is everything the server needs; cmd builds it.
type Config struct {
	Store     *models.Store
	Catalogue *forms.Catalogue
	// ClinicName is printed on every record.
	ClinicName string
	// OpenAPI is the contract, served at /openapi.yaml.
	OpenAPI []byte
	// Version is the build's version, shown by /healthz.
	Version string
	// Now is the server's clock. It defaults to time.Now.
	Now func() time.Time
	// Log receives request lines and internal errors, never patient data.
	Log *slog.Logger
	// MaxBodyBytes bounds every JSON request body. It defaults to 1 MiB.
	MaxBodyBytes int64
	// ReconsentInterval is how long a signed consent stays in force;
	// zero means it does not expire.
	ReconsentInterval time.Duration
	// Screener scores and screens submissions; it defaults to DOMAIN.md's
	// thresholds.
	Screener *screening.Screener
	// Sealer signs every stored PDF with the clinic's certificate.
	Sealer *pdf.Sealer
	// MaxPDFBytes bounds a PDF sent for verification. It defaults to
	// 20 MiB.
	MaxPDFBytes int64
	// TrustProxyHeaders takes the client IP from X-Forwarded-For; set it
	// only behind a proxy that sets that header itself.
	TrustProxyHeaders bool
	// CatalogueRefresh is how often a replica looks for form versions
	// that other replicas published. It defaults to one second.
	CatalogueRefresh time.Duration
}

// New returns the HTTP handler with every route of openapi.yaml.
func New(cfg Config) *echo.Echo {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.CatalogueRefresh == 0 {
		cfg.CatalogueRefresh = time.Second
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.Screener == nil {
		cfg.Screener = screening.DefaultScreener()
	}
	if cfg.MaxPDFBytes == 0 {
		cfg.MaxPDFBytes = 20 << 20
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(cfg.Log)
	e.IPExtractor = echo.ExtractIPDirect()
	if cfg.TrustProxyHeaders {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	}
	v := forms.NewValidator()
	e.Validator = v
	m := newMetrics()
	e.Use(requestLog(cfg.Log, m), recoverPanics(cfg.Log))

	sys := &systemHandler{store: cfg.Store, openAPI: cfg.OpenAPI, version: cfg.Version, metrics: m}
	sys.register(e)

	published := &publishedForms{catalogue: cfg.Catalogue, store: cfg.Store, interval: cfg.CatalogueRefresh}
	v1 := e.Group("/v1", refuseUnstorableText, authenticate(cfg.Store), published.middleware, idempotent(cfg.Store, cfg.MaxBodyBytes))
	(&formHandler{catalogue: cfg.Catalogue, published: published, store: cfg.Store, validator: v, now: cfg.Now, maxBody: cfg.MaxBodyBytes}).register(v1)
	(&patientHandler{store: cfg.Store, validator: v, now: cfg.Now, maxBody: cfg.MaxBodyBytes}).register(v1)
	(&auditHandler{store: cfg.Store}).register(v1)
	(&screeningHandler{store: cfg.Store, catalogue: cfg.Catalogue, screener: cfg.Screener, now: cfg.Now}).register(v1)
	(&exportHandler{store: cfg.Store, now: cfg.Now, export: &Export{Store: cfg.Store, Catalogue: cfg.Catalogue, Reconsent: cfg.ReconsentInterval}}).register(v1)
	(&consentHandler{store: cfg.Store, catalogue: cfg.Catalogue, now: cfg.Now, reconsent: cfg.ReconsentInterval}).register(v1)
	(&submissionHandler{
		store: cfg.Store, catalogue: cfg.Catalogue, validator: v, now: cfg.Now,
		clinic: cfg.ClinicName, maxBody: cfg.MaxBodyBytes, sealer: cfg.Sealer, screener: cfg.Screener,
	}).register(v1)
	(&documentHandler{store: cfg.Store, cert: cfg.Sealer.Cert, maxPDF: cfg.MaxPDFBytes}).register(v1)
	return e
}

// jsonEncode writes v as JSON without HTML escaping.
func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeJSON sends v with a status.
func writeJSON(c echo.Context, status int, v any) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c.Response().WriteHeader(status)
	return jsonEncode(c.Response(), v)
}
