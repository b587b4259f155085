package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/consentry/consentry"
	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/internal/testdb"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf/seal"
	"github.com/consentry/consentry/portal"
	"github.com/consentry/consentry/records"
	"github.com/consentry/consentry/screening"
	"github.com/consentry/consentry/webhooks"
)

// testServer is the real router on a real database, with one key per role
// and a second portal key.
type testServer struct {
	t     testing.TB
	e     *echo.Echo
	store *models.Store
	log   *bytes.Buffer
	keys  map[string]string // role (and "portal2") to secret
	now   time.Time
	// sealer signs the server's PDFs.
	sealer *seal.Sealer
	// metrics is the registry of the server's first replica.
	metrics *Metrics
	// guard checks webhook URLs; newReplica's services use it. It allows
	// loopback receivers unless a test sets another.
	guard *webhooks.Guard
}

// fixedNow is the clock every test server starts with.
var fixedNow = time.Date(2026, 11, 20, 15, 4, 5, 0, time.UTC)

// TestMain stops the PostgreSQL server the tests may have started.
func TestMain(m *testing.M) { testdb.Main(m) }

// newTestServer starts a server on a new database of the test run's
// engine: SQLite, or PostgreSQL under CONSENTRY_TEST_DATABASE=postgres.
func newTestServer(tb testing.TB) *testServer {
	tb.Helper()
	return newTestServerAt(tb, testdb.URL(tb), models.Options{})
}

// newTestServerAt starts a server on the database at url.
func newTestServerAt(tb testing.TB, url string, o models.Options) *testServer {
	tb.Helper()
	store, err := models.Open(url, o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	if _, err := store.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	s := &testServer{t: tb, store: store, log: &bytes.Buffer{}, keys: map[string]string{}, now: fixedNow,
		guard: &webhooks.Guard{AllowPrivate: true}}
	store.Now = func() time.Time { return s.now }
	for _, r := range append(models.Roles, "portal2") {
		role := r
		if r == "portal2" {
			role = models.RolePortal
		}
		secret, _, err := store.CreateKey(context.Background(), "test "+r, role)
		if err != nil {
			tb.Fatal(err)
		}
		s.keys[r] = secret
	}
	sealer := testSealer(tb, "Test Clinic")
	s.sealer = sealer
	s.e = s.newReplica(forms.Builtin(), 0, func(c *Config) { s.metrics = c.Metrics })
	return s
}

// newReplica is one more server on the test server's store, clock, keys,
// sealer and log, with a catalogue of its own.
func (s *testServer) newReplica(cat *forms.Catalogue, refresh time.Duration, options ...func(*Config)) *echo.Echo {
	s.t.Helper()
	m := NewMetrics()
	sqlDB, err := s.store.DB().DB()
	if err != nil {
		s.t.Fatal(err)
	}
	if err := m.Register(collectors.NewDBStatsCollector(sqlDB, s.store.Engine())); err != nil {
		s.t.Fatal(err)
	}
	svc, err := records.New(records.Config{
		Store: s.store, Catalogue: cat, Screener: screening.DefaultScreener(), Sealer: s.sealer,
		Clock: func() time.Time { return s.now }, ClinicName: "Test Clinic",
		Reconsent: 365 * 24 * time.Hour, CatalogueRefresh: refresh, Observer: m,
		WebhookURLs: s.guard,
	})
	if err != nil {
		s.t.Fatal(err)
	}
	cfg := Config{
		Records: svc, Store: s.store, OpenAPI: consentry.OpenAPI, Version: "test",
		Log: slog.New(slog.NewJSONHandler(s.log, nil)), Metrics: m,
		Now: func() time.Time { return s.now }, Portal: portal.Files(),
	}
	for _, o := range options {
		o(&cfg)
	}
	e, err := New(cfg)
	if err != nil {
		s.t.Fatal(err)
	}
	return e
}

// request is one call through the router.
type request struct {
	method, path string
	key          string // a role name from s.keys, or "" for none
	body         any    // marshalled to JSON unless it is []byte or string
	contentType  string // defaults to application/json when there is a body
	header       http.Header
	remote       string // the client's address; httptest's 192.0.2.1 by default
}

// do sends r through the router and checks the response against
// openapi.yaml.
func (s *testServer) do(r request) *httptest.ResponseRecorder {
	s.t.Helper()
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case []byte:
		body = bytes.NewReader(b)
	case string:
		body = bytes.NewReader([]byte(b))
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			s.t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(r.method, r.path, body)
	if r.body != nil {
		switch ct := r.contentType; ct {
		case "":
			req.Header.Set("Content-Type", "application/json")
		case "-": // none at all
		default:
			req.Header.Set("Content-Type", ct)
		}
	}
	if r.key != "" {
		secret, ok := s.keys[r.key]
		if !ok {
			secret = r.key
		}
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	req.Header.Set("User-Agent", "consentry-test/1.0")
	if r.remote != "" {
		req.RemoteAddr = r.remote + ":1234"
	}
	rec := httptest.NewRecorder()
	s.e.ServeHTTP(rec, req)
	checkResponse(s.t, req, rec)
	return rec
}

// doFrom sends r from the client address ip.
func (s *testServer) doFrom(ip string, r request) *httptest.ResponseRecorder {
	s.t.Helper()
	r.remote = ip
	return s.do(r)
}

// decode unmarshals a response body.
func decode[T any](tb testing.TB, rec *httptest.ResponseRecorder) T {
	tb.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		tb.Fatalf("decode %s: %v", rec.Body.String(), err)
	}
	return v
}

// mustStatus fails the test unless the response has the status.
func mustStatus(tb testing.TB, rec *httptest.ResponseRecorder, want int) {
	tb.Helper()
	if rec.Code != want {
		tb.Fatalf("status %d, want %d; body: %s", rec.Code, want, rec.Body.String())
	}
}
