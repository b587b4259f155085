package seal

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/tsatest"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// ltPKI is a signer issued by a test CA whose certificate names the CA's
// OCSP responder, and a TSA whose certificate the same CA issued naming
// its CRL: both chains have revocation data to fetch.
type ltPKI struct {
	ca     *tsatest.CA
	tsa    *tsatest.TSA
	signer *tsatest.Leaf
}

func startLTPKI(t testing.TB, tsaOpts ...tsatest.Option) *ltPKI {
	t.Helper()
	ca := tsatest.StartCA(t)
	signer := ca.Issue(t, "Clínica Serenidad records (LT test)", tsatest.ByOCSP,
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC), false)
	tsa := tsatest.Start(t, append([]tsatest.Option{tsatest.WithCA(ca, tsatest.ByCRL)}, tsaOpts...)...)
	tsa.SetTime(testSealedAt.Add(2 * time.Second))
	return &ltPKI{ca: ca, tsa: tsa, signer: signer}
}

// sealer returns a sealer for p's signer at level, time-stamping with tsa.
func (p *ltPKI) sealer(level string, tsa *tsatest.TSA) *Sealer {
	return &Sealer{
		Cert: p.signer.Cert, Chain: []*x509.Certificate{p.ca.Cert}, Key: p.signer.Key, Level: level,
		TSA: &TSAClient{URL: tsa.URL, Timeout: 2 * time.Second}, TSAChain: []*x509.Certificate{tsa.CA},
		Revocation: &RevocationClient{OCSPTimeout: 2 * time.Second, CRLTimeout: 2 * time.Second},
	}
}

func sealAt(t testing.TB, s *Sealer, doc []byte) []byte {
	t.Helper()
	out, err := s.SealContext(context.Background(), doc, testSealedAt, testSealName, testSealReason)
	if err != nil {
		t.Fatalf("SealContext at %s: %v", s.Level, err)
	}
	return out
}

func TestSealLongTerm(t *testing.T) {
	p := startLTPKI(t)
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	roots := VerifyTSARoots(p.tsa.Roots())
	for _, level := range []string{LevelBLT, LevelBLTA} {
		t.Run(level, func(t *testing.T) {
			signed := sealAt(t, p.sealer(level, p.tsa), doc)
			if !bytes.HasPrefix(signed, doc) {
				t.Fatal("the sealed file does not start with the rendered one")
			}
			v := verifyAt(t, signed, testVerifiedAt, roots)
			if !v.Valid() || v.Level != level || !v.ExtendedOnly || v.CoversWholeFile {
				t.Fatalf("valid %v, level %q, extended only %v; problems %q", v.Valid(), v.Level, v.ExtendedOnly, v.Problems)
			}
			wantIndication(t, v, TotalPassed, "")
			if d := v.DSS; d == nil || !d.Complete || d.Certificates != 3 || d.OCSPs != 1 || d.CRLs != 1 {
				t.Errorf("DSS %+v", v.DSS)
			}
			if v.Revocation != RevocationGood {
				t.Errorf("revocation %q", v.Revocation)
			}
			want := 1
			if level == LevelBLTA {
				want = 2
			}
			if len(v.Signatures) != want {
				t.Fatalf("signatures %+v", v.Signatures)
			}
			s := v.Signatures[0]
			if s.Kind != KindSignature || s.Level != level || !s.TimeStamped || !s.Time.Equal(p.tsa.Now()) ||
				s.TSASubject != p.tsa.Cert.Subject.String() || s.Indication != TotalPassed || s.Revocation != RevocationGood {
				t.Errorf("seal report %+v", s)
			}
			if level == LevelBLTA {
				d := v.Signatures[1]
				if d.Kind != KindDocumentTimestamp || d.SubFilter != "ETSI.RFC3161" || !d.Time.Equal(p.tsa.Now()) ||
					d.Indication != TotalPassed || d.Revocation != RevocationGood || d.ByteRange[2]+d.ByteRange[3] != int64(len(signed)) {
					t.Errorf("document time-stamp report %+v", d)
				}
			}
			// The B-T seal alone, the first revision, still verifies.
			if bt := verifyAt(t, v.SignedRevision, testVerifiedAt); !bt.Valid() || bt.Level != LevelBT {
				t.Errorf("the signed revision: valid %v, level %q", bt.Valid(), bt.Level)
			}
			if out := pdftest.RunTool(t, signed, "qpdf", "--check", "{pdf}"); !strings.Contains(out, "No syntax or stream encoding errors found") {
				t.Errorf("qpdf --check:\n%s", out)
			}
			out := pdfsig(t, signed)
			if !strings.Contains(out, "Signature #1:") || !strings.Contains(out, "Signature is Valid.") {
				t.Errorf("pdfsig does not call the seal valid:\n%s", out)
			}
			// poppler 22 lists a document time-stamp without checking it.
			if level == LevelBLTA && (!strings.Contains(out, "Signature #2:") || !strings.Contains(out, docTimestampFieldName(1))) {
				t.Errorf("pdfsig does not list the document time-stamp:\n%s", out)
			}
		})
	}
}

