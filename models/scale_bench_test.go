package models

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// BenchmarkHistoryAtScale measures the store's reads behind consent status
// and history (DESIGN.md: p99 ≤ 5 ms with 1,000,000 stored submissions) on
// a seeded database of the test run's engine:
//
//	CONSENTRY_BENCH_ROWS=1000000 go test ./models -run '^$' -bench HistoryAtScale -timeout 60m
//	CONSENTRY_BENCH_ROWS=1000000 CONSENTRY_TEST_DATABASE=postgres go test ./models -run '^$' -bench HistoryAtScale -timeout 60m
//
// It is skipped unless CONSENTRY_BENCH_ROWS gives the number of records.
// The data set (see seedStore) has ten records per patient (consent,
// history, plan, questionnaires, a review, every tenth patient a
// withdrawal), about 1 KB of body each, and three audit events per record.
// PostgreSQL gets VACUUM ANALYZE, as autovacuum would do; SQLite is left
// without statistics, as the service runs it. The load is then written
// out (a checkpoint and a sync), so that the measurements do not compete
// with the kernel flushing gigabytes. Each sub-benchmark makes 100 calls
// to warm up (connections, prepared statements) and then reports the
// median and the 99th percentile of one call, for a random patient each
// time (the walk of the whole log behind a time range alone warms up
// once); the plans of the history and list queries are logged.
func BenchmarkHistoryAtScale(b *testing.B) {
	env := os.Getenv("CONSENTRY_BENCH_ROWS")
	if env == "" {
		b.Skip("set CONSENTRY_BENCH_ROWS (e.g. 1000000) to seed that many records and measure")
	}
	rows, err := strconv.Atoi(env)
	if err != nil || rows < 1000 {
		b.Fatalf("CONSENTRY_BENCH_ROWS=%q: want a number of records, at least 1000", env)
	}
	sc := seedScale{Patients: rows / 10, PerPatient: 10, EventsPer: 3, BodyBytes: 1024}
	for gcd(seedStride, sc.Patients) != 1 {
		sc.Patients++
	}
	s := mustStore(b)
	took := seedStore(b, s, sc)
	b.Logf("%s: seeded %d records, %d documents and %d audit events in %v",
		s.engine, sc.Records(), sc.Records(), sc.Events(), took.Round(time.Second))
	if s.engine == EnginePostgres {
		start := time.Now()
		analyzeStore(b, s)
		b.Logf("postgres: VACUUM ANALYZE in %v", time.Since(start).Round(time.Second))
	}
	b.Logf("%s: database size %s", s.engine, databaseSize(b, s))
	start := time.Now()
	settle(b, s)
	b.Logf("%s: checkpoint and sync in %v", s.engine, time.Since(start).Round(time.Second))
	logPlans(b, s, sc)

	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	// first is a random patient's first record; the patient's records
	// are first + j*Patients.
	first := func() int { return rng.IntN(sc.Patients) }
	now := seedTime(sc.Records())
	measure := func(name string, warm int, call func(n int) error) {
		b.Run(name, func(b *testing.B) {
			for range warm {
				if err := call(first()); err != nil {
					b.Fatal(err)
				}
			}
			var lat []time.Duration
			for b.Loop() {
				n := first()
				start := time.Now()
				if err := call(n); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			reportLatencies(b, lat)
		})
	}
	measure("PatientRecords", 100, func(n int) error {
		recs, err := s.PatientRecords(ctx, seedPatientID(sc.patientOf(n)), now)
		if err == nil && len(recs) != sc.PerPatient {
			err = fmt.Errorf("%d records, want %d", len(recs), sc.PerPatient)
		}
		return err
	})
	// What GET /v1/patients/{id}/consents asks of the store: the patient,
	// the history with its consent facts, and the audit event of the read.
	measure("ConsentStatus", 100, func(n int) error {
		p, err := s.Patient(ctx, seedPatientID(sc.patientOf(n)))
		if err != nil {
			return err
		}
		if _, err := s.StatusRecords(ctx, p.ID, now); err != nil {
			return err
		}
		return s.Record(ctx, Event{Actor: seedClinicianKey, Role: RoleClinician, Action: "consent.read",
			Subject: "patient/" + p.ID, PatientID: p.ID, IP: "10.0.0.7", UserAgent: "bench"})
	})
	measure("ListSubmissions/first", 100, func(n int) error {
		page, err := s.ListSubmissions(ctx, SubmissionFilter{PatientID: seedPatientID(sc.patientOf(n)), Limit: 50})
		if err == nil && (len(page.Items) != sc.PerPatient || len(page.Documents) != sc.PerPatient) {
			err = fmt.Errorf("%d items and %d documents, want %d", len(page.Items), len(page.Documents), sc.PerPatient)
		}
		return err
	})
	measure("ListSubmissions/cursor", 100, func(n int) error {
		page, err := s.ListSubmissions(ctx, SubmissionFilter{PatientID: seedPatientID(sc.patientOf(n)),
			After: seedSubmissionID(n + 3*sc.Patients), Limit: 3})
		if err == nil && (len(page.Items) != 3 || page.Next == "") {
			err = fmt.Errorf("cursor page of %d items, next %q", len(page.Items), page.Next)
		}
		return err
	})
	measure("AuditEvents/patient", 100, func(n int) error {
		evs, err := s.AuditEvents(ctx, EventFilter{PatientID: seedPatientID(sc.patientOf(n)), Limit: 100})
		// A few of a patient's events may have given their place to the
		// auditor's (seedRareEvery).
		if err == nil && len(evs) < sc.PerPatient*(sc.EventsPer-1) {
			err = fmt.Errorf("%d events, want about %d", len(evs), sc.PerPatient*sc.EventsPer)
		}
		return err
	})
	// The auditor's key, whose events are one in seedRareEvery, from a
	// random place in the log.
	measure("AuditEvents/actor", 100, func(n int) error {
		_, err := s.AuditEvents(ctx, EventFilter{Actor: seedAuditorKey, AfterSeq: int64(n * sc.PerPatient * sc.EventsPer), Limit: 100})
		return err
	})
	// A time range alone is a filter on a walk of the sequence (see
	// TestExplainQueryPlans): the first page of the last day's events
	// walks every older event.
	measure("AuditEvents/since-last-day", 1, func(int) error {
		_, err := s.AuditEvents(ctx, EventFilter{Since: seedTime(sc.Records() - 24*60), Limit: 100})
		return err
	})
}

// settle writes the seeded data out: the engine's checkpoint, then the
// kernel's dirty pages.
func settle(tb testing.TB, s *Store) {
	tb.Helper()
	stmt := "PRAGMA wal_checkpoint(TRUNCATE)"
	if s.engine == EnginePostgres {
		stmt = "CHECKPOINT"
	}
	if err := s.db.Exec(stmt).Error; err != nil {
		tb.Fatalf("%s: %v", stmt, err)
	}
	syscall.Sync()
}

// reportLatencies reports the median and the 99th percentile of lat, in
// microseconds.
func reportLatencies(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(q float64) float64 {
		return float64(lat[min(int(q*float64(len(lat))), len(lat)-1)]) / float64(time.Microsecond)
	}
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}

// databaseSize describes the size of s's tables.
func databaseSize(tb testing.TB, s *Store) string {
	tb.Helper()
	var bytes int64
	q := "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
	if s.engine == EnginePostgres {
		q = `SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c
			WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace`
	}
	if err := s.db.Raw(q).Scan(&bytes).Error; err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprintf("%.2f GB", float64(bytes)/1e9)
}

// logPlans logs how the engine runs the history query and the list query
// for one patient: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE,
// BUFFERS) on PostgreSQL.
func logPlans(b *testing.B, s *Store, sc seedScale) {
	b.Helper()
	ctx := context.Background()
	rs, rec := recording(s)
	patient := seedPatientID(sc.patientOf(sc.Patients / 2))
	if _, err := rs.PatientRecords(ctx, patient, seedTime(sc.Records())); err != nil {
		b.Fatal(err)
	}
	if _, err := rs.ListSubmissions(ctx, SubmissionFilter{PatientID: patient, Limit: 50}); err != nil {
		b.Fatal(err)
	}
	for _, st := range rec.selects() {
		plan := ""
		if s.engine == EnginePostgres {
			plan = postgresPlan(b, s, st, "ANALYZE, BUFFERS", false)
		} else {
			for _, l := range sqlitePlan(b, s, st) {
				plan += l + "\n"
			}
		}
		b.Logf("%s\n%s", st.SQL, plan)
	}
}
