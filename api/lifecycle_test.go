package api

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/records"
)

// signConsent posts a valid consent and returns its receipt. Clauses
// accepted: session-recording and support-person-contact; declined:
// at-home-dosing and research-data.
func (s *testServer) signConsent(pid string) records.Receipt {
	s.t.Helper()
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: consentBody(s.t, pid)})
	mustStatus(s.t, rec, http.StatusCreated)
	return decode[records.Receipt](s.t, rec)
}

func withdrawal(scope string, clauses ...string) map[string]any {
	b := map[string]any{"scope": scope, "reason": "changed my mind",
		"signature": map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true}}
	if len(clauses) > 0 {
		b["clauses"] = clauses
	}
	return b
}

// consentsAt reads the patient's consents as of a moment ("" is now).
func (s *testServer) consentsAt(pid, at string) records.ConsentList {
	s.t.Helper()
	path := "/v1/patients/" + pid + "/consents"
	if at != "" {
		path += "?at=" + at
	}
	rec := s.do(request{method: http.MethodGet, path: path, key: "clinician"})
	mustStatus(s.t, rec, http.StatusOK)
	return decode[records.ConsentList](s.t, rec)
}

func clauseOf(cs *records.ConsentStatus, id string) records.ClauseStatus {
	for _, c := range cs.Clauses {
		if c.ID == id {
			return c
		}
	}
	return records.ClauseStatus{}
}

func TestWithdrawalLifecycle(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-W")
	signedAt := s.now
	orig := s.signConsent(pid)
	origPDF := s.do(request{method: http.MethodGet, path: orig.Document.URL, key: "clinician"}).Body.Bytes()
	path := "/v1/submissions/" + orig.ID + "/withdrawal"

	// Withdraw one accepted clause.
	s.now = signedAt.Add(24 * time.Hour)
	clauseAt := s.now
	rec := s.do(request{method: http.MethodPost, path: path, key: "portal", body: withdrawal("clauses", "session-recording")})
	mustStatus(t, rec, http.StatusCreated)
	w1 := decode[records.Receipt](t, rec)
	if w1.Form != "withdrawal" {
		t.Fatalf("withdrawal receipt %+v", w1)
	}
	text := pdfText(t, s.do(request{method: http.MethodGet, path: w1.Document.URL, key: "auditor"}).Body.Bytes())
	for _, want := range []string{orig.ID, "Withdrawal of Consent", "changed my mind", "session-recording"} {
		if !strings.Contains(text, want) {
			t.Errorf("withdrawal PDF lacks %q", want)
		}
	}
	if !strings.Contains(strings.ReplaceAll(text, " ", ""), orig.Document.SHA256) {
		t.Error("withdrawal PDF does not name the original's SHA-256")
	}
	got := s.consentsAt(pid, "")
	if len(got.Items) != 1 || got.Items[0].Status != records.StatusActive {
		t.Fatalf("after clause withdrawal: %+v", got.Items)
	}
	cs := got.Items[0]
	if c := clauseOf(cs, "session-recording"); c.Status != records.StatusWithdrawn || c.WithdrawnAt == nil || !c.WithdrawnAt.Equal(clauseAt) {
		t.Errorf("session-recording = %+v", c)
	}
	if c := clauseOf(cs, "at-home-dosing"); c.Accepted || c.Status != records.StatusDeclined {
		t.Errorf("at-home-dosing = %+v", c)
	}
	if c := clauseOf(cs, "support-person-contact"); !c.Accepted || c.Status != records.StatusActive {
		t.Errorf("support-person-contact = %+v", c)
	}

	// Bad clause withdrawals.
	for _, tt := range []struct {
		name    string
		body    map[string]any
		pointer string
		code    string
	}{
		{"declined clause", withdrawal("clauses", "at-home-dosing"), "/clauses/0", "not_accepted"},
		{"already withdrawn", withdrawal("clauses", "session-recording"), "/clauses/0", "already_withdrawn"},
		{"unknown clause", withdrawal("clauses", "tarot"), "/clauses/0", "unknown_clause"},
		{"no clauses", withdrawal("clauses"), "/clauses", "required"},
		{"bad scope", withdrawal("some"), "/scope", "oneof"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := s.do(request{method: http.MethodPost, path: path, key: "portal", body: tt.body})
			mustStatus(t, rec, http.StatusUnprocessableEntity)
			errs := decode[Problem](t, rec).Errors
			if len(errs) != 1 || errs[0].Pointer != tt.pointer || errs[0].Code != tt.code {
				t.Errorf("problems %+v, want %s %s", errs, tt.pointer, tt.code)
			}
		})
	}

	// Withdraw the whole consent.
	s.now = signedAt.Add(48 * time.Hour)
	mustStatus(t, s.do(request{method: http.MethodPost, path: path, key: "portal", body: withdrawal("all")}), http.StatusCreated)
	mustStatus(t, s.do(request{method: http.MethodPost, path: path, key: "portal", body: withdrawal("all")}), http.StatusConflict)
	mustStatus(t, s.do(request{method: http.MethodPost, path: path, key: "portal2", body: withdrawal("all")}), http.StatusNotFound)
	mustStatus(t, s.do(request{method: http.MethodPost, path: path, key: "clinician", body: withdrawal("all")}), http.StatusForbidden)

	now := s.consentsAt(pid, "").Items[0]
	if now.Status != records.StatusWithdrawn || now.WithdrawnAt == nil || len(now.Withdrawals) != 2 {
		t.Fatalf("after full withdrawal: %+v", now)
	}
	for _, c := range now.Clauses {
		if c.Accepted && c.Status != records.StatusWithdrawn {
			t.Errorf("clause %s is %s after full withdrawal", c.ID, c.Status)
		}
	}
	// Replay: before the withdrawals the consent was active again, and
	// before it was signed there was none.
	before := s.consentsAt(pid, signedAt.Add(time.Hour).Format(time.RFC3339))
	if len(before.Items) != 1 || before.Items[0].Status != records.StatusActive || clauseOf(before.Items[0], "session-recording").Status != records.StatusActive {
		t.Errorf("replay before withdrawal: %+v", before.Items)
	}
	if none := s.consentsAt(pid, signedAt.Add(-time.Second).Format(time.RFC3339)); len(none.Items) != 0 {
		t.Errorf("replay before signing: %+v", none.Items)
	}
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/consents?at=yesterday", key: "clinician"}), http.StatusUnprocessableEntity)

	// The original record never changed.
	if again := s.do(request{method: http.MethodGet, path: orig.Document.URL, key: "clinician"}).Body.Bytes(); !bytes.Equal(again, origPDF) {
		t.Fatal("the original PDF changed")
	}
}