func TestOpenSSLVerifiesTheDocumentTimestamp(t *testing.T) {
	p := startLTPKI(t)
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	signed := sealAt(t, p.sealer(LevelBLTA, p.tsa), doc)
	sigs, err := signaturesFromForm(signed)
	if err != nil {
		t.Fatal(err)
	}
	var dts *sigDict
	for _, s := range sigs {
		if s.docTimestamp {
			dts = s
		}
	}
	if dts == nil {
		t.Fatal("no document time-stamp")
	}
	br := dts.byteRange
	content := append(bytes.Clone(signed[br[0]:br[0]+br[1]]), signed[br[2]:br[2]+br[3]]...)
	token := trimDER(decodeHex(signed[br[1]+1 : br[2]-1]))
	dir := t.TempDir()
	tokenFile := writeFile(t, dir, "doc-ts.der", token)
	out, ok := openssl(t, "ts", "-verify", "-data", writeFile(t, dir, "content.bin", content), "-in", tokenFile, "-token_in", "-CAfile", p.tsa.CAFile)
	if !ok || !strings.Contains(out, "Verification: OK") {
		t.Errorf("openssl ts -verify -data:\n%s", out)
	}
	content[100] ^= 1
	if out, ok := openssl(t, "ts", "-verify", "-data", writeFile(t, dir, "changed.bin", content), "-in", tokenFile, "-token_in", "-CAfile", p.tsa.CAFile); ok {
		t.Errorf("openssl accepts the token for changed content:\n%s", out)
	}
	// The DSS's OCSP response verifies with openssl too.
	x, err := readXref(signed)
	if err != nil {
		t.Fatal(err)
	}
	d, err := readDSS(x)
	if err != nil || len(d.ocsps) != 1 {
		t.Fatalf("DSS: %v, %d OCSP responses", err, len(d.ocsps))
	}
	out, ok = openssl(t, "ocsp", "-respin", writeFile(t, dir, "ocsp.der", d.ocsps[0]), "-CAfile", p.ca.CAFile,
		"-issuer", p.ca.CAFile, "-cert", writeFile(t, dir, "signer.pem", certPEM(p.signer.Cert)), "-no_nonce")
	if !ok || !strings.Contains(out, ": good") {
		t.Errorf("openssl ocsp:\n%s", out)
	}
}

func TestLongTermLevelRules(t *testing.T) {
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	t.Run("a self-signed signer and a TSA whose chain names no revocation data", func(t *testing.T) {
		tsa := tsatest.Start(t)
		s := *testSealer(t, "RSA-2048")
		s.TSA, s.TSAChain, s.Level = &TSAClient{URL: tsa.URL}, []*x509.Certificate{tsa.CA}, LevelBLTA
		v := verifyAt(t, sealAt(t, &s, doc), testVerifiedAt)
		if !v.Valid() || v.Level != LevelBT || v.DSS == nil || v.DSS.Complete || v.DSS.Certificates != 3 ||
			len(v.DSS.Missing) != 1 || v.DSS.Missing[0] != "revocation data for "+tsa.Cert.Subject.String() {
			t.Errorf("valid %v, level %q, DSS %+v", v.Valid(), v.Level, v.DSS)
		}
		if v.Revocation != RevocationNotNeeded || len(v.Signatures) != 2 || v.Signatures[1].Revocation != RevocationUnknown {
			t.Errorf("revocation %q, signatures %+v", v.Revocation, v.Signatures)
		}
	})
	t.Run("a self-signed signer and a TSA with revocation data", func(t *testing.T) {
		ca := tsatest.StartCA(t)
		tsa := tsatest.Start(t, tsatest.WithCA(ca, tsatest.ByOCSP))
		s := *testSealer(t, "RSA-2048")
		s.TSA, s.TSAChain, s.Level = &TSAClient{URL: tsa.URL}, []*x509.Certificate{tsa.CA}, LevelBLTA
		v := verifyAt(t, sealAt(t, &s, doc), testVerifiedAt)
		if !v.Valid() || v.Level != LevelBLTA || !v.DSS.Complete {
			t.Errorf("valid %v, level %q, DSS %+v", v.Valid(), v.Level, v.DSS)
		}
	})
	t.Run("a TSA chain the sealer does not know", func(t *testing.T) {
		p := startLTPKI(t)
		other := tsatest.Start(t, tsatest.WithCA(tsatest.StartCA(t), tsatest.ByCRL))
		s := p.sealer(LevelBLT, other)
		s.TSAChain = nil
		v := verifyAt(t, sealAt(t, s, doc), testVerifiedAt)
		if v.Level != LevelBT || v.DSS.Complete {
			t.Errorf("level %q, DSS %+v", v.Level, v.DSS)
		}
	})
	t.Run("B-T and above need a TSA", func(t *testing.T) {
		s := *testSealer(t, "RSA-2048")
		s.Level = LevelBLT
		if _, err := s.Seal(doc, testSealedAt, "", ""); err == nil {
			t.Error("sealed at B-LT without a TSA")
		}
		s.Level = "B-X"
		if _, err := s.Seal(doc, testSealedAt, "", ""); err == nil {
			t.Error("sealed at B-X")
		}
	})
}

