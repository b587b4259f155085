package models

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// The query plan tests run the store's own read methods on a seeded
// database, record the SQL GORM sends (with its bind variables), and ask
// the engine how it would run each statement: every read of a table that
// grows with the clinic (submissions, documents, audit events, patients,
// idempotency keys) must seek an index made for it, and where the query
// pages or replays a history, that index must also give the ORDER BY, so
// that a page costs the same at a thousand records as at a million.
//
// SQLite is checked as the service runs it, without planner statistics
// (it never runs ANALYZE): then it takes the index that fits best, in
// ORDER BY order where one gives it. It is checked again after ANALYZE, as
// an operator might run it, where it must still seek the same indexes but
// may sort a patient's few rows rather than read them in order.
//
// PostgreSQL is checked after VACUUM ANALYZE, as autovacuum leaves a
// table. Its plan for the statement's values (the custom plan) must seek
// the index; where the index should give the ORDER BY, the plan with
// sorting disabled must read it in order, which proves that it can (with
// sorting allowed, PostgreSQL rightly fetches a patient's ten rows with a
// bitmap scan and sorts them). The generic plan, which pgx's cached
// prepared statements may switch to after five executions, must not scan
// a table either.

// sqlRecorder is a GORM logger that keeps every statement a session runs,
// with its bind variables.
type sqlRecorder struct {
	mu    sync.Mutex
	stmts []recordedSQL
}

// recordedSQL is one statement as GORM sent it.
type recordedSQL struct {
	SQL  string
	Vars []any
}

func (r *sqlRecorder) LogMode(logger.LogLevel) logger.Interface { return r }
func (r *sqlRecorder) Info(context.Context, string, ...any)     {}
func (r *sqlRecorder) Warn(context.Context, string, ...any)     {}
func (r *sqlRecorder) Error(context.Context, string, ...any)    {}

// Trace asks GORM for the statement, which hands it to ParamsFilter.
func (r *sqlRecorder) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) { fc() }

// ParamsFilter records the statement and its variables as they are.
func (r *sqlRecorder) ParamsFilter(_ context.Context, sql string, vars ...any) (string, []any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stmts = append(r.stmts, recordedSQL{SQL: sql, Vars: append([]any(nil), vars...)})
	return sql, vars
}

// selects returns the SELECT statements recorded since the last call and
// forgets everything recorded.
func (r *sqlRecorder) selects() []recordedSQL {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []recordedSQL
	for _, st := range r.stmts {
		if strings.HasPrefix(strings.TrimSpace(st.SQL), "SELECT") {
			out = append(out, st)
		}
	}
	r.stmts = nil
	return out
}

// recording returns a view of s that records the statements it runs.
func recording(s *Store) (*Store, *sqlRecorder) {
	rec := &sqlRecorder{}
	return &Store{db: s.db.Session(&gorm.Session{Logger: rec}), engine: s.engine, Now: s.Now}, rec
}

// planWant says how one statement must be planned.
type planWant struct {
	// Table is the table the statement reads.
	Table string
	// Indexes are the indexes it may use, any one of them, by their
	// PostgreSQL names (see sqliteIndexNames for SQLite's names of the
	// implicit ones).
	Indexes []string
	// Ordered means the index must hand the rows over in ORDER BY order,
	// with no sort step.
	Ordered bool
	// Small marks a table that stays small in production too (API keys):
	// PostgreSQL rightly reads it whole, so its plan there is checked with
	// sequential scans disabled, which proves that the index fits.
	Small bool
	// GenericMayWalk marks a filter on a column with few distinct values
	// (actor, action): PostgreSQL's generic plan, made without the value,
	// may walk the primary key and filter instead of seeking the index.
	// The custom plan must seek it; the generic one is only logged. (A
	// connection with plan_cache_mode=force_custom_plan never uses it.)
	GenericMayWalk bool
	// Covering means that on SQLite the index holds every column the
	// statement reads, so that it never visits the rows (which hold the
	// bodies).
	Covering bool
}

