package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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

	pdfPath := "/v1/submissions/" + r.ID + "/pdf"
	original := s.do(request{method: http.MethodGet, path: pdfPath, key: "portal"})
	mustStatus(t, original, http.StatusOK)
	before := s.do(request{method: http.MethodGet, path: pdfPath + "?revision=latest", key: "portal"})
	mustStatus(t, before, http.StatusOK)
	if !bytes.Equal(before.Body.Bytes(), original.Body.Bytes()) || before.Header().Get("X-Document-Revision") != "0" {
		t.Errorf("latest before any revision: revision %q, %d bytes, want the original's %d",
			before.Header().Get("X-Document-Revision"), before.Body.Len(), original.Body.Len())
	}
	mustStatus(t, s.do(request{method: http.MethodGet, path: pdfPath + "?revision=newest", key: "portal"}), http.StatusUnprocessableEntity)

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

	// Downloads: the original by default, the revision when asked.
	again := s.do(request{method: http.MethodGet, path: pdfPath, key: "clinician"})
	mustStatus(t, again, http.StatusOK)
	if !bytes.Equal(again.Body.Bytes(), original.Body.Bytes()) || again.Header().Get("X-Document-Revision") != "0" {
		t.Error("the default download is no longer the PDF as signed")
	}
	latest := s.do(request{method: http.MethodGet, path: pdfPath + "?revision=latest", key: "clinician"})
	mustStatus(t, latest, http.StatusOK)
	got := latest.Body.Bytes()
	if latest.Header().Get("X-Document-Revision") != "1" || !bytes.HasPrefix(got, original.Body.Bytes()) || len(got) <= original.Body.Len() {
		t.Errorf("latest: revision %q, %d bytes, want revision 1 extending the original's %d",
			latest.Header().Get("X-Document-Revision"), len(got), original.Body.Len())
	}
	if sum := sha256.Sum256(got); latest.Header().Get("ETag") != `"`+hex.EncodeToString(sum[:])+`"` {
		t.Errorf("latest ETag %s is not its SHA-256", latest.Header().Get("ETag"))
	}
	mustStatus(t, s.do(request{method: http.MethodGet, path: pdfPath + "?revision=latest", key: "portal2"}), http.StatusNotFound)
}