func TestRevocationAtSealing(t *testing.T) {
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	for _, tt := range []struct {
		name string
		set  func(p *ltPKI)
	}{
		{"the responder fails", func(p *ltPKI) { p.ca.SetMode(tsatest.HTTPError) }},
		{"the responder hangs", func(p *ltPKI) { p.ca.SetMode(tsatest.Hang) }},
		{"the signer is revoked", func(p *ltPKI) { p.ca.Revoke(p.signer.Cert, testSealedAt.Add(-time.Hour)) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := startLTPKI(t)
			tt.set(p)
			s := p.sealer(LevelBLTA, p.tsa)
			s.Revocation.OCSPTimeout, s.Revocation.CRLTimeout = 300*time.Millisecond, 300*time.Millisecond
			out, err := s.Seal(doc, testSealedAt, testSealName, testSealReason)
			if out != nil || !errors.Is(err, ErrRevocationUnavailable) {
				t.Errorf("Seal: %d bytes, %v", len(out), err)
			}
		})
	}
}

// revokedDSS seals doc at B-T with p's signer and appends a DSS whose
// OCSP response says the signer was revoked at revokedAt.
func revokedDSS(t *testing.T, p *ltPKI, doc []byte, revokedAt time.Time) []byte {
	t.Helper()
	bt := sealAt(t, p.sealer(LevelBT, p.tsa), doc)
	p.ca.Revoke(p.signer.Cert, revokedAt)
	d := newDSS()
	addOnce(&d.certs, p.signer.Cert.Raw)
	addOnce(&d.certs, p.ca.Cert.Raw)
	addOnce(&d.certs, p.tsa.Cert.Raw)
	addOnce(&d.ocsps, p.ca.OCSP(t, p.signer.Cert))
	addOnce(&d.crls, p.ca.CRL(t))
	out, err := appendDSS(bt, d)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVerifyRevocation(t *testing.T) {
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	t.Run("revoked before the signature time-stamp", func(t *testing.T) {
		p := startLTPKI(t)
		v := verifyAt(t, revokedDSS(t, p, doc, testSealedAt.Add(-time.Hour)), testVerifiedAt)
		wantIndication(t, v, Indeterminate, RevokedNoPOE)
		if v.Revocation != RevocationRevoked || v.Signatures[0].Revocation != RevocationRevoked || v.Level != LevelBLT {
			t.Errorf("revocation %q, level %q, signatures %+v", v.Revocation, v.Level, v.Signatures)
		}
	})
	t.Run("revoked after the signature time-stamp", func(t *testing.T) {
		p := startLTPKI(t)
		v := verifyAt(t, revokedDSS(t, p, doc, testSealedAt.Add(time.Hour)), testVerifiedAt)
		wantIndication(t, v, TotalPassed, "")
		if v.Revocation != RevocationGood {
			t.Errorf("revocation %q", v.Revocation)
		}
	})
}

func TestVerifyLongTermProofOfExistence(t *testing.T) {
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	signerExpiry := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	tsaExpiry := time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
	afterAll := time.Date(2034, 6, 1, 0, 0, 0, 0, time.UTC)
	// A signer and a first TSA that both expire; a second TSA that does not.
	p := startLTPKI(t, tsatest.WithValidity(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), tsaExpiry))
	p.signer = p.ca.Issue(t, "Clínica Serenidad records (expiring)", tsatest.ByOCSP,
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), signerExpiry, false)
	later := tsatest.Start(t, tsatest.WithCA(p.ca, tsatest.ByOCSP))

	bt := sealAt(t, p.sealer(LevelBT, p.tsa), doc)
	t.Run("B-T after both expired", func(t *testing.T) {
		wantIndication(t, verifyAt(t, bt, afterAll), Indeterminate, NoPOE)
	})
	t.Run("B-LTA from before the signer's expiry", func(t *testing.T) {
		lta := sealAt(t, p.sealer(LevelBLTA, p.tsa), doc)
		// The document time-stamp's TSA expired too: it proves nothing now.
		wantIndication(t, verifyAt(t, lta, afterAll), Indeterminate, NoPOE)
		// Renewed in 2027 by a TSA valid now, the chain of proofs holds.
		later.SetTime(time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC))
		renewed, err := p.sealer(LevelBLTA, later).Retimestamp(context.Background(), lta)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(renewed, lta) {
			t.Fatal("re-time-stamping changed earlier bytes")
		}
		v := verifyAt(t, renewed, afterAll)
		wantIndication(t, v, TotalPassed, "")
		if !v.Valid() || v.Level != LevelBLTA || len(v.Signatures) != 3 || !v.ProofOfExistence.Equal(p.tsa.Now()) {
			t.Errorf("valid %v, level %q, POE %v, signatures %+v; problems %q", v.Valid(), v.Level, v.ProofOfExistence, v.Signatures, v.Problems)
		}
		for _, s := range v.Signatures {
			if s.Indication != TotalPassed {
				t.Errorf("%s %q: %s/%s", s.Kind, s.Field, s.Indication, s.SubIndication)
			}
		}
		if out := pdfsig(t, renewed); !strings.Contains(out, "Signature #3:") || !strings.Contains(out, "Signature is Valid.") {
			t.Errorf("pdfsig:\n%s", out)
		}
	})
	t.Run("B-LTA: a document time-stamp from before the signer's expiry", func(t *testing.T) {
		// Only the document time-stamp's TSA lasts: it alone proves the
		// signature existed while its certificate was valid.
		q := startLTPKI(t, tsatest.WithValidity(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), tsaExpiry))
		q.signer = p.signer
		q.ca = p.ca
		s := q.sealer(LevelBT, q.tsa)
		bt := sealAt(t, s, doc)
		lasting := tsatest.Start(t, tsatest.WithCA(p.ca, tsatest.ByCRL))
		lasting.SetTime(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
		lta, err := q.sealer(LevelBLTA, lasting).Retimestamp(context.Background(), bt)
		if err != nil {
			t.Fatal(err)
		}
		v := verifyAt(t, lta, afterAll)
		wantIndication(t, v, TotalPassed, "")
		wantIndication(t, verifyAt(t, bt, afterAll), Indeterminate, NoPOE)
	})
	t.Run("a changed byte under the document time-stamp", func(t *testing.T) {
		lta := sealAt(t, p.sealer(LevelBLTA, p.tsa), doc)
		i := bytes.LastIndex(lta, []byte("/Type /DSS"))
		changed := flip(t, bytes.Clone(lta), bytes.LastIndex(lta[:i], []byte("stream\n"))+len("stream\n")+30)
		v := verifyAt(t, changed, testVerifiedAt)
		if v.Valid() || v.Level == LevelBLTA {
			t.Errorf("valid %v, level %q, problems %q", v.Valid(), v.Level, v.Problems)
		}
	})
}

