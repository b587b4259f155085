package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// invited is an invitation as its issuer got it.
type invited struct {
	ID     string `json:"id"`
	Token  string `json:"token"`
	Link   string `json:"link"`
	Status string `json:"status"`
}

// mustInvite makes an invitation with a key for a patient and forms.
func (s *testServer) mustInvite(key, patientID string, kinds ...string) invited {
	s.t.Helper()
	rec := s.do(request{method: http.MethodPost, path: "/v1/invitations", key: key,
		body: map[string]any{"patient_id": patientID, "forms": kinds}})
	mustStatus(s.t, rec, http.StatusCreated)
	return decode[invited](s.t, rec)
}

// asPatient sends r with an invitation token instead of a key.
func (s *testServer) asPatient(token string, r request) *httptest.ResponseRecorder {
	s.t.Helper()
	if r.header == nil {
		r.header = http.Header{}
	}
	r.header.Set("Authorization", "Invitation "+token)
	return s.do(r)
}

func TestInvitationSignsAConsentOnce(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-INVITE")
	inv := s.mustInvite("portal", pid, forms.KindKAPConsent, "phq-9")
	if !strings.HasPrefix(inv.Link, "http://example.com/portal/#csi_") || !strings.HasSuffix(inv.Link, inv.Token) || inv.Status != "open" {
		t.Fatalf("invitation %+v", inv)
	}
	// Only the token's hash is stored.
	var stored models.Invitation
	if err := s.store.DB().Where("id = ?", inv.ID).Take(&stored).Error; err != nil {
		t.Fatal(err)
	}
	if stored.Hash != models.HashKey(inv.Token) || strings.Contains(stored.Hash, inv.Token) {
		t.Fatalf("stored hash %q", stored.Hash)
	}

	rec := s.asPatient(inv.Token, request{method: http.MethodGet, path: "/v1/invitation"})
	mustStatus(t, rec, http.StatusOK)
	sess := decode[map[string]any](t, rec)
	if sess["patient"].(map[string]any)["given_name"] != "Thị Minh" || len(sess["forms"].([]any)) != 2 ||
		!strings.Contains(sess["crisis_text"].(string), "988") || sess["clinic"] != "Test Clinic" {
		t.Fatalf("session %v", sess)
	}

	// Another patient, another form: each named at its pointer.
	other := s.mustPatient("portal", "MRN-OTHER")
	bad := consentBody(t, other)
	rec = s.asPatient(inv.Token, request{method: http.MethodPost, path: "/v1/invitation/submissions", body: bad})
	mustStatus(t, rec, http.StatusUnprocessableEntity)
	if p := decode[Problem](t, rec); len(p.Errors) != 1 || p.Errors[0].Pointer != "/patient_id" {
		t.Fatalf("another patient: %+v", p)
	}
	rec = s.asPatient(inv.Token, request{method: http.MethodPost, path: "/v1/invitation/submissions",
		body: pathwayBody(pid, forms.KindGAD7, map[string]any{"items": []any{0, 0, 0, 0, 0, 0, 0}})})
	mustStatus(t, rec, http.StatusUnprocessableEntity)
	if p := decode[Problem](t, rec); len(p.Errors) != 1 || p.Errors[0].Pointer != "/form" || p.Errors[0].Code != "not_invited" {
		t.Fatalf("another form: %+v", p)
	}
	// A missing initial is named next to its section.
	missing := consentBody(t, pid)
	delete(missing["initials"].(map[string]any), "acute-risks")
	rec = s.asPatient(inv.Token, request{method: http.MethodPost, path: "/v1/invitation/submissions", body: missing})
	mustStatus(t, rec, http.StatusUnprocessableEntity)
	if p := decode[Problem](t, rec); len(p.Errors) != 1 || p.Errors[0].Pointer != "/initials/acute-risks" {
		t.Fatalf("missing initial: %+v", p)
	}
	if n := s.count("submissions"); n != 0 {
		t.Fatalf("%d submissions stored by refused requests", n)
	}

	rec = s.asPatient(inv.Token, request{method: http.MethodPost, path: "/v1/invitation/submissions", body: consentBody(t, pid)})
	mustStatus(t, rec, http.StatusCreated)
	r := decode[records.Receipt](t, rec)
	if r.Document.URL != "/v1/invitation/submissions/"+r.ID+"/pdf" || rec.Header().Get("Location") != "/v1/invitation/submissions/"+r.ID {
		t.Fatalf("receipt %+v, Location %q", r, rec.Header().Get("Location"))
	}
	rec = s.asPatient(inv.Token, request{method: http.MethodPost, path: "/v1/invitation/submissions", body: consentBody(t, pid)})
	mustStatus(t, rec, http.StatusConflict)
	if p := decode[Problem](t, rec); p.Type != "urn:consentry:problem:already-signed" {
		t.Fatalf("second signature: %+v", p)
	}

	// The patient downloads their own copy; the issuing portal reads the
	// record as its own; another portal sees none of it.
	rec = s.asPatient(inv.Token, request{method: http.MethodGet, path: r.Document.URL})
	mustStatus(t, rec, http.StatusOK)
	if !strings.HasPrefix(rec.Body.String(), "%PDF-") {
		t.Fatal("not a PDF")
	}
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/submissions/" + r.ID + "/pdf", key: "portal"}), http.StatusOK)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/invitations/" + inv.ID, key: "portal2"}), http.StatusNotFound)
	rec = s.do(request{method: http.MethodGet, path: "/v1/invitations/" + inv.ID, key: "clinician"})
	mustStatus(t, rec, http.StatusOK)
	view := decode[records.InvitationView](t, rec)
	if view.Status != "open" || view.Forms[0].SubmissionID != r.ID || view.Forms[1].SubmissionID != "" {
		t.Fatalf("view %+v", view)
	}

	// The token opens no other record and no key route.
	portalRec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: consentBody(t, pid)})
	mustStatus(t, portalRec, http.StatusCreated)
	theirs := decode[records.Receipt](t, portalRec)
	mustStatus(t, s.asPatient(inv.Token, request{method: http.MethodGet, path: "/v1/invitation/submissions/" + theirs.ID + "/pdf"}), http.StatusNotFound)
	mustStatus(t, s.asPatient(inv.Token, request{method: http.MethodGet, path: "/v1/patients/" + pid}), http.StatusForbidden)

	// The audit events name the invitation, and no patient data.
	evs, err := s.store.AuditEvents(context.Background(), models.EventFilter{Actor: "invitation/" + inv.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, e := range evs {
		if e.Role != models.RolePatient {
			t.Errorf("event %s has role %q", e.Action, e.Role)
		}
		actions[e.Action]++
	}
	if actions["invitation.open"] != 1 || actions["submission.create"] != 1 || actions["document.read"] != 1 {
		t.Fatalf("events by the invitation: %v", actions)
	}
	if strings.Contains(s.log.String(), inv.Token) || strings.Contains(s.log.String(), "Thị Minh") {
		t.Fatal("the log carries the token or the patient's name")
	}
}

func TestInvitationUsedExpiredRevoked(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-GONE")
	gone := func(token, slug string) {
		t.Helper()
		rec := s.asPatient(token, request{method: http.MethodGet, path: "/v1/invitation"})
		mustStatus(t, rec, http.StatusGone)
		if p := decode[Problem](t, rec); p.Type != "urn:consentry:problem:"+slug {
			t.Fatalf("want %s: %+v", slug, p)
		}
	}

	used := s.mustInvite("clinician", pid, "phq-9")
	rec := s.asPatient(used.Token, request{method: http.MethodPost, path: "/v1/invitation/submissions",
		body: pathwayBody(pid, "phq-9", map[string]any{"items": []any{1, 1, 1, 1, 1, 1, 1, 1, 2}})})
	mustStatus(t, rec, http.StatusCreated)
	r := decode[records.Receipt](t, rec)
	urgent := false
	for _, f := range r.Flags {
		urgent = urgent || f.(map[string]any)["urgent"] == true
	}
	if !urgent {
		t.Fatalf("PHQ-9 item 9 of 2 raised no urgent flag: %v", r.Flags)
	}
	gone(used.Token, "invitation-used")
	// Its patient still downloads the copy for an hour, not later.
	mustStatus(t, s.asPatient(used.Token, request{method: http.MethodGet, path: r.Document.URL}), http.StatusOK)
	s.now = s.now.Add(records.DownloadGrace + time.Minute)
	mustStatus(t, s.asPatient(used.Token, request{method: http.MethodGet, path: r.Document.URL}), http.StatusGone)

	revoked := s.mustInvite("portal", pid, forms.KindKAPConsent)
	rec = s.do(request{method: http.MethodPost, path: "/v1/invitations/" + revoked.ID + "/revocation", key: "portal", body: map[string]any{}})
	mustStatus(t, rec, http.StatusOK)
	if v := decode[records.InvitationView](t, rec); v.Status != "revoked" || v.RevokedAt == nil {
		t.Fatalf("revoked: %+v", v)
	}
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/invitations/" + revoked.ID + "/revocation", key: "portal", body: map[string]any{}}), http.StatusOK)
	gone(revoked.Token, "invitation-revoked")
	mustStatus(t, s.asPatient(revoked.Token, request{method: http.MethodPost, path: "/v1/invitation/submissions", body: consentBody(t, pid)}), http.StatusGone)

	expiring := s.mustInvite("portal", pid, forms.KindKAPConsent)
	s.now = s.now.Add(forms.DefaultInvitationHours * time.Hour)
	gone(expiring.Token, "invitation-expired")
	gone(expiring.Token, "invitation-expired")
	mustStatus(t, s.asPatient(expiring.Token, request{method: http.MethodPost, path: "/v1/invitation/submissions", body: consentBody(t, pid)}), http.StatusGone)

	count := func(action, subject string) int {
		evs, err := s.store.AuditEvents(context.Background(), models.EventFilter{Action: action, Subject: subject, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return len(evs)
	}
	if n := count("invitation.expire", "invitation/"+expiring.ID); n != 1 {
		t.Fatalf("%d expiry events, want 1", n)
	}
	if n := count("invitation.revoke", "invitation/"+revoked.ID); n != 1 {
		t.Fatalf("%d revocation events, want 1", n)
	}
	if n := s.count("submissions"); n != 1 {
		t.Fatalf("%d submissions, want 1", n)
	}
}

func TestInvitationRefusals(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-REFUSE")
	for name, tt := range map[string]struct {
		key      string
		body     any
		pointers []string
	}{
		"empty":             {"portal", map[string]any{}, []string{"/forms", "/patient_id"}},
		"unknown form":      {"portal", map[string]any{"patient_id": pid, "forms": []string{"nope"}}, []string{"/forms/0"}},
		"clinician's form":  {"clinician", map[string]any{"patient_id": pid, "forms": []string{forms.KindTreatmentPlan}}, []string{"/forms/0"}},
		"another's patient": {"portal2", map[string]any{"patient_id": pid, "forms": []string{forms.KindKAPConsent}}, []string{"/patient_id"}},
		"too long":          {"portal", map[string]any{"patient_id": pid, "forms": []string{forms.KindKAPConsent}, "expires_in_hours": 721}, []string{"/expires_in_hours"}},
		"twice the form":    {"portal", map[string]any{"patient_id": pid, "forms": []string{"phq-9", "phq-9"}}, []string{"/forms"}},
		"unknown member":    {"portal", map[string]any{"patient_id": pid, "forms": []string{"phq-9"}, "kiosk": "yes"}, []string{"/kiosk"}},
	} {
		t.Run(name, func(t *testing.T) {
			rec := s.do(request{method: http.MethodPost, path: "/v1/invitations", key: tt.key, body: tt.body})
			mustStatus(t, rec, http.StatusUnprocessableEntity)
			var got []string
			for _, e := range decode[Problem](t, rec).Errors {
				got = append(got, e.Pointer)
			}
			if !sameSet(got, tt.pointers) {
				t.Fatalf("pointers %v, want %v", got, tt.pointers)
			}
		})
	}
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/invitations", key: "auditor", body: map[string]any{}}), http.StatusForbidden)
	if n := s.count("invitations"); n != 0 {
		t.Fatalf("%d invitations stored by refused requests", n)
	}

	// Guessing tokens is limited like guessing keys.
	limited := false
	for i := 0; i < DefaultLimits.AuthFailuresPerMinute+1; i++ {
		rec := s.doFrom("203.0.113.9", request{method: http.MethodGet, path: "/v1/invitation",
			header: http.Header{"Authorization": {"Invitation csi_guess" + strings.Repeat("x", i)}}})
		switch rec.Code {
		case http.StatusUnauthorized:
		case http.StatusTooManyRequests:
			limited = true
		default:
			t.Fatalf("guess %d: %d", i, rec.Code)
		}
	}
	if !limited {
		t.Fatal("token guesses were never limited")
	}

	// A key's Idempotency-Key is not the invitation's.
	inv := s.mustInvite("portal", pid, forms.KindKAPConsent)
	hdr := http.Header{"Idempotency-Key": {"same-key"}}
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: consentBody(t, pid), header: hdr}), http.StatusCreated)
	rec := s.asPatient(inv.Token, request{method: http.MethodPost, path: "/v1/invitation/submissions", body: consentBody(t, pid), header: http.Header{"Idempotency-Key": {"same-key"}}})
	mustStatus(t, rec, http.StatusCreated)
	if rec.Header().Get("Idempotent-Replayed") != "" {
		t.Fatal("the patient got the portal's replayed answer")
	}
}
