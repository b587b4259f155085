package api

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/testdb"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

func TestAuditTrailOfReadsAndWrites(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-A")
	r := s.signConsent(pid)
	s.do(request{method: http.MethodGet, path: r.Document.URL, key: "clinician"})
	s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid, key: "clinician"})
	other := s.mustPatient("portal", "MRN-OTHER")

	rec := s.do(request{method: http.MethodGet, path: "/v1/audit/events?patient=" + pid, key: "auditor"})
	mustStatus(t, rec, http.StatusOK)
	page := decode[eventList](t, rec)
	var actions []string
	for _, e := range page.Items {
		actions = append(actions, e.Action)
		if e.PatientID != pid {
			t.Errorf("event %d is about %s", e.Seq, e.PatientID)
		}
		if e.UserAgent != "consentry-test/1.0" || e.IP == "" || e.Actor == "" || len(e.Hash) != 64 {
			t.Errorf("event %+v lacks who or how", e)
		}
	}
	if got := strings.Join(actions, ","); got != "patient.create,submission.create,document.read,patient.read" {
		t.Errorf("actions %s", got)
	}
	// Events carry ids and hashes, never names.
	raw, _ := json.Marshal(page)
	for _, name := range []string{"Nguyễn", "Thị Minh", "MRN-A", "minh@example.org"} {
		if bytes.Contains(raw, []byte(name)) {
			t.Errorf("audit events contain %q", name)
		}
	}
	// Filters and pagination.
	rec = s.do(request{method: http.MethodGet, path: "/v1/audit/events?action=patient.create&limit=1", key: "auditor"})
	p1 := decode[eventList](t, rec)
	if len(p1.Items) != 1 || p1.NextCursor == "" || p1.Items[0].Subject != "patient/"+pid {
		t.Fatalf("first page %+v", p1)
	}
	rec = s.do(request{method: http.MethodGet, path: "/v1/audit/events?action=patient.create&limit=1&cursor=" + p1.NextCursor, key: "auditor"})
	p2 := decode[eventList](t, rec)
	if len(p2.Items) != 1 || p2.Items[0].Subject != "patient/"+other {
		t.Fatalf("second page %+v", p2)
	}
	for _, bad := range []string{"?since=monday", "?limit=0", "?cursor=abc"} {
		mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/audit/events" + bad, key: "auditor"}), http.StatusUnprocessableEntity)
	}

	rec = s.do(request{method: http.MethodGet, path: "/v1/audit/verify", key: "auditor"})
	mustStatus(t, rec, http.StatusOK)
	if v := decode[models.Verification](t, rec); !v.OK || v.DocumentsChecked != 1 || v.EventsChecked < 6 {
		t.Errorf("verification %+v", v)
	}
}