// sqliteIndexNames are SQLite's names of the indexes that primary keys
// and UNIQUE constraints make, by their PostgreSQL names. An INTEGER
// PRIMARY KEY is the rowid itself.
var sqliteIndexNames = map[string]string{
	"submissions_pkey":      "sqlite_autoindex_submissions_1",
	"documents_pkey":        "sqlite_autoindex_documents_1",
	"patients_pkey":         "sqlite_autoindex_patients_1",
	"api_keys_hash_key":     "sqlite_autoindex_api_keys_2",
	"idempotency_keys_pkey": "sqlite_autoindex_idempotency_keys_1",
	"audit_events_pkey":     "INTEGER PRIMARY KEY",
}

// planCase is one call of a store method and the plans of the SELECTs it
// runs, in order.
type planCase struct {
	Name string
	Call func(ctx context.Context, s *Store) error
	Want []planWant
}

// The plans the cases expect, by the index that serves them.
var (
	subsByID = planWant{Table: "submissions", Indexes: []string{"submissions_pkey"}}
	docsByID = planWant{Table: "documents", Indexes: []string{"documents_pkey"}}
	subsList = planWant{Table: "submissions", Indexes: []string{"submissions_by_patient_id"}, Ordered: true, Covering: true}
	// A list of one form seeks the patient's records of that form, or
	// (SQLite) filters the patient's entries of the list's covering index.
	subsListForm    = planWant{Table: "submissions", Indexes: []string{"submissions_by_patient", "submissions_by_patient_id"}, Ordered: true}
	subsHistory     = planWant{Table: "submissions", Indexes: []string{"submissions_by_patient_time"}, Ordered: true}
	eventsBySeq     = planWant{Table: "audit_events", Indexes: []string{"audit_events_pkey"}, Ordered: true}
	eventsByPatient = planWant{Table: "audit_events", Indexes: []string{"audit_events_by_patient"}, Ordered: true}
)

