package api

import (
	"net/http"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"
)

// TestReplicasSeeEachOthersPublishedVersions runs a second replica on the
// same database, with a catalogue of its own, and publishes a version on
// the first: the second serves it, accepts submissions to it, and refuses
// to publish an earlier one, without a restart.
func TestReplicasSeeEachOthersPublishedVersions(t *testing.T) {
	s := newTestServer(t)
	other := &testServer{t: t, store: s.store, log: s.log, keys: s.keys, now: s.now, sealer: s.sealer}
	other.e = other.newReplica(forms.Builtin(), time.Nanosecond)
	mustStatus(t, other.do(request{method: http.MethodGet, path: "/v1/forms/kap-consent/versions/2026-12", key: "clinician"}), http.StatusNotFound)

	rec := s.do(request{method: http.MethodPost, path: "/v1/forms/kap-consent/versions", key: "admin", body: newVersion(t, s, "2026-12", true)})
	mustStatus(t, rec, http.StatusCreated)

	mustStatus(t, other.do(request{method: http.MethodGet, path: "/v1/forms/kap-consent/versions/2026-12", key: "clinician"}), http.StatusOK)
	cur := decode[forms.Definition](t, other.do(request{method: http.MethodGet, path: "/v1/forms/kap-consent", key: "portal"}))
	if cur.Version != "2026-12" {
		t.Errorf("the other replica's current version is %s", cur.Version)
	}
	pid := other.mustPatient("portal", "MRN-REPLICA")
	body := consentBody(t, pid)
	body["version"] = "2026-12"
	mustStatus(t, other.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: body}), http.StatusCreated)
	// Publishing on the other replica compares with 2026-12, not with its
	// own start-up catalogue.
	mustStatus(t, other.do(request{method: http.MethodPost, path: "/v1/forms/kap-consent/versions", key: "admin",
		body: newVersion(t, s, "2026-12", true)}), http.StatusConflict)
}
