package records_test

import (
	"context"
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/tsatest"
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