// explainCases are the store's reads of growing tables, on the data set
// seedStore makes at scale sc.
func explainCases(sc seedScale) []planCase {
	P := sc.Patients
	// n0 is the first record of the patient under test, one whose
	// consent was withdrawn.
	n0 := 1234 % P
	for sc.patientOf(n0)%10 != 0 {
		n0++
	}
	patient := seedPatientID(sc.patientOf(n0))
	consent := seedSubmissionID(n0)
	after := seedSubmissionID(n0 + 3*P)
	until := seedTime(n0 + 5*P)
	midSeq := int64(sc.Events() / 2)
	lastDay := seedTime(sc.Records() - 24*60)
	list := func(f SubmissionFilter) func(ctx context.Context, s *Store) error {
		f.Limit = 50
		return func(ctx context.Context, s *Store) error { _, err := s.ListSubmissions(ctx, f); return err }
	}
	events := func(f EventFilter) func(ctx context.Context, s *Store) error {
		f.Limit = 100
		return func(ctx context.Context, s *Store) error { _, err := s.AuditEvents(ctx, f); return err }
	}
	return []planCase{
		// A patient's records: GET /v1/patients/{id}/submissions, for a
		// clinician (all records) and for a portal (its own). The page's
		// documents come by primary key.
		{"ListSubmissions", list(SubmissionFilter{PatientID: patient}), []planWant{subsList, docsByID}},
		{"ListSubmissions/cursor", list(SubmissionFilter{PatientID: patient, After: after}), []planWant{subsList, docsByID}},
		{"ListSubmissions/portal", list(SubmissionFilter{PatientID: patient, CreatedBy: seedPortalKey}), []planWant{subsList, docsByID}},
		{"ListSubmissions/portal/cursor", list(SubmissionFilter{PatientID: patient, CreatedBy: seedPortalKey, After: after}),
			[]planWant{subsList, docsByID}},
		{"ListSubmissions/form", list(SubmissionFilter{PatientID: patient, Form: "phq-9"}), []planWant{subsListForm, docsByID}},
		{"ListSubmissions/form/cursor", list(SubmissionFilter{PatientID: patient, Form: "phq-9", After: after}),
			[]planWant{subsListForm, docsByID}},
		{"ListSubmissions/portal/form/cursor", list(SubmissionFilter{PatientID: patient, Form: "phq-9", CreatedBy: seedPortalKey, After: after}),
			[]planWant{subsListForm, docsByID}},
		// Consent status and history, screening, the export: a patient's
		// history replayed oldest first.
		{"PatientRecords", func(ctx context.Context, s *Store) error {
			_, err := s.PatientRecords(ctx, patient, until)
			return err
		}, []planWant{subsHistory}},
		// With forms, either patient index is right: the one by form seeks
		// each form and sorts the patient's few records, the one by time
		// filters them in order.
		{"PatientRecords/forms", func(ctx context.Context, s *Store) error {
			_, err := s.PatientRecords(ctx, patient, until, "phq-9", "gad-7", "medical-history")
			return err
		}, []planWant{{Table: "submissions", Indexes: []string{"submissions_by_patient_time", "submissions_by_patient"}}}},
		// The latest record of one form (a submission's treatment plan):
		// the patient's few records of the form, or on SQLite the
		// patient's entries of the history index, which covers form (no
		// row read), then the newest by key.
		{"LatestRecord", func(ctx context.Context, s *Store) error {
			_, err := s.LatestRecord(ctx, patient, "phq-9", until)
			return err
		}, []planWant{{Table: "submissions", Indexes: []string{"submissions_by_patient", "submissions_by_patient_time"}}, subsByID}},
		// Consent status: the history with each record's consent facts,
		// by primary key.
		{"StatusRecords", func(ctx context.Context, s *Store) error {
			recs, err := s.StatusRecords(ctx, patient, until)
			if err == nil && len(recs) != 6 {
				err = fmt.Errorf("%d status records, want 6", len(recs))
			}
			return err
		}, []planWant{{Table: "submissions", Indexes: []string{"submissions_by_patient_time"}, Ordered: true, Covering: true}}},
		{"RecordIDs", func(ctx context.Context, s *Store) error {
			_, err := s.RecordIDs(ctx, patient)
			return err
		}, []planWant{subsHistory}},
		// The withdrawals and reviews of one record: a handful of rows,
		// sorted after the seek.
		{"References", func(ctx context.Context, s *Store) error {
			_, err := s.References(ctx, consent)
			return err
		}, []planWant{{Table: "submissions", Indexes: []string{"submissions_by_reference"}}}},
		{"Submission", func(ctx context.Context, s *Store) error {
			_, err := s.Submission(ctx, consent)
			return err
		}, []planWant{subsByID}},
		{"Document", func(ctx context.Context, s *Store) error {
			_, err := s.Document(ctx, consent)
			return err
		}, []planWant{docsByID}},
		{"DocumentInfo", func(ctx context.Context, s *Store) error {
			_, err := s.DocumentInfo(ctx, consent)
			return err
		}, []planWant{docsByID}},
		{"DocumentBySHA256", func(ctx context.Context, s *Store) error {
			_, err := s.DocumentBySHA256(ctx, fmt.Sprintf("d%063x", n0))
			return err
		}, []planWant{{Table: "documents", Indexes: []string{"documents_by_sha256"}}}},
		{"Patient", func(ctx context.Context, s *Store) error {
			_, err := s.Patient(ctx, patient)
			return err
		}, []planWant{{Table: "patients", Indexes: []string{"patients_pkey"}}}},
		{"PatientsByExternalID", func(ctx context.Context, s *Store) error {
			_, err := s.PatientsByExternalID(ctx, fmt.Sprintf("EXT-%08x", sc.patientOf(n0)), "")
			return err
		}, []planWant{{Table: "patients", Indexes: []string{"patients_by_external_id"}}}},
		{"KeyBySecret", func(ctx context.Context, s *Store) error {
			_, err := s.KeyBySecret(ctx, "csk_not-a-key")
			if errors.Is(err, ErrNotFound) {
				err = nil
			}
			return err
		}, []planWant{{Table: "api_keys", Indexes: []string{"api_keys_hash_key"}, Small: true}}},
		// The second claim of a key finds the first one's row.
		{"ClaimIdempotencyKey", func(ctx context.Context, s *Store) error {
			key := fmt.Sprintf("retry-%d", time.Now().UnixNano())
			for range 2 {
				if _, _, err := s.ClaimIdempotencyKey(ctx, seedPortalKey, key, "h"); err != nil {
					return err
				}
			}
			return nil
		}, []planWant{{Table: "idempotency_keys", Indexes: []string{"idempotency_keys_pkey"}, Small: true}}},
		// The audit log: GET /v1/audit/events and the export's events.
		{"AuditEvents", events(EventFilter{}), []planWant{eventsBySeq}},
		{"AuditEvents/cursor", events(EventFilter{AfterSeq: midSeq}), []planWant{eventsBySeq}},
		{"AuditEvents/patient", events(EventFilter{PatientID: patient}), []planWant{eventsByPatient}},
		{"AuditEvents/patient/cursor", events(EventFilter{PatientID: patient, AfterSeq: midSeq}), []planWant{eventsByPatient}},
		{"AuditEvents/patient/action/time", events(EventFilter{PatientID: patient, Action: "consent.read",
			Since: seedTime(n0), Until: until}), []planWant{eventsByPatient}},
		{"AuditEvents/subject", events(EventFilter{Subject: "submission/" + consent}),
			[]planWant{{Table: "audit_events", Indexes: []string{"audit_events_by_subject"}, Ordered: true}}},
		{"AuditEvents/actor", events(EventFilter{Actor: seedAuditorKey, AfterSeq: midSeq}),
			[]planWant{{Table: "audit_events", Indexes: []string{"audit_events_by_actor"}, Ordered: true, GenericMayWalk: true}}},
		{"AuditEvents/action", events(EventFilter{Action: "audit.verify", AfterSeq: midSeq}),
			[]planWant{{Table: "audit_events", Indexes: []string{"audit_events_by_action"}, Ordered: true, GenericMayWalk: true}}},
		// With a patient or a subject, actor and action only filter.
		{"AuditEvents/patient/actor", events(EventFilter{PatientID: patient, Actor: seedClinicianKey}), []planWant{eventsByPatient}},
		{"AuditEvents/subject/action", events(EventFilter{Subject: "patient/" + patient, Action: "consent.read"}),
			[]planWant{{Table: "audit_events", Indexes: []string{"audit_events_by_subject"}, Ordered: true}}},
		// A time range alone rides on the sequence: it is a filter on a
		// walk of the primary key from the cursor. (Sequence order is time
		// order in practice, but neither engine knows that.)
		{"AuditEvents/since", events(EventFilter{Since: lastDay}), []planWant{eventsBySeq}},
		{"ChainHead", func(ctx context.Context, s *Store) error {
			_, err := s.ChainHead(ctx)
			return err
		}, []planWant{eventsBySeq}},
	}
}

