package api

import (
	"context"
	"net/http"
	"testing"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// TestKioskOpensTheNextPatient: a paired tablet takes the waiting kiosk
// invitations oldest first, each once, with a fresh token that replaces
// the link's; invitations without "kiosk" and revoked ones are never
// handed out; a revoked tablet is refused.
func TestKioskOpensTheNextPatient(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-KIOSK")
	rec := s.do(request{method: http.MethodPost, path: "/v1/kiosks", key: "clinician", body: map[string]any{"name": "Front desk tablet"}})
	mustStatus(t, rec, http.StatusCreated)
	kiosk := decode[struct {
		ID, Token, Link string
	}](t, rec)
	next := func() *records.KioskHandoff {
		t.Helper()
		rec := s.do(request{method: http.MethodPost, path: "/v1/kiosk/next", header: http.Header{"Authorization": {"Kiosk " + kiosk.Token}}})
		if rec.Code == http.StatusNotFound {
			return nil
		}
		mustStatus(t, rec, http.StatusOK)
		h := decode[records.KioskHandoff](t, rec)
		return &h
	}
	if next() != nil {
		t.Fatal("a handoff with no kiosk invitation")
	}
	linkOnly := s.mustInvite("portal", pid, forms.KindKAPConsent)
	kioskInv := func() invited {
		rec := s.do(request{method: http.MethodPost, path: "/v1/invitations", key: "portal",
			body: map[string]any{"patient_id": pid, "forms": []string{forms.KindPHQ9}, "kiosk": true}})
		mustStatus(t, rec, http.StatusCreated)
		return decode[invited](t, rec)
	}
	first, revoked, second := kioskInv(), kioskInv(), kioskInv()
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/invitations/" + revoked.ID + "/revocation", key: "portal", body: map[string]any{}}), http.StatusOK)

	h := next()
	if h == nil || h.InvitationID != first.ID {
		t.Fatalf("first handoff %+v, want %s", h, first.ID)
	}
	// The handed-out token opens the invitation; the link's no longer does.
	mustStatus(t, s.asPatient(h.Token, request{method: http.MethodGet, path: "/v1/invitation"}), http.StatusOK)
	mustStatus(t, s.asPatient(first.Token, request{method: http.MethodGet, path: "/v1/invitation"}), http.StatusUnauthorized)
	if h := next(); h == nil || h.InvitationID != second.ID {
		t.Fatalf("second handoff %+v, want %s", h, second.ID)
	}
	if h := next(); h != nil {
		t.Fatalf("a third handoff %+v: only link invitations and a revoked one are left", h)
	}
	mustStatus(t, s.asPatient(linkOnly.Token, request{method: http.MethodGet, path: "/v1/invitation"}), http.StatusOK)

	view := decode[records.InvitationView](t, s.do(request{method: http.MethodGet, path: "/v1/invitations/" + first.ID, key: "portal"}))
	if !view.Kiosk || view.ClaimedAt == nil {
		t.Fatalf("claimed invitation %+v", view)
	}
	evs, err := s.store.AuditEvents(context.Background(), models.EventFilter{Action: "invitation.claim", Limit: 10})
	if err != nil || len(evs) != 2 || evs[0].Actor != "kiosk/"+kiosk.ID || evs[0].Role != models.RoleKiosk {
		t.Fatalf("claim events %+v (%v)", evs, err)
	}

	// A kiosk token opens nothing else; a revoked kiosk nothing at all.
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/invitation", header: http.Header{"Authorization": {"Kiosk " + kiosk.Token}}}), http.StatusForbidden)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/kiosks/" + kiosk.ID + "/revocation", key: "clinician", body: map[string]any{}}), http.StatusOK)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/kiosk/next", header: http.Header{"Authorization": {"Kiosk " + kiosk.Token}}}), http.StatusUnauthorized)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/kiosks", key: "portal", body: map[string]any{"name": "x"}}), http.StatusForbidden)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/kiosks", key: "clinician", body: map[string]any{}}), http.StatusUnprocessableEntity)
}
