package testdb

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Engine is the engine the test run asks for: "sqlite" or "postgres".
func Engine() string {
	if e := os.Getenv("CONSENTRY_TEST_DATABASE"); e != "" {
		return e
	}
	return "sqlite"
}

// URL returns the address of a new, empty database for tb on the test
// run's engine.
func URL(tb testing.TB) string {
	tb.Helper()
	switch Engine() {
	case "sqlite":
		return "sqlite:" + filepath.Join(tb.TempDir(), "consentry.db")
	case "postgres":
		return Postgres(tb)
	default:
		tb.Fatalf("CONSENTRY_TEST_DATABASE=%q: want sqlite or postgres", Engine())
		return ""
	}
}

var (
	shared     *Server
	sharedURL  string
	sharedErr  error
	sharedOnce sync.Once
	schemas    atomic.Int64
)

// Postgres returns the address of a new, empty schema on the test
// binary's PostgreSQL server, starting the server on first use. Without
// PostgreSQL the test skips, or fails under CI=true.
func Postgres(tb testing.TB) string {
	tb.Helper()
	sharedOnce.Do(func() {
		if u := os.Getenv("CONSENTRY_TEST_POSTGRES_URL"); u != "" {
			sharedURL = u
			return
		}
		shared, sharedErr = StartServer()
		if sharedErr == nil {
			sharedURL = shared.URL("postgres", "")
		}
	})
	if sharedErr != nil {
		Unavailable(tb, sharedErr)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), schemas.Add(1))
	if err := Exec(sharedURL, "CREATE SCHEMA "+name); err != nil {
		tb.Fatal(err)
	}
	return withSearchPath(sharedURL, name)
}

// NewServer starts a PostgreSQL server of tb's own, for tests that stop
// and start it; it is removed when tb ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s, err := StartServer()
	if err != nil {
		Unavailable(tb, err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Unavailable skips tb because PostgreSQL can't be had, or fails it under
// CI=true, where it must be installed.
func Unavailable(tb testing.TB, err error) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("PostgreSQL is required under CI=true: %v", err)
	}
	tb.Skipf("skipping: no PostgreSQL server (%v); install postgresql to run this test", firstLine(err))
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// withSearchPath adds search_path to a postgres URL.
func withSearchPath(raw, schema string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Main runs a package's tests and then stops the shared server, if one
// was started. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	os.Exit(code)
}

// AppendOnlyTables are the tables the schema refuses to edit.
var AppendOnlyTables = []string{"submissions", "documents", "audit_events", "form_versions", "checkpoints", "document_revisions", "consent_facts"}

// AllowEdits returns the statements that lift the append-only guard of
// the given tables on engine, as someone with direct access to the
// database could, so that tests can tamper and check that it is found.
func AllowEdits(engine string, tables ...string) []string {
	var out []string
	for _, t := range tables {
		if engine == "postgres" {
			out = append(out, "ALTER TABLE "+t+" DISABLE TRIGGER USER")
			continue
		}
		out = append(out, "DROP TRIGGER IF EXISTS "+t+"_append_only_u", "DROP TRIGGER IF EXISTS "+t+"_append_only_d")
	}
	return out
}

// Bytes is a literal of the bytes spelt by hex on engine.
func Bytes(engine, hex string) string {
	if engine == "postgres" {
		return `'\x` + hex + `'::bytea`
	}
	return "X'" + hex + "'"
}
