package records_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/tsatest"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf/seal"
	"github.com/consentry/consentry/records"
)

// ltaFixture seals at B-LTA with the development certificate and a TSA
// whose certificate names a test CA's OCSP responder.
func ltaFixture(t *testing.T) (*fixture, *tsatest.CA, *tsatest.TSA) {
	t.Helper()
	ca := tsatest.StartCA(t)
	tsa := tsatest.Start(t, tsatest.WithCA(ca, tsatest.ByOCSP))
	tsa.SetTime(now)
	f := newFixtureWith(t, func(s *seal.Sealer) {
		s.Level = seal.LevelBLTA
		s.TSA = &seal.TSAClient{URL: tsa.URL, Roots: tsa.Roots(), Timeout: 2 * time.Second}
		s.TSAChain = []*x509.Certificate{tsa.CA}
		s.Revocation = &seal.RevocationClient{OCSPTimeout: time.Second, CRLTimeout: time.Second}
	})
	return f, ca, tsa
}

func TestSubmitSealsAtBLTA(t *testing.T) {
	f, _, tsa := ltaFixture(t)
	ctx := context.Background()
	r, err := f.svc.Submit(ctx, f.portal, phq9(t, f.patient(), 0, 0, 0, 0, 0, 0, 0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := f.store.Document(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.VerifyDocument(ctx, f.portal, doc.PDF)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid || v.Level != seal.LevelBLTA || v.Indication != seal.TotalPassed || len(v.Signatures) != 2 ||
		v.DSS == nil || !v.DSS.Complete || v.Revocation != seal.RevocationNotNeeded {
		t.Fatalf("verification %+v", v)
	}
	s, d := v.Signatures[0], v.Signatures[1]
	if s.Kind != "signature" || s.Level != seal.LevelBLTA || !s.Time.Equal(now) || s.TSASubject != tsa.Cert.Subject.String() ||
		d.Kind != "document-timestamp" || d.Indication != seal.TotalPassed || d.Revocation != seal.RevocationGood {
		t.Errorf("signatures %+v", v.Signatures)
	}
}

func TestSubmitWithoutRevocationDataStoresNothing(t *testing.T) {
	f, ca, _ := ltaFixture(t)
	ca.SetMode(tsatest.HTTPError)
	pid := f.patient()
	events, subs := f.count("audit_events"), f.count("submissions")
	_, err := f.svc.Submit(context.Background(), f.portal, phq9(t, pid, 0, 0, 0, 0, 0, 0, 0, 0, 0))
	if !errors.Is(err, records.ErrTimestampUnavailable) {
		t.Fatalf("Submit: %v, want ErrTimestampUnavailable", err)
	}
	if f.count("audit_events") != events || f.count("submissions") != subs {
		t.Error("something was stored")
	}
	ca.SetMode(tsatest.OK)
	if _, err := f.svc.Submit(context.Background(), f.portal, phq9(t, pid, 0, 0, 0, 0, 0, 0, 0, 0, 0)); err != nil {
		t.Errorf("Submit once the responder answers: %v", err)
	}
}

func TestRetimestamp(t *testing.T) {
	// The TSA's certificate expires eight months after the records are
	// sealed: within a year, so due for renewal.
	ca := tsatest.StartCA(t)
	tsa := tsatest.Start(t, tsatest.WithCA(ca, tsatest.ByCRL), tsatest.WithValidity(now.AddDate(-1, 0, 0), now.AddDate(0, 8, 0)))
	tsa.SetTime(now)
	f := newFixtureWith(t, func(s *seal.Sealer) {
		s.Level = seal.LevelBLTA
		s.TSA = &seal.TSAClient{URL: tsa.URL, Timeout: 2 * time.Second}
		s.TSAChain = []*x509.Certificate{tsa.CA}
	})
	ctx := context.Background()
	pid := f.patient()
	var ids []string
	for range 2 {
		r, err := f.svc.Submit(ctx, f.portal, phq9(t, pid, 0, 0, 0, 0, 0, 0, 0, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	operator := records.Actor{KeyID: "cli", Role: "operator", IP: "local"}

	rep, err := f.svc.Retimestamp(ctx, operator, 30*24*time.Hour)
	if err != nil || rep.Checked != 2 || len(rep.Renewed) != 0 {
		t.Fatalf("not yet due: %+v, %v", rep, err)
	}
	rep, err = f.svc.Retimestamp(ctx, operator, 365*24*time.Hour)
	if err != nil || rep.Checked != 2 || len(rep.Renewed) != 2 || len(rep.Skipped) != 0 {
		t.Fatalf("due: %+v, %v", rep, err)
	}
	for _, r := range rep.Renewed {
		if r.Revision != 1 || !r.Expiring.Equal(tsa.Cert.NotAfter) {
			t.Errorf("renewed %+v", r)
		}
	}
	original, err := f.store.Document(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	latest, err := f.store.LatestDocument(ctx, ids[0])
	if err != nil || latest.Revision != 1 || !bytes.HasPrefix(latest.PDF, original.PDF) || latest.SHA256 == original.SHA256 {
		t.Fatalf("latest %d %v", latest.Revision, err)
	}
	v, err := f.svc.VerifyDocument(ctx, f.portal, latest.PDF)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid || !v.MatchesStored || v.Revision != 1 || v.RecordID != ids[0] || len(v.Signatures) != 3 || v.Level != seal.LevelBLTA {
		t.Errorf("the revision verifies as %+v", v)
	}
	if v, err := f.svc.VerifyDocument(ctx, f.portal, original.PDF); err != nil || !v.Valid || v.Revision != 0 || len(v.Signatures) != 2 {
		t.Errorf("the original verifies as %+v, %v", v, err)
	}
	// Renewed again, revision 2 extends revision 1.
	rep, err = f.svc.Retimestamp(ctx, operator, 365*24*time.Hour)
	if err != nil || len(rep.Renewed) != 2 || rep.Renewed[0].Revision != 2 {
		t.Fatalf("again: %+v, %v", rep, err)
	}
	var events []models.AuditEvent
	if err := f.store.DB().Where("action = ? AND subject = ?", models.ActionRetimestamp, "submission/"+ids[0]).Order("seq").Find(&events).Error; err != nil || len(events) != 2 {
		t.Fatalf("events %d, %v", len(events), err)
	}
	second, _ := f.store.LatestDocument(ctx, ids[0])
	if events[0].DataHash != models.RevisionDataHash(original.SHA256, latest.SHA256) ||
		events[1].DataHash != models.RevisionDataHash(latest.SHA256, second.SHA256) || events[0].PatientID != pid {
		t.Errorf("events %+v", events)
	}
	chain, err := f.store.Verify(ctx, nil)
	if err != nil || !chain.OK {
		t.Errorf("chain: %+v, %v", chain, err)
	}
	// The TSA down: a 503, and nothing more stored.
	tsa.SetMode(tsatest.HTTPError)
	revs := f.count("document_revisions")
	if _, err := f.svc.Retimestamp(ctx, operator, 365*24*time.Hour); !errors.Is(err, records.ErrTimestampUnavailable) {
		t.Errorf("TSA down: %v", err)
	}
	if f.count("document_revisions") != revs {
		t.Error("a revision was stored without a time-stamp")
	}
}
