package models

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// This file fills a store with a synthetic clinic's records in bulk, with
// set-based SQL (generate_series on PostgreSQL, a recursive CTE on SQLite),
// for the query plan tests and the scale benchmarks. Nothing here goes
// through the store's write path: rows are valid by the schema (keys,
// patients and referenced records exist; the append-only triggers only
// refuse updates and deletes), but the audit events are not a valid hash
// chain, so Verify is not meant to pass on a seeded store.
//
// Record n (0-based) is signed at seedBase + n*seedStep seconds and belongs
// to patient n*seedStride mod Patients: consecutive records go to patients
// far apart, as in a clinic where many patients are in treatment at once,
// and every patient gets PerPatient records spread over the whole period.
// The records of the patient of record n < Patients are n + j*Patients for
// j = 0 … PerPatient-1, oldest first.

// seedScale describes a seeded data set.
type seedScale struct {
	Patients   int // patients
	PerPatient int // records per patient
	EventsPer  int // audit events per record (1 to 3)
	BodyBytes  int // about this many bytes of body per record
	Chunk      int // rows per INSERT statement (default 50,000)
}

// Records is the number of records the scale seeds.
func (sc seedScale) Records() int { return sc.Patients * sc.PerPatient }

// Events is the number of audit events the scale seeds.
func (sc seedScale) Events() int { return sc.Records() * sc.EventsPer }

const (
	seedBase   = 1735689600 // 2025-01-01T00:00:00Z: the first record's time, in Unix seconds
	seedStep   = 60         // seconds between consecutive records
	seedStride = 7919       // a prime: consecutive records go to distant patients
	// seedRareEvery puts an audit.verify event by the auditor key, with no
	// patient, at every this many events: a rare action and a rare actor.
	seedRareEvery = 5000
)

// The seeded API keys.
const (
	seedPortalKey    = "0193a5a0-0000-7000-8000-000000000001"
	seedClinicianKey = "0193a5a0-0000-7000-8000-000000000002"
	seedAuditorKey   = "0193a5a0-0000-7000-8000-000000000003"
)

// seedForms is the form of a patient's record j, by j mod 10; a patient's
// record 9 is a withdrawal of record 0 for every tenth patient and an
// integration follow-up for the others, and record 8 is a clinician's
// review of record 0.
var seedForms = []string{"kap-consent", "medical-history", "treatment-plan", "phq-9", "gad-7",
	"pre-session-checklist", "phq-9", "gad-7", "review", "integration-followup"}

// seedPatientID is the id of patient p.
func seedPatientID(p int) string { return fmt.Sprintf("10000000-0000-4000-8000-%012x", p) }

// seedSubmissionID is the id of record n: a UUIDv7 whose time is the
// record's, so that ids sort in creation order as real ones do.
func seedSubmissionID(n int) string {
	ms := int64(seedBase+n*seedStep) * 1000
	return fmt.Sprintf("%08x-%04x-7%03x-%04x-%012x", ms>>16, ms&0xffff, n&0xfff, 0x8000|(n>>12)&0x3fff, n)
}

// seedTime is the time of record n.
func seedTime(n int) time.Time { return time.Unix(int64(seedBase+n*seedStep), 0).UTC() }

// patientOf is the patient of record n.
func (sc seedScale) patientOf(n int) int { return int(int64(n) * seedStride % int64(sc.Patients)) }

// seedSQL spells the seeding statements for one engine.
type seedSQL struct{ engine string }

// hex is expr as lower-case hex, zero-padded to width digits.
func (d seedSQL) hex(expr string, width int) string {
	if d.engine == EnginePostgres {
		return fmt.Sprintf("lpad(to_hex(%s), %d, '0')", expr, width)
	}
	return fmt.Sprintf("printf('%%0%dx', %s)", width, expr)
}

// cat concatenates expressions.
func (d seedSQL) cat(exprs ...string) string { return "(" + strings.Join(exprs, " || ") + ")" }

// at is the time secs (Unix seconds), as the store's driver writes times.
func (d seedSQL) at(secs string) string {
	if d.engine == EnginePostgres {
		return fmt.Sprintf("to_timestamp(%s)", secs)
	}
	return fmt.Sprintf("(strftime('%%Y-%%m-%%d %%H:%%M:%%S', %s, 'unixepoch') || '+00:00')", secs)
}

// filler is about n bytes of text. On PostgreSQL it differs from row to
// row (key), so that compression can't shrink it; SQLite does not
// compress, and a constant is quicker to make.
func (d seedSQL) filler(key string, n int) string {
	if d.engine == EnginePostgres {
		return fmt.Sprintf("repeat(md5(%s::text), %d)", key, max(n/32, 1))
	}
	return fmt.Sprintf("printf('%%.*c', %d, 'x')", max(n, 1))
}

