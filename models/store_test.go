package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/testdb"
)

// TestMain stops the PostgreSQL server the tests may have started.
func TestMain(m *testing.M) { testdb.Main(m) }

// mustStore opens a migrated store on a new database of the test run's
// engine (see package testdb).
func mustStore(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(testdb.URL(tb), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestMigrateIsRecordedAndIdempotent(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	// Versions ascend; a gap (a version still on another branch) is
	// allowed, so the schema's version is the last one's.
	for i := 1; i < len(migrations); i++ {
		if migrations[i].Version <= migrations[i-1].Version {
			t.Fatalf("migration %d comes after %d", migrations[i].Version, migrations[i-1].Version)
		}
	}
	last := migrations[len(migrations)-1].Version
	v, err := s.SchemaVersion(ctx)
	if err != nil || v != last {
		t.Fatalf("schema version %d (%v), want %d", v, err, last)
	}
	applied, err := s.Migrate(ctx)
	if err != nil || len(applied) != 0 {
		t.Fatalf("second migrate applied %v (%v)", applied, err)
	}
}

func TestOpenRefusesUnknownURL(t *testing.T) {
	_, err := Open("mysql://user:secret@host/db", Options{})
	if err == nil {
		t.Fatal("opened a mysql URL")
	}
	if got := err.Error(); strings.Contains(got, "secret") {
		t.Errorf("error leaks the password: %s", got)
	}
}

func TestKeys(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	secret, k, err := s.CreateKey(ctx, "portal one", RolePortal)
	if err != nil {
		t.Fatal(err)
	}
	if k.Hash == secret || k.Hash != HashKey(secret) {
		t.Fatal("key not stored as its hash")
	}
	got, err := s.KeyBySecret(ctx, secret)
	if err != nil || got.ID != k.ID || got.Role != RolePortal {
		t.Fatalf("KeyBySecret = %+v, %v", got, err)
	}
	if _, err := s.KeyBySecret(ctx, secret+"x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown key: %v, want ErrNotFound", err)
	}
	if _, _, err := s.CreateKey(ctx, "x", "superuser"); err == nil {
		t.Fatal("created a key with an unknown role")
	}
	var stored int64
	s.db.Model(&APIKey{}).Where("hash = ?", secret).Count(&stored)
	if stored != 0 {
		t.Fatal("the secret itself is in the database")
	}
}

func TestPatientConflictAndNotFound(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	_, k, _ := s.CreateKey(ctx, "p", RolePortal)
	p := &Patient{ID: "p1", ExternalID: "MRN-1", GivenName: "A", FamilyName: "B", BirthDate: "1990-01-01", Sex: "female", CreatedBy: k.ID}
	if err := s.CreatePatient(ctx, p, Event{Actor: k.ID, Action: "patient.create", Subject: "patient/p1"}); err != nil {
		t.Fatal(err)
	}
	dup := *p
	dup.ID = "p2"
	if err := s.CreatePatient(ctx, &dup, Event{Actor: k.ID, Action: "patient.create"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate external id: %v, want ErrConflict", err)
	}
	if _, err := s.Patient(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing patient: %v", err)
	}
	// The failed create left no event behind.
	var n int64
	s.db.Model(&AuditEvent{}).Count(&n)
	if n != 1 {
		t.Fatalf("%d events, want 1", n)
	}
}

// checkChain recomputes every link of the chain.
func checkChain(t *testing.T, s *Store) int {
	t.Helper()
	var events []AuditEvent
	if err := s.db.Order("seq").Find(&events).Error; err != nil {
		t.Fatal(err)
	}
	prev := GenesisHash
	for i, e := range events {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d", i+1, e.Seq)
		}
		if e.PrevHash != prev {
			t.Fatalf("event %d: prev_hash %s, want %s", e.Seq, e.PrevHash, prev)
		}
		if got := e.ComputeHash(); got != e.Hash {
			t.Fatalf("event %d: stored hash %s, recomputed %s", e.Seq, e.Hash, got)
		}
		prev = e.Hash
	}
	return len(events)
}

func TestAuditChainUnderConcurrentAppends(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				errs <- s.Record(ctx, Event{Actor: fmt.Sprint("k", w), Role: RoleClinician, Action: "patient.read", Subject: fmt.Sprint("patient/", i)})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := checkChain(t, s); n != writers*each {
		t.Fatalf("%d events, want %d", n, writers*each)
	}
}

func TestEventTimesSurviveTheRoundTrip(t *testing.T) {
	s := mustStore(t)
	at := time.Date(2026, 11, 20, 15, 4, 5, 123456789, time.FixedZone("EST", -5*3600))
	s.Now = func() time.Time { return at }
	if err := s.Record(context.Background(), Event{Actor: "k", Action: "x"}); err != nil {
		t.Fatal(err)
	}
	checkChain(t, s)
	var e AuditEvent
	s.db.First(&e)
	if !e.At.Equal(at.Truncate(time.Microsecond)) {
		t.Fatalf("stored time %v, want %v", e.At, at.Truncate(time.Microsecond))
	}
}

func TestRecordsAreAppendOnly(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	_, k, _ := s.CreateKey(ctx, "p", RolePortal)
	p := &Patient{ID: "p1", ExternalID: "MRN-1", GivenName: "A", FamilyName: "B", BirthDate: "1990-01-01", Sex: "female", CreatedBy: k.ID}
	if err := s.CreatePatient(ctx, p, Event{Actor: k.ID}); err != nil {
		t.Fatal(err)
	}
	sub := &Submission{ID: "s1", Form: "kap-consent", Version: "2026-11", PatientID: "p1", CreatedBy: k.ID,
		CreatedAt: s.now(), Body: "{}", BodySHA256: "x", Scores: "{}", Flags: "[]"}
	doc := &Document{SubmissionID: "s1", SHA256: "y", Pages: 1, Size: 3, PDF: []byte("pdf"), CreatedAt: s.now()}
	if _, err := s.CreateSubmission(ctx, sub, doc, Event{Actor: k.ID}); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"UPDATE submissions SET body = '{\"x\":1}'",
		"DELETE FROM submissions",
		"UPDATE documents SET pdf = " + testdb.Bytes(s.Engine(), "00"),
		"DELETE FROM documents",
		"UPDATE audit_events SET actor = 'someone else'",
		"DELETE FROM audit_events",
	} {
		if err := s.db.Exec(stmt).Error; err == nil {
			t.Errorf("%s: the database allowed it", stmt)
		}
	}
	checkChain(t, s)
}