func TestSupersessionExpiryAndOutdated(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-S")
	first := s.signConsent(pid)
	s.now = s.now.Add(30 * 24 * time.Hour)
	second := s.signConsent(pid)
	got := s.consentsAt(pid, "")
	if len(got.Items) != 2 || got.Items[0].SubmissionID != first.ID || got.Items[0].Status != records.StatusSuperseded || got.Items[1].Status != records.StatusActive {
		t.Fatalf("supersession: %+v", got.Items)
	}
	if c := clauseOf(got.Items[0], "session-recording"); c.Status != records.StatusSuperseded {
		t.Errorf("clause of a superseded consent: %+v", c)
	}
	expired := s.consentsAt(pid, second.CreatedAt.Add(366*24*time.Hour).Format(time.RFC3339))
	if expired.Items[1].Status != records.StatusExpired {
		t.Errorf("a year and a day later: %+v", expired.Items[1])
	}

	// A new version that requires re-consent makes the signed one outdated
	// from its publication on.
	s.now = s.now.Add(24 * time.Hour)
	published := s.now
	rec := s.do(request{method: http.MethodPost, path: "/v1/forms/kap-consent/versions", key: "admin", body: newVersion(t, s, "2026-12", true)})
	mustStatus(t, rec, http.StatusCreated)
	s.now = s.now.Add(time.Hour)
	if st := s.consentsAt(pid, "").Items[1].Status; st != records.StatusOutdated {
		t.Errorf("after a re-consent version: %s", st)
	}
	if st := s.consentsAt(pid, published.Add(-time.Minute).Format(time.RFC3339)).Items[1].Status; st != records.StatusActive {
		t.Errorf("before the re-consent version: %s", st)
	}
}

// newVersion is the current kap-consent text republished under another
// version.
func newVersion(t *testing.T, s *testServer, version string, reconsent bool) map[string]any {
	t.Helper()
	rec := s.do(request{method: http.MethodGet, path: "/v1/forms/kap-consent", key: "admin"})
	cur := decode[map[string]any](t, rec)
	return map[string]any{
		"version": version, "title": cur["title"], "signature_meaning": cur["signature_meaning"],
		"sections": cur["sections"], "clauses": cur["clauses"], "attestation": cur["attestation"],
		"electronic_records_disclosure": cur["electronic_records_disclosure"], "reconsent_required": reconsent,
	}
}