// TestVerifyFindsEditsMadeInTheDatabase edits the database behind the
// running server and asks the API.
func TestVerifyFindsEditsMadeInTheDatabase(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-T")
	r := s.signConsent(pid)
	db := s.store.DB()
	for _, stmt := range append(testdb.AllowEdits(s.store.Engine(), "documents"),
		"UPDATE documents SET pdf = "+testdb.Bytes(s.store.Engine(), hex.EncodeToString([]byte("%PDF-1.4 forged")))+
			" WHERE submission_id = '"+r.ID+"'") {
		if err := db.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	rec := s.do(request{method: http.MethodGet, path: "/v1/audit/verify", key: "auditor"})
	v := decode[models.Verification](t, rec)
	if v.OK || len(v.Problems) == 0 || v.Problems[0].Kind != models.ProblemDocumentSwapped || v.Problems[0].Subject != "submission/"+r.ID {
		t.Fatalf("verification %+v", v)
	}
}

func TestAuditorRoutesRoles(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-ROLE")
	for _, path := range []string{"/v1/audit/events", "/v1/audit/verify", "/v1/patients/" + pid + "/export"} {
		for _, key := range []string{"portal", "admin", "clinician"} {
			mustStatus(t, s.do(request{method: http.MethodGet, path: path, key: key}), http.StatusForbidden)
		}
	}
	// Auditors write nothing.
	r := s.signConsent(pid)
	for _, w := range []struct{ path string }{
		{"/v1/patients"}, {"/v1/submissions"}, {"/v1/submissions/" + r.ID + "/withdrawal"},
		{"/v1/submissions/" + r.ID + "/reviews"}, {"/v1/forms/kap-consent/versions"},
	} {
		mustStatus(t, s.do(request{method: http.MethodPost, path: w.path, key: "auditor", body: map[string]any{}}), http.StatusForbidden)
	}
}

func TestExport(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-X")
	r1 := s.signConsent(pid)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions/" + r1.ID + "/withdrawal", key: "portal",
		body: withdrawal("clauses", "session-recording")}), http.StatusCreated)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/00000000-0000-7000-8000-000000000000/export", key: "auditor"}), http.StatusNotFound)

	rec := s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/export", key: "auditor"})
	mustStatus(t, rec, http.StatusOK)
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	var m records.Manifest
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Records) != 2 || m.Records[0].ID != r1.ID || m.Records[0].Status != records.StatusActive || m.Records[1].RefersTo != r1.ID {
		t.Fatalf("manifest records %+v", m.Records)
	}
	for _, mr := range m.Records {
		sum := sha256.Sum256(files[mr.File])
		if hex.EncodeToString(sum[:]) != mr.DocumentSHA256 {
			t.Errorf("%s does not match its hash", mr.File)
		}
		stored, _ := s.store.Document(t.Context(), mr.ID)
		if !bytes.Equal(stored.PDF, files[mr.File]) {
			t.Errorf("%s is not the stored PDF", mr.File)
		}
	}
	// Each exported event's hash can be recomputed from its own fields.
	sc := bufio.NewScanner(bytes.NewReader(files["audit-events.jsonl"]))
	n := 0
	var last string
	for sc.Scan() {
		var e models.AuditEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if e.ComputeHash() != e.Hash {
			t.Errorf("event %d does not hash to its hash", e.Seq)
		}
		last = e.Action
		n++
	}
	if n != m.EventCount || n < 4 || last != "patient.export" {
		t.Errorf("%d events (manifest %d), last %s", n, m.EventCount, last)
	}
}

// TestExportEntriesCarryRealTimes: every entry of an export is dated, not
// left at the ZIP format's zero (1980): each PDF at its record's time,
// manifest.json and audit-events.jsonl at the export's.
func TestExportEntriesCarryRealTimes(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-ZT")
	r1 := s.signConsent(pid)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions/" + r1.ID + "/withdrawal", key: "portal",
		body: withdrawal("clauses", "session-recording")}), http.StatusCreated)
	rec := s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/export", key: "auditor"})
	mustStatus(t, rec, http.StatusOK)
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var m records.Manifest
	want := map[string]time.Time{}
	for _, f := range zr.File {
		if f.Name == "manifest.json" {
			rc, _ := f.Open()
			if err := json.NewDecoder(rc).Decode(&m); err != nil {
				t.Fatal(err)
			}
			rc.Close()
		}
	}
	want["manifest.json"], want["audit-events.jsonl"] = m.ExportedAt, m.ExportedAt
	for _, mr := range m.Records {
		want[mr.File] = mr.CreatedAt
	}
	if len(zr.File) != len(want) || len(m.Records) != 2 {
		t.Fatalf("%d entries, %d records in the manifest", len(zr.File), len(m.Records))
	}
	for _, f := range zr.File {
		w, ok := want[f.Name]
		if !ok {
			t.Errorf("unexpected entry %s", f.Name)
			continue
		}
		// ZIP's extended timestamp holds whole seconds.
		if f.Modified.Year() < 2000 || !f.Modified.Equal(w.Truncate(time.Second)) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, w.Truncate(time.Second))
		}
	}
}
