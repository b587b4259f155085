package models

import (
	"context"
	"errors"
	"testing"

	"github.com/consentry/consentry/internal/testdb"
)

// addRevision stores the next revision of record id: its latest bytes
// with more appended, sealed by its event.
func addRevision(t *testing.T, s *Store, id string, more string) *DocumentRevision {
	t.Helper()
	ctx := context.Background()
	latest, err := s.LatestDocument(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	pdf := append(append([]byte(nil), latest.PDF...), more...)
	rev := &DocumentRevision{SubmissionID: id, Revision: latest.Revision + 1, SHA256: sha256Hex(pdf), Size: len(pdf), PDF: pdf,
		Reason: "test", CreatedAt: s.now()}
	ev := Event{Actor: "cli", Role: "operator", Action: ActionRetimestamp, Subject: "submission/" + id, PatientID: "p1",
		DataHash: RevisionDataHash(latest.SHA256, rev.SHA256)}
	if _, err := s.AddDocumentRevision(ctx, rev, ev); err != nil {
		t.Fatal(err)
	}
	return rev
}

func TestDocumentRevisions(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	ids := seedRecords(t, s, 2)
	r0, err := s.LatestDocument(ctx, ids[0])
	if err != nil || r0.Revision != 0 {
		t.Fatalf("latest before any revision: %+v, %v", r0, err)
	}
	r1 := addRevision(t, s, ids[0], "\n% a document time-stamp\n")
	r2 := addRevision(t, s, ids[0], "\n% another\n")
	latest, err := s.LatestDocument(ctx, ids[0])
	if err != nil || latest.Revision != 2 || latest.SHA256 != r2.SHA256 {
		t.Fatalf("latest %+v, %v", latest, err)
	}
	if got, err := s.DocumentRevisionBySHA256(ctx, r1.SHA256); err != nil || got.SubmissionID != ids[0] || got.Revision != 1 || got.PDF != nil {
		t.Errorf("by sha256: %+v, %v", got, err)
	}
	if _, err := s.DocumentRevisionBySHA256(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown sha256: %v", err)
	}
	// A second writer with the same revision number loses.
	dup := *r2
	if _, err := s.AddDocumentRevision(ctx, &dup, Event{Actor: "cli", Action: ActionRetimestamp, Subject: "submission/" + ids[0]}); err == nil {
		t.Error("a revision number stored twice")
	}
	if ids2, err := s.SubmissionIDs(ctx, ids[0], 10); err != nil || len(ids2) != 1 || ids2[0] != ids[1] {
		t.Errorf("SubmissionIDs: %v, %v", ids2, err)
	}
	v, err := s.Verify(ctx, nil)
	if err != nil || !v.OK {
		t.Fatalf("verify: %+v, %v", v, err)
	}
	for _, stmt := range []string{
		"UPDATE document_revisions SET reason = 'x'",
		"DELETE FROM document_revisions",
	} {
		if err := s.db.Exec(stmt).Error; err == nil {
			t.Errorf("%s: the database allowed it", stmt)
		}
	}
}

func TestVerifyNamesRevisionTampering(t *testing.T) {
	for _, tt := range []struct {
		name, kind string
		stmt       func(s *Store, id string) string
	}{
		{"bytes swapped", ProblemRevisionInvalid, func(s *Store, id string) string {
			return "UPDATE document_revisions SET pdf = " + testdb.Bytes(s.Engine(), "00") + " WHERE revision = 1"
		}},
		{"bytes and hash swapped", ProblemRevisionInvalid, func(s *Store, id string) string {
			return "UPDATE document_revisions SET pdf = " + testdb.Bytes(s.Engine(), "00") + ", sha256 = '" + sha256Hex([]byte{0}) + "' WHERE revision = 1"
		}},
		{"a revision removed", ProblemRevisionInvalid, func(s *Store, id string) string {
			return "DELETE FROM document_revisions WHERE revision = 1"
		}},
		{"an event's hash changed", ProblemRevisionUnlogged, func(s *Store, id string) string {
			return "UPDATE audit_events SET data_hash = 'x' WHERE action = '" + ActionRetimestamp + "' AND seq = (SELECT MIN(seq) FROM audit_events WHERE action = '" + ActionRetimestamp + "')"
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := mustStore(t)
			id := seedRecords(t, s, 1)[0]
			addRevision(t, s, id, "\n% one\n")
			addRevision(t, s, id, "\n% two\n")
			tamper(t, s, tt.stmt(s, id))
			v, err := s.Verify(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range v.Problems {
				found = found || p.Kind == tt.kind && p.Subject == "submission/"+id
			}
			if v.OK || !found {
				t.Errorf("problems %+v, want %s", v.Problems, tt.kind)
			}
		})
	}
}