func TestPublishVersion(t *testing.T) {
	s := newTestServer(t)
	body := newVersion(t, s, "2027-01", false)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/forms/kap-consent/versions", key: "clinician", body: body}), http.StatusForbidden)
	rec := s.do(request{method: http.MethodPost, path: "/v1/forms/kap-consent/versions", key: "admin", body: body})
	mustStatus(t, rec, http.StatusCreated)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/forms/kap-consent/versions", key: "admin", body: body}), http.StatusConflict)
	rec = s.do(request{method: http.MethodGet, path: "/v1/forms/kap-consent", key: "portal"})
	if v := decode[map[string]any](t, rec)["version"]; v != "2027-01" {
		t.Errorf("current version %v", v)
	}
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/forms/kap-consent/versions/2026-11", key: "portal"}), http.StatusOK)

	// A version that drops a mandatory section, with a bad id and version.
	bad := newVersion(t, s, "next", false)
	var kept []any
	for _, sec := range bad["sections"].([]any) {
		if sec.(map[string]any)["id"] != "alternatives" {
			kept = append(kept, sec)
		}
	}
	kept[0].(map[string]any)["id"] = "Bad ID"
	bad["sections"] = kept
	rec = s.do(request{method: http.MethodPost, path: "/v1/forms/kap-consent/versions", key: "admin", body: bad})
	mustStatus(t, rec, http.StatusUnprocessableEntity)
	var ptrs []string
	for _, fe := range decode[Problem](t, rec).Errors {
		ptrs = append(ptrs, fe.Pointer+" "+fe.Code)
	}
	if got := strings.Join(ptrs, ","); got != "/sections mandatory_section,/sections/0/id pattern,/version pattern" {
		t.Errorf("problems %s", got)
	}
}

func TestReviews(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-R")
	orig := s.signConsent(pid)
	path := "/v1/submissions/" + orig.ID + "/reviews"
	review := map[string]any{"decision": "approve", "note": "Capacity confirmed in person.",
		"signature": map[string]any{"typed_name": "Dr. Ana Rivera", "credentials": "MD", "intent": true}}
	mustStatus(t, s.do(request{method: http.MethodPost, path: path, key: "portal", body: review}), http.StatusForbidden)
	mustStatus(t, s.do(request{method: http.MethodPost, path: path, key: "auditor", body: review}), http.StatusForbidden)
	rec := s.do(request{method: http.MethodPost, path: path, key: "clinician", body: review})
	mustStatus(t, rec, http.StatusCreated)
	r := decode[records.Receipt](t, rec)
	text := pdfText(t, s.do(request{method: http.MethodGet, path: r.Document.URL, key: "clinician"}).Body.Bytes())
	for _, want := range []string{"Dr. Ana Rivera, MD", "Approved", orig.ID, "Capacity confirmed in person."} {
		if !strings.Contains(text, want) {
			t.Errorf("review PDF lacks %q", want)
		}
	}
	got := s.consentsAt(pid, "")
	if rv := got.Items[0].Reviews; len(rv) != 1 || rv[0].ID != r.ID || rv[0].Decision != "approve" {
		t.Errorf("reviews %+v", rv)
	}
	decline := map[string]any{"decision": "decline", "signature": map[string]any{"typed_name": "Dr. Rivera", "credentials": "MD", "intent": true}}
	rec = s.do(request{method: http.MethodPost, path: path, key: "clinician", body: decline})
	mustStatus(t, rec, http.StatusUnprocessableEntity)
	if errs := decode[Problem](t, rec).Errors; len(errs) != 1 || errs[0].Pointer != "/note" {
		t.Errorf("problems %+v", errs)
	}
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions/" + r.ID + "/reviews", key: "clinician", body: review}), http.StatusConflict)
}

// TestReviewPrintsCredentialsOnce: a typed name that already ends with
// the credentials is printed as typed, not "Dr. Ana Rivera, MD, MD".
func TestReviewPrintsCredentialsOnce(t *testing.T) {
	s := newTestServer(t)
	orig := s.signConsent(s.mustPatient("portal", "MRN-MD"))
	review := map[string]any{"decision": "approve", "note": "Capacity confirmed in person.",
		"signature": map[string]any{"typed_name": "Dr. Ana Rivera, MD", "credentials": "MD", "intent": true}}
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions/" + orig.ID + "/reviews", key: "clinician", body: review})
	mustStatus(t, rec, http.StatusCreated)
	text := pdfText(t, s.do(request{method: http.MethodGet, path: decode[records.Receipt](t, rec).Document.URL, key: "clinician"}).Body.Bytes())
	if !strings.Contains(text, "Dr. Ana Rivera, MD") || strings.Contains(text, "MD, MD") {
		t.Errorf("review PDF prints the signer as: %s", text)
	}
}