func TestUpdatesAfterTheSealThatChangeContent(t *testing.T) {
	p := startLTPKI(t)
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	lta := sealAt(t, p.sealer(LevelBLTA, p.tsa), doc)
	// Later updates that retitle the document or rewrite a content
	// stream, each then time-stamped: no time-stamp makes a change
	// acceptable.
	for name, forged := range map[string][]byte{
		"retitled":          forgedUpdate(t, lta),
		"content rewritten": redefine(t, lta, 4, lineStream),
	} {
		v := verifyAt(t, forged, testVerifiedAt)
		if v.Valid() || v.ExtendedOnly || !slices.Contains(v.Problems, "bytes were appended after the signature") {
			t.Errorf("%s: valid %v, extended only %v, problems %q", name, v.Valid(), v.ExtendedOnly, v.Problems)
		}
		restamped, err := addDocumentTimestamp(context.Background(), &TSAClient{URL: p.tsa.URL}, forged)
		if err != nil {
			t.Fatal(err)
		}
		v = verifyAt(t, restamped, testVerifiedAt)
		if v.Valid() || v.ExtendedOnly || v.Level == LevelBLTA {
			t.Errorf("%s and re-stamped: valid %v, extended only %v, level %q, problems %q", name, v.Valid(), v.ExtendedOnly, v.Level, v.Problems)
		}
	}
}

// redefine appends to doc an incremental update that gives object num
// the body body.
func redefine(t *testing.T, doc []byte, num int, body string) []byte {
	t.Helper()
	x, err := readXref(doc)
	if err != nil {
		t.Fatal(err)
	}
	size, err := trailerSize(x)
	if err != nil {
		t.Fatal(err)
	}
	u := newUpdate(doc, 1024)
	u.begin(ref{num, 0})
	u.str(body)
	u.end()
	if err := u.finish(x, size); err != nil {
		t.Fatal(err)
	}
	return u.out
}