// TestExplainQueryPlans checks that every read of a growing table seeks
// an index that fits it (see the top of this file).
func TestExplainQueryPlans(t *testing.T) {
	sc := seedScale{Patients: 3000, PerPatient: 10, EventsPer: 3, BodyBytes: 1024}
	if testing.Short() {
		sc.Patients = 1000
	}
	s := mustStore(t)
	took := seedStore(t, s, sc)
	t.Logf("%s: seeded %d records and %d audit events in %v", s.engine, sc.Records(), sc.Events(), took.Round(time.Millisecond))
	checkSeed(t, s, sc)

	rs, rec := recording(s)
	cases := explainCases(sc)
	check := func(pass string, explain func(t *testing.T, st recordedSQL, w planWant)) {
		for _, c := range cases {
			t.Run(pass+"/"+c.Name, func(t *testing.T) {
				rec.selects()
				if err := c.Call(context.Background(), rs); err != nil {
					t.Fatal(err)
				}
				got := rec.selects()
				if len(got) != len(c.Want) {
					t.Fatalf("ran %d SELECTs, want %d: %v", len(got), len(c.Want), got)
				}
				for i, st := range got {
					explain(t, st, c.Want[i])
				}
			})
		}
	}
	if s.engine == EnginePostgres {
		analyzeStore(t, s)
		check("custom", func(t *testing.T, st recordedSQL, w planWant) { checkPostgresPlan(t, s, st, w, false) })
		check("generic", func(t *testing.T, st recordedSQL, w planWant) { checkPostgresPlan(t, s, st, w, true) })
		return
	}
	check("nostats", func(t *testing.T, st recordedSQL, w planWant) { checkSQLitePlan(t, s, st, w, w.Ordered) })
	analyzeStore(t, s)
	check("analyzed", func(t *testing.T, st recordedSQL, w planWant) { checkSQLitePlan(t, s, st, w, false) })
}

