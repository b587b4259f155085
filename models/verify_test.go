package models

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/consentry/consentry/internal/testdb"
)

// seedRecords stores n signed records for one patient, each with its
// creating event sealing its hashes, and returns their ids.
func seedRecords(t *testing.T, s *Store, n int) []string {
	t.Helper()
	ctx := context.Background()
	_, k, err := s.CreateKey(ctx, "portal", RolePortal)
	if err != nil {
		t.Fatal(err)
	}
	p := &Patient{ID: "p1", ExternalID: "MRN-1", GivenName: "A", FamilyName: "B", BirthDate: "1990-01-01", Sex: "female", CreatedBy: k.ID}
	if err := s.CreatePatient(ctx, p, Event{Actor: k.ID, Action: "patient.create", Subject: "patient/p1", PatientID: "p1"}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range n {
		id := fmt.Sprintf("s%03d", i)
		body := fmt.Sprintf(`{"n":%d}`, i)
		pdf := []byte(fmt.Sprintf("%%PDF-1.7 record %d", i))
		sub := &Submission{ID: id, Form: "kap-consent", Version: "2026-11", PatientID: "p1", CreatedBy: k.ID,
			CreatedAt: s.now(), Body: body, BodySHA256: sha256Hex([]byte(body)), Scores: "{}", Flags: "[]"}
		doc := &Document{SubmissionID: id, SHA256: sha256Hex(pdf), Pages: 1, Size: len(pdf), PDF: pdf, CreatedAt: s.now()}
		ev := Event{Actor: k.ID, Role: RolePortal, Action: "submission.create", Subject: "submission/" + id, PatientID: "p1",
			DataHash: DataHash(sub.BodySHA256, doc.SHA256)}
		if _, err := s.CreateSubmission(ctx, sub, doc, ev); err != nil {
			t.Fatal(err)
		}
		if err := s.Record(ctx, Event{Actor: k.ID, Action: "document.read", Subject: "submission/" + id, PatientID: "p1"}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// tamper edits the database directly, as someone with access to it
// would: the append-only triggers are lifted first.
func tamper(t *testing.T, s *Store, stmts ...string) {
	t.Helper()
	for _, stmt := range testdb.AllowEdits(s.Engine(), testdb.AppendOnlyTables...) {
		if err := s.db.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	for _, stmt := range stmts {
		if err := s.db.Exec(stmt).Error; err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

func TestVerifyCleanDatabase(t *testing.T) {
	s := mustStore(t)
	seedRecords(t, s, 5)
	var calls int
	v, err := s.Verify(context.Background(), func(int64) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK || len(v.Problems) != 0 || v.EventsChecked != 11 || v.DocumentsChecked != 5 || v.SubmissionsChecked != 5 {
		t.Fatalf("verification = %+v", v)
	}
	if calls == 0 {
		t.Error("no progress reported")
	}
}

// TestVerifyNamesEachTampering edits the database straight and checks
// that verification names what was done, and where.
func TestVerifyNamesEachTampering(t *testing.T) {
	engine := testdb.Engine()
	tests := []struct {
		name    string
		stmts   []string
		kind    string
		subject string
	}{
		{"edited event", []string{"UPDATE audit_events SET ip = '10.9.9.9' WHERE seq = 3"}, ProblemEventEdited, "event/3"},
		{"event re-hashed to hide an edit", []string{
			"UPDATE audit_events SET actor = 'someone', hash = '" + GenesisHash + "' WHERE seq = 4"}, ProblemEventLink, "event/5"},
		{"deleted event", []string{"DELETE FROM audit_events WHERE seq = 5"}, ProblemEventMissing, "event/6"},
		{"edited submission body", []string{`UPDATE submissions SET body = '{"n":99}' WHERE id = 's001'`}, ProblemSubmissionEdited, "submission/s001"},
		{"edited body with its hash updated", []string{
			`UPDATE submissions SET body = '{"n":99}', body_sha256 = '` + sha256Hex([]byte(`{"n":99}`)) + `' WHERE id = 's002'`},
			ProblemSubmissionEdited, "submission/s002"},
		{"swapped PDF", []string{"UPDATE documents SET pdf = " + testdb.Bytes(engine, "255044462D312E37") + " WHERE submission_id = 's003'"}, ProblemDocumentSwapped, "submission/s003"},
		{"swapped PDF with its hash updated", []string{
			"UPDATE documents SET pdf = " + testdb.Bytes(engine, "25504446") + ", sha256 = '" + sha256Hex([]byte("%PDF")) + "' WHERE submission_id = 's004'"},
			ProblemSubmissionEdited, "submission/s004"},
		{"deleted PDF", []string{"DELETE FROM documents WHERE submission_id = 's000'"}, ProblemDocumentMissing, "submission/s000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustStore(t)
			seedRecords(t, s, 5)
			tamper(t, s, tt.stmts...)
			v, err := s.Verify(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if v.OK {
				t.Fatal("verification passed a tampered database")
			}
			found := false
			for _, p := range v.Problems {
				found = found || (p.Kind == tt.kind && p.Subject == tt.subject)
			}
			if !found {
				t.Errorf("problems %+v lack %s at %s", v.Problems, tt.kind, tt.subject)
			}
		})
	}
}

func TestUpgradeFromFirstMigration(t *testing.T) {
	s, err := Open(testdb.URL(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.migrateTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// A record written by the first schema survives the upgrade.
	if err := s.db.Exec(`INSERT INTO api_keys (id, name, role, hash, created_at) VALUES ('k', 'old', 'portal', 'h', '2026-01-01 00:00:00+00:00')`).Error; err != nil {
		t.Fatal(err)
	}
	applied, err := s.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != len(migrations)-1 {
		t.Fatalf("applied %v", applied)
	}
	if n, _ := s.CountKeys(ctx); n != 1 {
		t.Fatalf("%d keys after upgrade", n)
	}
}

// TestVerifyReadsAnyFieldContent: the chain walk reads each event's
// fields exactly as stored, whatever they hold (SQLite's packed read
// frames them by length), and still finds an edit among them.
func TestVerifyReadsAnyFieldContent(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	odd := []string{"", ":", "12:", "3:abc", `a "quoted" \ ua`, "tab\tnl\n", "é ü \u2028 Дмитрий", "\x01\x1f", strings.Repeat("x:", 500)}
	for i, ua := range odd {
		ev := Event{Actor: "k" + ua, Role: RoleClinician, Action: "document.read", Subject: ua, PatientID: ua, IP: ua, UserAgent: ua}
		if err := s.Record(ctx, ev); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
	}
	v, err := s.Verify(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK || v.EventsChecked != int64(len(odd)) {
		t.Fatalf("verification = %+v", v)
	}
	tamper(t, s, "UPDATE audit_events SET user_agent = '3:abd' WHERE seq = 4")
	v, err = s.Verify(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.OK || len(v.Problems) != 1 || v.Problems[0].Kind != ProblemEventEdited || v.Problems[0].Subject != "event/4" {
		t.Fatalf("problems after an edit = %+v", v.Problems)
	}
}
