package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/records"
)

func TestConsentFromPortalToPDF(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-PDF")
	s.now = time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: consentBody(t, pid)})
	mustStatus(t, rec, http.StatusCreated)
	r := decode[records.Receipt](t, rec)
	if r.Form != "kap-consent" || r.PatientID != pid || !r.CreatedAt.Equal(s.now) {
		t.Fatalf("receipt = %+v", r)
	}
	if r.Document.Pages < 2 || len(r.Document.SHA256) != 64 || r.Document.URL != "/v1/submissions/"+r.ID+"/pdf" {
		t.Fatalf("document = %+v", r.Document)
	}

	// The clinician downloads exactly the stored bytes.
	rec = s.do(request{method: http.MethodGet, path: r.Document.URL, key: "clinician"})
	mustStatus(t, rec, http.StatusOK)
	doc := rec.Body.Bytes()
	sum := sha256.Sum256(doc)
	if hex.EncodeToString(sum[:]) != r.Document.SHA256 {
		t.Fatal("downloaded PDF does not match the receipt's SHA-256")
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("content type %q", ct)
	}
	stored, err := s.store.Document(t.Context(), r.ID)
	if err != nil || !bytes.Equal(stored.PDF, doc) {
		t.Fatal("served bytes are not the stored bytes")
	}
	// A second download is the same bytes: never a re-render.
	s.now = s.now.Add(time.Hour)
	again := s.do(request{method: http.MethodGet, path: r.Document.URL, key: "auditor"})
	if !bytes.Equal(again.Body.Bytes(), doc) {
		t.Fatal("second download differs")
	}

	// The receipt and the stored body.
	rec = s.do(request{method: http.MethodGet, path: "/v1/submissions/" + r.ID, key: "clinician"})
	mustStatus(t, rec, http.StatusOK)
	got := decode[records.SubmissionView](t, rec)
	if got.BodySHA256 != r.BodySHA256 || !bytes.Contains(got.Body, []byte(`"typed_name":"Nguyễn Thị Minh"`)) {
		t.Errorf("submission = %+v", got.Receipt)
	}

	text := pdfText(t, doc)
	for _, want := range []string{
		"Nguyễn", "Thị Minh", "Ola Ødegård", "Дмитрий Иванов", "NTM",
		"Nguyễn Thị Minh", "2026-11-21 09:30:00 UTC", "Record " + r.ID, "kap-consent 2026-11",
		"Page 1 of", "Signature certificate", r.BodySHA256, "Accepted", "Declined",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if n := strings.Count(text, "Record "+r.ID); n < r.Document.Pages {
		t.Errorf("footer on %d pages of %d", n, r.Document.Pages)
	}
}

// pdfText extracts a PDF's text with pdftotext, white space folded.
func pdfText(t *testing.T, doc []byte) string {
	t.Helper()
	bin := requireTool(t, "pdftotext")
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(doc)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestSubmissionVisibility(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-VIS")
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: consentBody(t, pid)})
	mustStatus(t, rec, http.StatusCreated)
	id := decode[records.Receipt](t, rec).ID
	for _, tt := range []struct {
		key  string
		want int
	}{{"portal", 200}, {"clinician", 200}, {"auditor", 200}, {"portal2", 404}} {
		mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/submissions/" + id, key: tt.key}), tt.want)
		mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/submissions/" + id + "/pdf", key: tt.key}), tt.want)
	}
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/submissions/not-an-id", key: "clinician"}), http.StatusNotFound)

	// Another portal cannot sign for this portal's patient: to it, the
	// patient does not exist.
	rec = s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal2", body: consentBody(t, pid)})
	mustStatus(t, rec, http.StatusUnprocessableEntity)
	if errs := decode[Problem](t, rec).Errors; len(errs) != 1 || errs[0].Pointer != "/patient_id" || errs[0].Code != "unknown_patient" {
		t.Errorf("problems %+v", errs)
	}
}

