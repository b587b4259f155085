package api

import (
	"net/http"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/internal/tsatest"
	"github.com/consentry/consentry/pdf/seal"
	"github.com/consentry/consentry/records"
)

// TestRetimestampRoute: an admin renews the document time-stamps through
// the API as consentry retimestamp does; without a TSA it is a 409 that
// says so, and other roles are refused.
func TestRetimestampRoute(t *testing.T) {
	s := newTestServer(t)
	rec := s.do(request{method: http.MethodPost, path: "/v1/documents/retimestamp", key: "admin"})
	mustStatus(t, rec, http.StatusConflict)
	if p := decode[Problem](t, rec); p.Type != problemTypePrefix+"no-time-stamping-authority" {
		t.Errorf("without a TSA: %+v", p)
	}

	// A TSA certificate that expires in five years: due within ten.
	tsa := tsatest.Start(t, tsatest.WithValidity(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), fixedNow.AddDate(5, 0, 0)))
	stamped := *s.sealer
	stamped.TSA = &seal.TSAClient{URL: tsa.URL, Roots: tsa.Roots()}
	s.sealer = &stamped
	s.e = s.newReplica(forms.Builtin(), 0)
	r := s.signConsent(s.mustPatient("portal", "MRN-RETS"))

	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/documents/retimestamp", key: "auditor"}), http.StatusForbidden)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/documents/retimestamp?before=soon", key: "admin"}), http.StatusUnprocessableEntity)
	rec = s.do(request{method: http.MethodPost, path: "/v1/documents/retimestamp?before=87600h", key: "admin"})
	mustStatus(t, rec, http.StatusOK)
	rep := decode[records.RetimestampReport](t, rec)
	if rep.Checked < 1 || len(rep.Renewed) != 1 || rep.Renewed[0].SubmissionID != r.ID || rep.Renewed[0].Revision != 1 {
		t.Fatalf("report %+v", rep)
	}
	if n := s.count("document_revisions"); n != 1 {
		t.Errorf("%d revisions stored", n)
	}
}