// checkSeed makes sure that the seeded rows are what seedStore's Go mirror
// says they are, through the store's own reads.
func checkSeed(t *testing.T, s *Store, sc seedScale) {
	t.Helper()
	ctx := context.Background()
	n0 := 42
	patient := seedPatientID(sc.patientOf(n0))
	sub, err := s.Submission(ctx, seedSubmissionID(n0))
	if err != nil {
		t.Fatalf("seeded record %d: %v", n0, err)
	}
	if sub.PatientID != patient || !sub.CreatedAt.Equal(seedTime(n0)) || sub.Form != "kap-consent" {
		t.Fatalf("seeded record %d is %+v, want patient %s at %v", n0, sub, patient, seedTime(n0))
	}
	recs, err := s.PatientRecords(ctx, patient, seedTime(n0+2*sc.Patients))
	if err != nil || len(recs) != 3 {
		t.Fatalf("PatientRecords until the third record: %d records (%v), want 3", len(recs), err)
	}
	for j, r := range recs {
		if r.ID != seedSubmissionID(n0+j*sc.Patients) {
			t.Fatalf("record %d of patient %s is %s, want %s", j, patient, r.ID, seedSubmissionID(n0+j*sc.Patients))
		}
	}
	// LatestRecord agrees with the history: the newest of each form until
	// then, none of a form the patient lacks or before the first record.
	until := seedTime(n0 + 2*sc.Patients)
	newest := map[string]string{}
	for _, r := range recs {
		newest[r.Form] = r.ID
	}
	for form, id := range newest {
		got, err := s.LatestRecord(ctx, patient, form, until)
		if err != nil || got.ID != id {
			t.Fatalf("LatestRecord(%s) until the third record: %v (%v), want %s", form, got, err, id)
		}
	}
	if _, err := s.LatestRecord(ctx, patient, "no-such-form", until); !errors.Is(err, ErrNotFound) {
		t.Fatalf("LatestRecord of a form the patient lacks: %v, want ErrNotFound", err)
	}
	if _, err := s.LatestRecord(ctx, patient, recs[0].Form, seedTime(n0).Add(-time.Microsecond)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("LatestRecord before the first record: %v, want ErrNotFound", err)
	}
	evs, err := s.AuditEvents(ctx, EventFilter{PatientID: patient, Limit: 1000})
	if err != nil || len(evs) != sc.PerPatient*sc.EventsPer {
		t.Fatalf("%d audit events of patient %s (%v), want %d", len(evs), patient, err, sc.PerPatient*sc.EventsPer)
	}
}

// sqlitePlanLine matches a line of EXPLAIN QUERY PLAN that reads a table.
var sqlitePlanLine = regexp.MustCompile(`^(SCAN|SEARCH) (\w+)(?: USING (?:COVERING )?(?:INDEX (\w+)|(INTEGER PRIMARY KEY)))?`)

