package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// Store is what the adapter itself needs of the database: API keys,
// Idempotency-Key claims and readiness. Everything else goes through the
// use cases.
type Store interface {
	keyStore
	idempotencyStore
	pinger
	chainStater
}

// Config is everything the server needs; cmd builds it.
type Config struct {
	// Records runs the use cases.
	Records *records.Service
	Store   Store
	// OpenAPI is the contract, served at /openapi.yaml.
	OpenAPI []byte
	// Version is the build's version, shown by /healthz.
	Version string
	// Log receives request lines and internal errors, never patient data.
	Log *slog.Logger
	// MaxBodyBytes bounds every JSON request body. It defaults to 1 MiB.
	MaxBodyBytes int64
	// MaxPDFBytes bounds a PDF sent for verification. It defaults to
	// 20 MiB.
	MaxPDFBytes int64
	// TrustProxyHeaders takes the client IP from X-Forwarded-For; set it
	// only behind a proxy that sets that header itself.
	TrustProxyHeaders bool
	// Limits bound failed authentication per client address and requests
	// per key. The zero value means DefaultLimits; a Limits with a field
	// of zero turns that limit off.
	Limits *Limits
	// Metrics is the registry /metrics serves; nil makes a new one. Pass
	// the one the use cases observe into (records.Config.Observer) to
	// see render, seal, store and flag series, and add other series with
	// Metrics.Register. New adds the store's gauges to it, so one
	// Metrics serves one server.
	Metrics *Metrics
	// CORSOrigins are the exact origins (scheme://host[:port]) of the
	// portal pages that may call the API from a browser; none allows no
	// cross-origin calls.
	CORSOrigins []string
	// Now is the clock the checkpoint age is measured on; nil is
	// time.Now.
	Now func() time.Time
	// Portal holds the patient portal's page and assets, served under
	// /portal/; nil serves no portal.
	Portal fs.FS
	// PortalURL is where invitation links point (the portal's address,
	// ending in "/"); "" means this server's /portal/ as each request
	// reached it.
	PortalURL string
	// CrisisText is what the portal shows a patient whose answer raises
	// an urgent flag. It defaults to DefaultCrisisText.
	CrisisText string
}

// DefaultCrisisText is the portal's crisis text when the clinic sets none:
// the US 988 Suicide & Crisis Lifeline.
const DefaultCrisisText = "If you are thinking about suicide or are in crisis, help is available now: " +
	"call or text 988 to reach the 988 Suicide & Crisis Lifeline (US), any time, day or night. " +
	"If you are in immediate danger, call 911. Please also tell your care team today."

// New returns the HTTP handler with every route of openapi.yaml. A
// missing use-case service or store is an error.
func New(cfg Config) (*echo.Echo, error) {
	switch {
	case cfg.Records == nil:
		return nil, errors.New("api: no records service")
	case cfg.Store == nil:
		return nil, errors.New("api: no store")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.MaxPDFBytes == 0 {
		cfg.MaxPDFBytes = 20 << 20
	}
	limits := DefaultLimits
	if cfg.Limits != nil {
		limits = *cfg.Limits
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(cfg.Log)
	e.IPExtractor = echo.ExtractIPDirect()
	if cfg.TrustProxyHeaders {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	}
	m := cfg.Metrics
	if m == nil {
		m = NewMetrics()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if err := m.Register(storeCollector{store: cfg.Store, now: cfg.Now}); err != nil {
		return nil, fmt.Errorf("api: the metrics registry: %w", err)
	}
	corsOrigins, err := cors(cfg.CORSOrigins)
	if err != nil {
		return nil, fmt.Errorf("api: CORS origins: %w", err)
	}
	e.Use(securityHeaders, requestIDs(), requestLog(cfg.Log, m), corsOrigins, recoverPanics(cfg.Log))

	(&systemHandler{store: cfg.Store, openAPI: cfg.OpenAPI, version: cfg.Version, metrics: m}).register(e)
	docsHandler{}.register(e)

	rec := cfg.Records
	bodies := bodyLimits{maxBody: cfg.MaxBodyBytes, routes: map[string]int64{"/v1/documents/verify": cfg.MaxPDFBytes}}
	if cfg.CrisisText == "" {
		cfg.CrisisText = DefaultCrisisText
	}
	if cfg.Portal != nil {
		(&portalHandler{files: cfg.Portal}).register(e)
	}
	v1 := e.Group("/v1", refuseUnstorableText, authenticate(cfg.Store, rec, limits), refreshCatalogue(rec), idempotent(cfg.Store, bodies))
	v1.RouteNotFound("", unmatched(e))
	v1.RouteNotFound("/*", unmatched(e))
	(&formHandler{records: rec, maxBody: cfg.MaxBodyBytes}).register(v1)
	(&patientHandler{records: rec, maxBody: cfg.MaxBodyBytes}).register(v1)
	(&auditHandler{records: rec}).register(v1)
	(&screeningHandler{records: rec}).register(v1)
	(&sessionHandler{records: rec}).register(v1)
	(&exportHandler{records: rec}).register(v1)
	(&consentHandler{records: rec}).register(v1)
	(&submissionHandler{records: rec, maxBody: cfg.MaxBodyBytes}).register(v1)
	(&documentHandler{records: rec, maxPDF: cfg.MaxPDFBytes}).register(v1)
	(&fhirHandler{records: rec}).register(v1)
	(&invitationHandler{records: rec, maxBody: cfg.MaxBodyBytes, portalURL: cfg.PortalURL}).register(v1)
	(&kioskHandler{records: rec, maxBody: cfg.MaxBodyBytes, portalURL: cfg.PortalURL}).register(v1)
	(&invitationSessionHandler{records: rec, maxBody: cfg.MaxBodyBytes, crisisText: cfg.CrisisText}).register(v1)
	(&webhookHandler{records: rec, maxBody: cfg.MaxBodyBytes}).register(v1)
	return e, nil
}

// refreshCatalogue brings in the form versions other replicas published,
// when a look is due, before the request.
func refreshCatalogue(rec *records.Service) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := rec.RefreshCatalogue(c.Request().Context()); err != nil {
				return err
			}
			return next(c)
		}
	}
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

// The store cmd passes is the one implementation.
var _ Store = (*models.Store)(nil)
