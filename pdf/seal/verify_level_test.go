package seal

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/tsatest"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// testVerifiedAt is a verification time inside the test certificates'
// validity.
var testVerifiedAt = testSealedAt.Add(24 * time.Hour)

// shortLivedSealer returns an ECDSA sealer whose self-signed certificate is
// valid from 2026-01-01 until notAfter.
func shortLivedSealer(t testing.TB, notAfter time.Time) *Sealer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2027),
		Subject:      pkix.Name{CommonName: "Clínica Serenidad records (short-lived test)"},
		NotBefore:    time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &Sealer{Cert: cert, Key: key}
}

// verifyAt verifies doc at now with opts, failing the test on an error.
func verifyAt(t testing.TB, doc []byte, now time.Time, opts ...VerifyOption) *Verification {
	t.Helper()
	v, err := VerifyAt(doc, now, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// wantIndication fails the test unless v has the indication want, sub.
func wantIndication(t testing.TB, v *Verification, want, sub string) {
	t.Helper()
	if v.Indication != want || v.SubIndication != sub {
		t.Errorf("indication %s/%s, want %s/%s; problems %q", v.Indication, v.SubIndication, want, sub, v.Problems)
	}
}

func TestVerifyReportsTheLevel(t *testing.T) {
	tsa := tsatest.Start(t)
	stampedAt := testSealedAt.Add(3 * time.Second)
	tsa.SetTime(stampedAt)
	legacy, err := os.ReadFile("testdata/legacy-adbe-pkcs7.pdf")
	if err != nil {
		t.Fatal(err)
	}
	_, bb := sealed(t, "RSA-2048")
	_, bt := sealedBT(t, "ECDSA P-256", tsa)
	unsealed, _ := pdftest.Render(t, pdftest.Record(t))

	v := verifyAt(t, bb, testVerifiedAt)
	if !v.Valid() || v.Level != "B-B" || v.SubFilter != "ETSI.CAdES.detached" || v.Timestamp != nil {
		t.Errorf("B-B: valid %v, level %q, subfilter %q, time-stamp %+v", v.Valid(), v.Level, v.SubFilter, v.Timestamp)
	}
	wantIndication(t, v, TotalPassed, "")

	v = verifyAt(t, bt, testVerifiedAt, VerifyTSARoots(tsa.Roots()))
	if !v.Valid() || v.Level != "B-T" || v.Timestamp == nil {
		t.Fatalf("B-T: valid %v, level %q, time-stamp %+v, problems %q", v.Valid(), v.Level, v.Timestamp, v.Problems)
	}
	ts := v.Timestamp
	if !ts.Time.Equal(stampedAt) || !ts.SignatureValid || !ts.ImprintValid || !ts.Trusted ||
		ts.TSASubject != tsa.Cert.Subject.String() || ts.TSASerial != tsa.Cert.SerialNumber.String() ||
		!bytes.Equal(ts.Certificate.Raw, tsa.Cert.Raw) {
		t.Errorf("B-T time-stamp: %+v", ts)
	}
	wantIndication(t, v, TotalPassed, "")

	v = verifyAt(t, legacy, testVerifiedAt)
	if !v.Valid() || v.Level != "" || v.SubFilter != "adbe.pkcs7.detached" {
		t.Errorf("legacy: valid %v, level %q, subfilter %q", v.Valid(), v.Level, v.SubFilter)
	}
	wantIndication(t, v, TotalPassed, "")

	v = verifyAt(t, unsealed, testVerifiedAt)
	if v.Level != "" || v.Indication != "" || v.SubFilter != "" {
		t.Errorf("unsealed: level %q, indication %q", v.Level, v.Indication)
	}
	v = verifyAt(t, bb[:len(bb)-10], testVerifiedAt)
	wantIndication(t, v, Indeterminate, SignedDataNotFound)

	// Verify is VerifyAt now: the test certificates are valid until 2036.
	if v, err := Verify(bt); err != nil || v.Indication != TotalPassed || v.Level != "B-T" {
		t.Errorf("Verify: %v, %+v", err, v)
	}
}

func TestVerifyIndications(t *testing.T) {
	tsa := tsatest.Start(t)
	tsa.SetTime(testSealedAt.Add(time.Second))
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	expiry := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	afterExpiry := time.Date(2034, 6, 1, 0, 0, 0, 0, time.UTC)
	shortLived := shortLivedSealer(t, expiry)
	seal := func(t *testing.T, s *Sealer, stamp stamper) []byte {
		t.Helper()
		out, err := s.seal(doc, testSealedAt, testSealName, testSealReason, stamp)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	stampBy := func(tsa *tsatest.TSA) stamper {
		return func(sig []byte) ([]byte, error) { sum := sha256.Sum256(sig); return tsa.Token(t, sum[:]), nil }
	}
	_, bt := sealedBT(t, "ECDSA P-256", tsa)

	t.Run("an edited byte", func(t *testing.T) {
		changed := flip(t, bytes.Clone(bt), bytes.Index(bt, []byte("stream\n"))+60)
		wantIndication(t, verifyAt(t, changed, testVerifiedAt), TotalFailed, HashFailure)
	})
	t.Run("an edited token", func(t *testing.T) {
		m := sealMessage(t, bt)
		der := decodeHex(bt[contentsStart(t, bt)-1:])
		at := bytes.Index(der, m.timestamps[0]) + len(m.timestamps[0]) - 1 // the last byte of the TSA's signature
		changed := flipHex(t, bytes.Clone(bt), contentsStart(t, bt)+2*at+1)
		v := verifyAt(t, changed, testVerifiedAt)
		wantIndication(t, v, TotalFailed, SigCryptoFailure)
		if !v.SignatureValid || v.Valid() || v.Timestamp == nil || v.Timestamp.SignatureValid ||
			!slices.Contains(v.Problems, "the signature time-stamp is not valid: it was not signed by its TSA certificate's key") {
			t.Errorf("signature valid %v, valid %v, time-stamp %+v, problems %q", v.SignatureValid, v.Valid(), v.Timestamp, v.Problems)
		}
	})
	t.Run("an edited time in the token", func(t *testing.T) {
		m := sealMessage(t, bt)
		der := decodeHex(bt[contentsStart(t, bt)-1:])
		genTime := []byte(tsa.Now().Format("20060102150405Z"))
		at := bytes.Index(der, m.timestamps[0])
		at += bytes.Index(m.timestamps[0], genTime) + 3 // the year's last digit
		changed := flipHex(t, bytes.Clone(bt), contentsStart(t, bt)+2*at+1)
		v := verifyAt(t, changed, testVerifiedAt)
		wantIndication(t, v, TotalFailed, SigCryptoFailure)
		if !slices.Contains(v.Problems, "the signature time-stamp is not valid: its signature does not match its content") {
			t.Errorf("problems %q", v.Problems)
		}
	})
	t.Run("a token over other data", func(t *testing.T) {
		signed := seal(t, testSealer(t, "ECDSA P-256"), func([]byte) ([]byte, error) {
			sum := sha256.Sum256([]byte("another signature"))
			return tsa.Token(t, sum[:]), nil
		})
		v := verifyAt(t, signed, testVerifiedAt)
		wantIndication(t, v, TotalFailed, HashFailure)
		if !v.SignatureValid || v.Valid() || v.Timestamp.ImprintValid || !v.Timestamp.SignatureValid ||
			!slices.Contains(v.Problems, "the signature time-stamp does not stamp this signature") {
			t.Errorf("signature valid %v, time-stamp %+v, problems %q", v.SignatureValid, v.Timestamp, v.Problems)
		}
	})
	t.Run("a token that is not one", func(t *testing.T) {
		signed := seal(t, testSealer(t, "ECDSA P-256"), func([]byte) ([]byte, error) {
			return []byte{0x30, 0x03, 0x02, 0x01, 0x01}, nil
		})
		v := verifyAt(t, signed, testVerifiedAt)
		wantIndication(t, v, TotalFailed, FormatFailure)
	})
	t.Run("an expired certificate, time-stamped before its expiry", func(t *testing.T) {
		v := verifyAt(t, seal(t, shortLived, stampBy(tsa)), afterExpiry)
		wantIndication(t, v, TotalPassed, "")
		if !v.Valid() || v.Level != "B-T" {
			t.Errorf("valid %v, level %q", v.Valid(), v.Level)
		}
	})
	t.Run("an expired certificate, not time-stamped", func(t *testing.T) {
		signed := seal(t, shortLived, nil)
		wantIndication(t, verifyAt(t, signed, afterExpiry), Indeterminate, NoPOE)
		wantIndication(t, verifyAt(t, signed, testVerifiedAt), TotalPassed, "")
	})
	t.Run("an expired certificate, time-stamped after its expiry", func(t *testing.T) {
		late := tsatest.Start(t)
		late.SetTime(expiry.Add(time.Hour))
		wantIndication(t, verifyAt(t, seal(t, shortLived, stampBy(late)), afterExpiry), Indeterminate, OutOfBoundsNoPOE)
	})
	t.Run("an expired certificate, time-stamped by an untrusted TSA", func(t *testing.T) {
		signed := seal(t, shortLived, stampBy(tsa))
		other := tsatest.Start(t)
		v := verifyAt(t, signed, afterExpiry, VerifyTSARoots(other.Roots()))
		wantIndication(t, v, Indeterminate, NoPOE)
		if v.Timestamp == nil || v.Timestamp.Trusted || !v.Timestamp.SignatureValid {
			t.Errorf("time-stamp %+v", v.Timestamp)
		}
		wantIndication(t, verifyAt(t, signed, afterExpiry, VerifyTSARoots(tsa.Roots())), TotalPassed, "")
	})
	t.Run("trust anchors", func(t *testing.T) {
		ec := testSealer(t, "ECDSA P-256")
		roots := x509.NewCertPool()
		roots.AddCert(ec.Chain[0])
		wantIndication(t, verifyAt(t, bt, testVerifiedAt, VerifyRoots(roots)), TotalPassed, "")
		wantIndication(t, verifyAt(t, bt, testVerifiedAt, VerifyRoots(tsa.Roots())), Indeterminate, NoCertificateChainFound)
	})
	t.Run("a broken signature outranks the time-stamp", func(t *testing.T) {
		i := contentsStart(t, bt)
		changed := flipHex(t, bytes.Clone(bt), i+2*bytes.Index(decodeHex(bt[i-1:]), sealMessage(t, bt).signature)+20)
		wantIndication(t, verifyAt(t, changed, testVerifiedAt), TotalFailed, SigCryptoFailure)
	})
}

func TestTamperingIsNeverTotalPassedAndValid(t *testing.T) {
	for _, name := range testSealerNames {
		doc, signed := sealed(t, name)
		for _, tt := range tamperings {
			changed := tt.change(t, doc, bytes.Clone(signed))
			v := verifyAt(t, changed, testVerifiedAt)
			if v.Valid() {
				t.Errorf("%s/%s: valid", name, tt.name)
			}
			if tt.wantProblem == "the signature does not match the signed bytes" && v.Indication != TotalFailed {
				t.Errorf("%s/%s: indication %s/%s, want TOTAL-FAILED", name, tt.name, v.Indication, v.SubIndication)
			}
		}
	}
}