// checkSQLitePlan explains st on SQLite and checks it against w, and for
// the order too if ordered.
func checkSQLitePlan(t *testing.T, s *Store, st recordedSQL, w planWant, ordered bool) {
	t.Helper()
	lines := sqlitePlan(t, s, st)
	plan := strings.Join(lines, "\n")
	read := false
	for _, l := range lines {
		m := sqlitePlanLine.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil || m[2] != w.Table {
			continue
		}
		read = true
		used := m[3] + m[4]
		if m[1] == "SCAN" {
			// A walk of the whole table is wrong unless it goes in rowid
			// order from the end and stops at once (ChainHead).
			if used != "" || !scansFromEnd(t, s, st) {
				t.Errorf("%s is scanned, not searched:\n%s\n%s", w.Table, plan, st.SQL)
				continue
			}
			used = "INTEGER PRIMARY KEY"
		}
		ok := false
		for _, want := range w.Indexes {
			name := want
			if n, found := sqliteIndexNames[want]; found {
				name = n
			}
			ok = ok || used == name
		}
		if !ok {
			t.Errorf("%s read by %q, want one of %v:\n%s\n%s", w.Table, used, w.Indexes, plan, st.SQL)
		}
		if w.Covering && !strings.Contains(l, "USING COVERING INDEX") {
			t.Errorf("%s is read through %q and then its rows, not from the index alone:\n%s\n%s", w.Table, used, plan, st.SQL)
		}
	}
	if !read {
		t.Errorf("plan does not read %s:\n%s\n%s", w.Table, plan, st.SQL)
	}
	if ordered && strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("rows are sorted, not read in index order:\n%s\n%s", plan, st.SQL)
	}
}

// sqlitePlan returns EXPLAIN QUERY PLAN's lines for st, indented by depth.
func sqlitePlan(tb testing.TB, s *Store, st recordedSQL) []string {
	tb.Helper()
	rows, err := sqlQuery(tb, s, "EXPLAIN QUERY PLAN "+st.SQL, st.Vars)
	if err != nil {
		tb.Fatalf("EXPLAIN QUERY PLAN: %v\n%s", err, st.SQL)
	}
	defer rows.Close()
	depth := map[int]int{}
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			tb.Fatal(err)
		}
		depth[id] = depth[parent] + 1
		lines = append(lines, strings.Repeat("  ", depth[id]-1)+detail)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return lines
}

// scansFromEnd reports whether SQLite's program for st starts its walk of
// the table at the last row (a Last opcode) for an ORDER BY … DESC: seq
// DESC LIMIT 1 shows as a SCAN but reads one row.
func scansFromEnd(tb testing.TB, s *Store, st recordedSQL) bool {
	tb.Helper()
	rows, err := sqlQuery(tb, s, "EXPLAIN "+st.SQL, st.Vars)
	if err != nil {
		tb.Fatalf("EXPLAIN: %v\n%s", err, st.SQL)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		tb.Fatal(err)
	}
	found := false
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		op := vals[1] // addr, opcode, p1, …
		if b, ok := op.([]byte); ok {
			op = string(b)
		}
		found = found || op == "Last"
	}
	return found && strings.Contains(st.SQL, " DESC")
}

// sqlQuery runs query on the store's database as it is, past GORM, which
// would rewrite its placeholders.
func sqlQuery(tb testing.TB, s *Store, query string, args []any) (*sql.Rows, error) {
	tb.Helper()
	sqlDB, err := s.db.DB()
	if err != nil {
		tb.Fatal(err)
	}
	return sqlDB.QueryContext(context.Background(), query, args...)
}

// pgNode is a node of PostgreSQL's EXPLAIN (FORMAT JSON).
type pgNode struct {
	NodeType string   `json:"Node Type"`
	Relation string   `json:"Relation Name"`
	Index    string   `json:"Index Name"`
	Plans    []pgNode `json:"Plans"`
}

// walk calls f on n and every node under it.
func (n *pgNode) walk(f func(*pgNode)) {
	f(n)
	for i := range n.Plans {
		n.Plans[i].walk(f)
	}
}