func TestSubmissionList(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-LIST")
	var ids []string
	for range 5 {
		rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: consentBody(t, pid)})
		mustStatus(t, rec, http.StatusCreated)
		ids = append(ids, decode[records.Receipt](t, rec).ID)
	}
	var seen []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		path := "/v1/patients/" + pid + "/submissions?limit=2&form=kap-consent"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		rec := s.do(request{method: http.MethodGet, path: path, key: "clinician"})
		mustStatus(t, rec, http.StatusOK)
		page := decode[submissionList](t, rec)
		for _, it := range page.Items {
			seen = append(seen, it.ID)
			if it.Document.SHA256 == "" {
				t.Errorf("item %s without its document", it.ID)
			}
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	if strings.Join(seen, ",") != strings.Join(ids, ",") {
		t.Errorf("listed %v, want %v", seen, ids)
	}
	for _, bad := range []string{"?limit=0", "?limit=201", "?limit=x", "?cursor=%%%", "?cursor=bm90LWEtY3Vyc29y"} {
		mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/submissions" + bad, key: "clinician"}),
			http.StatusUnprocessableEntity)
	}
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/submissions", key: "portal2"}), http.StatusNotFound)
	rec := s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/submissions?form=phq-9", key: "auditor"})
	if page := decode[submissionList](t, rec); len(page.Items) != 0 {
		t.Errorf("form filter ignored: %d items", len(page.Items))
	}
}

// TestBadSubmissionsStoreNothing sends broken submissions through the
// whole stack: each is a 422 naming its fields, and nothing is stored.
func TestBadSubmissionsStoreNothing(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-BAD")
	events := s.count("audit_events")
	tests := []struct {
		name     string
		mutate   func(b map[string]any)
		pointers []string
	}{
		{"unknown patient", func(b map[string]any) { b["patient_id"] = "01a214a6-0000-7000-8000-000000000000" }, []string{"/patient_id"}},
		{"unknown patient with other problems", func(b map[string]any) {
			b["patient_id"] = "01a214a6-0000-7000-8000-000000000000"
			b["signature"].(map[string]any)["intent"] = false
		}, []string{"/patient_id", "/signature/intent"}},
		{"missing initial", func(b map[string]any) { delete(b["initials"].(map[string]any), "acute-risks") }, []string{"/initials/acute-risks"}},
		{"unpublished version", func(b map[string]any) { b["version"] = "2020-01" }, []string{"/version"}},
		{"not a PNG", func(b map[string]any) { b["signature"].(map[string]any)["drawn_png"] = "R0lGODlhAQABAAAAACw=" }, []string{"/signature/drawn_png"}},
		{"intent not true", func(b map[string]any) { b["signature"].(map[string]any)["intent"] = false }, []string{"/signature/intent"}},
		{"unknown section", func(b map[string]any) { b["initials"].(map[string]any)["horoscope"] = "NTM" }, []string{"/initials/horoscope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := consentBody(t, pid)
			tt.mutate(b)
			rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: b})
			mustStatus(t, rec, http.StatusUnprocessableEntity)
			var got []string
			for _, fe := range decode[Problem](t, rec).Errors {
				got = append(got, fe.Pointer)
			}
			if strings.Join(got, ",") != strings.Join(tt.pointers, ",") {
				t.Errorf("pointers %q, want %q", got, tt.pointers)
			}
		})
	}
	for _, table := range []string{"submissions", "documents"} {
		if n := s.count(table); n != 0 {
			t.Errorf("%d rows in %s after bad submissions", n, table)
		}
	}
	if n := s.count("audit_events"); n != events {
		t.Errorf("bad submissions added %d audit events", n-events)
	}
}

// TestLogsCarryNoPatientData submits a record with distinctive names and
// reads everything the server logged.
func TestLogsCarryNoPatientData(t *testing.T) {
	s := newTestServer(t)
	p := newPatient("MRN-LOG-7731")
	p["given_name"], p["family_name"] = "Zebulon", "Quixotica"
	rec := s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal", body: p})
	mustStatus(t, rec, http.StatusCreated)
	pid := decode[records.PatientView](t, rec).ID
	b := consentBody(t, pid)
	b["signature"].(map[string]any)["typed_name"] = "Zebulon Quixotica"
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: b}), http.StatusCreated)
	b["signature"].(map[string]any)["intent"] = false
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: b}), http.StatusUnprocessableEntity)
	s.do(request{method: http.MethodGet, path: "/v1/patients?external_id=MRN-LOG-7731", key: "clinician"})
	logged := s.log.String()
	if !strings.Contains(logged, `"route":"/v1/submissions"`) {
		t.Fatalf("the log has no request lines: %s", logged)
	}
	for _, secret := range []string{"Zebulon", "Quixotica", "MRN-LOG-7731", "minh@example.org", "+14155550123", s.keys["portal"], "Дмитрий"} {
		if strings.Contains(logged, secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
}