// patientID is the SQL for seedPatientID(p).
func (d seedSQL) patientID(p string) string {
	return d.cat("'10000000-0000-4000-8000-'", d.hex(p, 12))
}

// submissionID is the SQL for seedSubmissionID(n).
func (d seedSQL) submissionID(n string) string {
	ms := fmt.Sprintf("((%d + (%s) * %d) * 1000)", seedBase, n, seedStep)
	return d.cat(d.hex(ms+" / 65536", 8), "'-'", d.hex(ms+" % 65536", 4), "'-7'",
		d.hex("("+n+") % 4096", 3), "'-'", d.hex("32768 + ("+n+") / 4096 % 16384", 4), "'-'", d.hex(n, 12))
}

// insert is an INSERT into table of the rows sel makes from the numbers n
// from lo to hi-1; sel reads them from the relation {s} with the column n.
func (d seedSQL) insert(table, cols, sel string, lo, hi int) string {
	if d.engine == EnginePostgres {
		sel = strings.ReplaceAll(sel, "{s}", fmt.Sprintf("generate_series(%d::bigint, %d) AS s(n)", lo, hi-1))
		return fmt.Sprintf("INSERT INTO %s (%s) %s", table, cols, sel)
	}
	sel = strings.ReplaceAll(sel, "{s}", "s")
	return fmt.Sprintf("WITH RECURSIVE s(n) AS (SELECT %d UNION ALL SELECT n + 1 FROM s WHERE n < %d) INSERT INTO %s (%s) %s",
		lo, hi-1, table, cols, sel)
}

// seedStore fills the migrated, empty store s at scale sc and returns how
// long that took. It leaves the planner's statistics alone: see
// analyzeStore.
func seedStore(tb testing.TB, s *Store, sc seedScale) time.Duration {
	tb.Helper()
	start := time.Now()
	if g := gcd(seedStride, sc.Patients); g != 1 {
		tb.Fatalf("seed: %d patients share a factor with the stride %d", sc.Patients, seedStride)
	}
	if sc.Chunk <= 0 {
		sc.Chunk = 50000
	}
	seedRows(tb, s.db.WithContext(context.Background()), s.engine, sc)
	return time.Since(start)
}