// checkPostgresPlan explains st on PostgreSQL, with its custom plan or its
// generic plan, and checks it against w.
func checkPostgresPlan(t *testing.T, s *Store, st recordedSQL, w planWant, generic bool) {
	t.Helper()
	var settings []string
	if w.Small {
		settings = append(settings, "enable_seqscan = off")
	}
	text := postgresPlan(t, s, st, "FORMAT TEXT", generic, settings...)
	nodes := postgresNodes(t, s, st, generic, settings...)
	if nodes["Seq Scan"] != "" {
		t.Errorf("sequential scan of%s:\n%s\n%s", nodes["Seq Scan"], text, st.SQL)
	}
	if generic && w.GenericMayWalk {
		t.Logf("generic plan:\n%s", text)
		return
	}
	if !usesIndex(nodes, w.Indexes) {
		t.Errorf("plan uses none of %v:\n%s\n%s", w.Indexes, text, st.SQL)
	}
	if !w.Ordered || generic {
		return
	}
	settings = append(settings, "enable_sort = off")
	nodes = postgresNodes(t, s, st, false, settings...)
	if nodes["Sort"] != "" || nodes["Incremental Sort"] != "" || !usesIndex(nodes, w.Indexes) {
		t.Errorf("with sorting disabled, rows still are sorted or not read from %v:\n%s\n%s",
			w.Indexes, postgresPlan(t, s, st, "FORMAT TEXT", false, settings...), st.SQL)
	}
}

// postgresNodes returns the node types of st's plan, each with the tables
// it reads (" submissions audit_events"), and the indexes it reads, each
// as "index <name>".
func postgresNodes(tb testing.TB, s *Store, st recordedSQL, generic bool, settings ...string) map[string]string {
	tb.Helper()
	raw := postgresPlan(tb, s, st, "FORMAT JSON", generic, settings...)
	var plans []struct{ Plan pgNode }
	if err := json.Unmarshal([]byte(raw), &plans); err != nil || len(plans) != 1 {
		tb.Fatalf("EXPLAIN output %q: %v", raw, err)
	}
	out := map[string]string{}
	plans[0].Plan.walk(func(n *pgNode) {
		out[n.NodeType] += " " + n.Relation
		if n.Index != "" {
			out["index "+n.Index] = n.NodeType
		}
	})
	return out
}

// usesIndex reports whether a plan's nodes read one of indexes.
func usesIndex(nodes map[string]string, indexes []string) bool {
	for _, name := range indexes {
		if nodes["index "+name] != "" {
			return true
		}
	}
	return false
}

// postgresPlan returns PostgreSQL's EXPLAIN (options) of st: the custom
// plan for st's variables, or the generic plan of st as a prepared
// statement, under the planner settings given ("enable_sort = off").
func postgresPlan(tb testing.TB, s *Store, st recordedSQL, options string, generic bool, settings ...string) string {
	tb.Helper()
	ctx := context.Background()
	sqlDB, err := s.db.DB()
	if err != nil {
		tb.Fatal(err)
	}
	// One connection: PREPARE and SET belong to the session.
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	exec := func(stmt string) {
		tb.Helper()
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			tb.Fatalf("%s: %v", stmt, err)
		}
	}
	for _, set := range settings {
		name, _, _ := strings.Cut(set, " ")
		exec("SET " + set)
		defer exec("RESET " + name)
	}
	query, args := "EXPLAIN ("+options+") "+st.SQL, st.Vars
	if generic {
		exec("PREPARE consentry_explain AS " + st.SQL)
		defer exec("DEALLOCATE consentry_explain")
		exec("SET plan_cache_mode = force_generic_plan")
		defer exec("RESET plan_cache_mode")
		// A generic plan is made without the values: NULLs will do.
		query, args = "EXPLAIN ("+options+") EXECUTE consentry_explain", nil
		if len(st.Vars) > 0 {
			query += "(" + strings.TrimSuffix(strings.Repeat("NULL, ", len(st.Vars)), ", ") + ")"
		}
	}
	rows, err := conn.QueryContext(ctx, query, args...)
	if err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			tb.Fatal(err)
		}
		out = append(out, line)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return strings.Join(out, "\n")
}
