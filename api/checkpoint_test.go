package api

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consentry/consentry/internal/testdb"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// TestVerifyNamesARollback: GET /v1/audit/verify names events deleted
// from the chain's end after a checkpoint signed for them, in the shape
// openapi.yaml gives.
func TestVerifyNamesARollback(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-RB")
	s.signConsent(pid)
	cp, err := records.NewCheckpointer(records.CheckpointConfig{Store: s.store, Key: s.sealer.Key, Cert: s.sealer.Cert,
		Log: filepath.Join(t.TempDir(), "checkpoints.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close(context.Background())
	line, err := cp.Checkpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rec := s.do(request{method: http.MethodGet, path: "/v1/audit/verify", key: "auditor"})
	if v := decode[models.Verification](t, rec); !v.OK || v.CheckpointsChecked != 1 {
		t.Fatalf("verification of an untouched store: %+v", v)
	}
	for _, stmt := range append(testdb.AllowEdits(s.store.Engine(), "audit_events"),
		fmt.Sprintf("DELETE FROM audit_events WHERE seq >= %d", line.Seq)) {
		if err := s.store.DB().Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	rec = s.do(request{method: http.MethodGet, path: "/v1/audit/verify", key: "auditor"})
	v := decode[models.Verification](t, rec)
	found := false
	for _, p := range v.Problems {
		found = found || (p.Kind == models.ProblemRollback && p.Subject == fmt.Sprintf("checkpoint/%d", line.Seq))
	}
	if v.OK || !found {
		t.Fatalf("verification after the tail was deleted: %+v", v)
	}
}

// TestReceiptNamesItsAuditEvent: a 201 receipt carries the seq of the
// event that recorded the creation; the record read back later does not.
func TestReceiptNamesItsAuditEvent(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-SEQ")
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: consentBody(t, pid)})
	mustStatus(t, rec, http.StatusCreated)
	r := decode[records.Receipt](t, rec)
	if r.AuditSeq < 1 || !strings.Contains(rec.Body.String(), fmt.Sprintf(`"audit_seq":%d`, r.AuditSeq)) {
		t.Fatalf("receipt %s", rec.Body)
	}
	rec = s.do(request{method: http.MethodGet, path: "/v1/audit/events?subject=submission/" + r.ID, key: "auditor"})
	mustStatus(t, rec, http.StatusOK)
	events := decode[eventList](t, rec).Items
	if len(events) == 0 || events[0].Seq != r.AuditSeq || events[0].Action != "submission.create" {
		t.Fatalf("events of the record %+v, receipt's audit_seq %d", events, r.AuditSeq)
	}
	rec = s.do(request{method: http.MethodGet, path: "/v1/submissions/" + r.ID, key: "clinician"})
	mustStatus(t, rec, http.StatusOK)
	if strings.Contains(rec.Body.String(), `"audit_seq"`) {
		t.Errorf("a record read back names an audit_seq: %s", rec.Body)
	}
}