func TestPostgresURLGetsAStatementTimeout(t *testing.T) {
	u, ok := postgresURL("postgres://app:secret@db:5432/consentry?sslmode=require", 3*time.Second)
	if !ok || !strings.Contains(u, "statement_timeout=3000") || !strings.Contains(u, "sslmode=require") {
		t.Errorf("url %s", u)
	}
	u, _ = postgresURL("postgresql://db/consentry?statement_timeout=250", 3*time.Second)
	if !strings.Contains(u, "statement_timeout=250") || strings.Contains(u, "3000") {
		t.Errorf("the URL's own timeout was replaced: %s", u)
	}
	if _, ok := postgresURL("sqlite:x.db", time.Second); ok {
		t.Error("a sqlite path taken for postgres")
	}
	// Opening does not connect: a server that is not there is reported
	// by the first query, as unavailable, without the password.
	s, err := Open("postgres://app:secret@127.0.0.1:1/none?connect_timeout=2", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Migrate(context.Background())
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("migrate against no server: %v", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error shows the password: %v", err)
	}
}

// TestFirstKeyOnce races replicas to make the first admin key: exactly one
// wins, and the first key is refused once any key exists.
func TestFirstKeyOnce(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	made := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := s.CreateFirstKey(ctx, "first admin", RoleAdmin)
			switch {
			case err == nil:
				mu.Lock()
				made++
				mu.Unlock()
			case !errors.Is(err, ErrConflict):
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n, _ := s.CountKeys(ctx); made != 1 || n != 1 {
		t.Fatalf("%d first keys made, %d stored", made, n)
	}
}

// TestCommitsAreDurable: every connection commits durably, so that an
// acknowledged write survives a power loss: SQLite fsyncs its WAL at each
// commit (synchronous=FULL), PostgreSQL waits for its WAL flush
// (synchronous_commit=on, set on every connection).
func TestCommitsAreDurable(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	sqlDB, err := s.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	// Several connections of the pool at once, not only the first.
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range 3 {
		c, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var got string
		if s.Engine() == EngineSQLite {
			err = c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&got)
			if err == nil && got != "2" {
				t.Errorf("PRAGMA synchronous = %s, want 2 (FULL)", got)
			}
		} else {
			err = c.QueryRowContext(ctx, "SHOW synchronous_commit").Scan(&got)
			if err == nil && got != "on" {
				t.Errorf("synchronous_commit = %s, want on", got)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if u, _ := postgresURL("postgres://db/consentry?synchronous_commit=remote_apply", time.Second); !strings.Contains(u, "synchronous_commit=remote_apply") {
		t.Errorf("a URL's own synchronous_commit was replaced: %s", u)
	}
}