// seedRows is seedStore's work.
func seedRows(tb testing.TB, db *gorm.DB, engine string, sc seedScale) {
	tb.Helper()
	exec := func(stmt string) {
		tb.Helper()
		if err := db.Exec(stmt).Error; err != nil {
			tb.Fatalf("seed: %v\n%s", err, stmt)
		}
	}
	d := seedSQL{engine}
	created := d.at(fmt.Sprint(seedBase))
	for _, k := range []struct{ id, role string }{
		{seedPortalKey, RolePortal}, {seedClinicianKey, RoleClinician}, {seedAuditorKey, RoleAuditor},
	} {
		exec(fmt.Sprintf("INSERT INTO api_keys (id, name, role, hash, created_at) VALUES ('%s', '%s key', '%s', '%s', %s)",
			k.id, k.role, k.role, HashKey(k.id), created))
	}
	// Patients.
	for lo := 0; lo < sc.Patients; lo += sc.Chunk {
		hi := min(lo+sc.Chunk, sc.Patients)
		exec(d.insert("patients",
			"id, external_id, given_name, family_name, birth_date, sex, email, phone, emergency_contact, created_by, created_at, updated_at",
			fmt.Sprintf("SELECT %s, %s, 'Given', 'Family', '1980-01-01', 'female', 'patient@example.org', '+15550100', '', '%s', %s, %s FROM {s}",
				d.patientID("n"), d.cat("'EXT-'", d.hex("n", 8)), seedPortalKey, created, created), lo, hi))
	}
	// Records and their documents. r.p is the patient, r.j the record's
	// place in the patient's history.
	var form strings.Builder
	form.WriteString("CASE r.j % 10")
	for j, f := range seedForms[:9] {
		fmt.Fprintf(&form, " WHEN %d THEN '%s'", j, f)
	}
	form.WriteString(" WHEN 9 THEN (CASE WHEN r.p % 10 = 0 THEN 'withdrawal' ELSE 'integration-followup' END) END")
	refersTo := fmt.Sprintf("CASE WHEN r.j %% 10 = 8 OR (r.j %% 10 = 9 AND r.p %% 10 = 0) THEN %s ELSE '' END",
		d.submissionID(fmt.Sprintf("r.n - (r.j %% 10) * %d", sc.Patients)))
	createdBy := fmt.Sprintf("CASE WHEN r.j %% 10 IN (2, 8) THEN '%s' ELSE '%s' END", seedClinicianKey, seedPortalKey)
	records := fmt.Sprintf("(SELECT n, n * %d %% %d AS p, n / %d AS j FROM {s}) AS r", seedStride, sc.Patients, sc.Patients)
	recordAt := d.at(fmt.Sprintf("%d + r.n * %d", seedBase, seedStep))
	for lo := 0; lo < sc.Records(); lo += sc.Chunk {
		hi := min(lo+sc.Chunk, sc.Records())
		exec(d.insert("submissions",
			"id, form, version, patient_id, created_by, created_at, body, body_sha256, scores, flags, refers_to, ruleset",
			fmt.Sprintf(`SELECT %s, %s, '2026-11', %s, %s, %s, %s, %s, '{"total": 7}', '[]', %s, '' FROM %s`,
				d.submissionID("r.n"), form.String(), d.patientID("r.p"), createdBy, recordAt,
				d.cat(`'{"answers": {"note": "'`, d.filler("r.n", sc.BodyBytes), `'"}}'`),
				d.cat("'b'", d.hex("r.n", 63)), refersTo, records), lo, hi))
		exec(d.insert("documents", "submission_id, sha256, pages, size, pdf, created_at",
			fmt.Sprintf("SELECT %s, %s, 4, 1024, %s, %s FROM %s",
				d.submissionID("r.n"), d.cat("'d'", d.hex("r.n", 63)), d.pdf(), recordAt, records), lo, hi))
		exec(d.insert("consent_facts", "submission_id, refers_to, facts",
			fmt.Sprintf(`SELECT %s, %s, CASE WHEN r.j %% 10 = 0 THEN '{"accepted":["at-home-dosing"]}'
				WHEN r.j %% 10 = 8 THEN '{"decision":"approve"}'
				WHEN r.j %% 10 = 9 AND r.p %% 10 = 0 THEN '{"scope":"all"}' ELSE '{}' END FROM %s`,
				d.submissionID("r.n"), refersTo, records), lo, hi))
	}
	// Audit events: per record its creation, a document read and a consent
	// read, a second apart, plus the auditor's rare chain checks.
	rare := fmt.Sprintf("e.seq %% %d = 0", seedRareEvery)
	events := fmt.Sprintf("(SELECT n + 1 AS seq, n / %d AS rn, n %% %d AS k, (n / %d) * %d %% %d AS p FROM {s}) AS e",
		sc.EventsPer, sc.EventsPer, sc.EventsPer, seedStride, sc.Patients)
	for lo := 0; lo < sc.Events(); lo += sc.Chunk {
		hi := min(lo+sc.Chunk, sc.Events())
		exec(d.insert("audit_events",
			"seq, at, actor, role, action, subject, patient_id, ip, user_agent, data_hash, prev_hash, hash",
			fmt.Sprintf(`SELECT e.seq, %s,
				CASE WHEN %s THEN '%s' WHEN e.k = 0 THEN '%s' ELSE '%s' END,
				CASE WHEN %s THEN 'auditor' WHEN e.k = 0 THEN 'portal' ELSE 'clinician' END,
				CASE WHEN %s THEN 'audit.verify' WHEN e.k = 0 THEN 'submission.create' WHEN e.k = 1 THEN 'document.read' ELSE 'consent.read' END,
				CASE WHEN %s THEN 'audit/chain' WHEN e.k < 2 THEN %s ELSE %s END,
				CASE WHEN %s THEN '' ELSE %s END,
				'10.0.0.7', 'intake-portal/1.0', CASE WHEN e.k = 0 THEN %s ELSE '' END, %s, %s FROM %s`,
				d.at(fmt.Sprintf("%d + e.rn * %d + e.k", seedBase, seedStep)),
				rare, seedAuditorKey, seedPortalKey, seedClinicianKey,
				rare, rare,
				rare, d.cat("'submission/'", d.submissionID("e.rn")), d.cat("'patient/'", d.patientID("e.p")),
				rare, d.patientID("e.p"),
				d.cat("'a'", d.hex("e.rn", 63)), d.hex("e.seq - 1", 64), d.hex("e.seq", 64), events), lo, hi))
	}
}

// analyzeStore makes the planner's statistics, as PostgreSQL's autovacuum
// does on its own after a bulk load (VACUUM also marks the pages
// all-visible, which index-only scans need). On SQLite it runs ANALYZE,
// which the service itself never does.
func analyzeStore(tb testing.TB, s *Store) {
	tb.Helper()
	stmt := "ANALYZE"
	if s.engine == EnginePostgres {
		// The tables by name: a bare VACUUM would visit every schema on
		// the shared test server.
		stmt = "VACUUM ANALYZE api_keys, patients, submissions, documents, consent_facts, audit_events, idempotency_keys"
	}
	if err := s.db.Exec(stmt).Error; err != nil {
		tb.Fatalf("%s: %v", stmt, err)
	}
}

// pdf is a stand-in for a record's PDF bytes: 512 bytes. (Real PDFs are
// tens of kilobytes; none of the queries under test reads them.)
func (d seedSQL) pdf() string {
	if d.engine == EnginePostgres {
		return "decode(repeat('25504446', 128), 'hex')"
	}
	return "zeroblob(512)"
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
