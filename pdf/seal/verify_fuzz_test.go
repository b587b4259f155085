package seal

import (
	"bytes"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// FuzzVerify feeds Verify mutations of sealed files. Verify must never
// panic, fail or hang, must name a problem whenever it does not call a file
// valid, and must never call a file valid that the test sealers did not
// seal byte for byte.
func FuzzVerify(f *testing.F) {
	doc, _ := pdftest.Render(f, pdftest.Record(f))
	sealedByUs := map[[sha256.Size]byte]bool{}
	for _, name := range testSealerNames {
		for _, unsigned := range [][]byte{minimalPDF(), doc} {
			signed, err := testSealer(f, name).Seal(unsigned, testSealedAt, testSealName, testSealReason)
			if err != nil {
				f.Fatal(err)
			}
			sealedByUs[sha256.Sum256(signed)] = true
			f.Add(signed)
		}
	}
	small, err := testSealer(f, "ECDSA P-256").Seal(minimalPDF(), testSealedAt, "", "")
	if err != nil {
		f.Fatal(err)
	}
	sealedByUs[sha256.Sum256(small)] = true
	f.Add(small)
	f.Add(small[:len(small)-30])
	f.Add(append(bytes.Clone(small), "1 0 obj\n<<>>\nendobj\n"...))
	f.Add(minimalPDF())
	f.Add([]byte("%PDF-1.4\n/ByteRange [0 1 2 3] /Contents <3000>\ntrailer <</Root 1 0 R>>\nstartxref\n0\n%%EOF"))

	certs := []*Sealer{testSealer(f, "RSA-2048"), testSealer(f, "ECDSA P-256")}
	f.Fuzz(func(t *testing.T, doc []byte) {
		v, err := Verify(doc)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Valid() && len(v.Problems) == 0 {
			t.Fatal("not valid, yet no problem named")
		}
		if !v.Valid() {
			return
		}
		for _, s := range certs {
			if v.SignedBy(s.Cert) && !sealedByUs[sha256.Sum256(doc)] {
				t.Fatalf("Verify accepts a changed file: %q", doc)
			}
		}
	})
}

// FuzzSeal feeds Seal mutations of small PDFs. Seal must never panic or
// hang, and whatever it seals must keep the input as its prefix and verify.
func FuzzSeal(f *testing.F) {
	f.Add(minimalPDF())
	f.Add(buildPDF(
		"<< /Type/Catalog % the catalog\n/Pages 2 0 R >>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Annots 5 0 R>>",
		lineStream,
		"[]",
	))
	sealer := testSealer(f, "ECDSA P-256")
	f.Fuzz(func(t *testing.T, doc []byte) {
		signed, err := sealer.Seal(doc, testSealedAt, "Clinic", "Reason")
		if err != nil {
			return
		}
		if !bytes.HasPrefix(signed, doc) {
			t.Fatal("the sealed file does not start with the input")
		}
		if v, err := Verify(signed); err != nil || !v.Valid() {
			t.Fatalf("a fresh seal does not verify: %v %q\n%q", err, v.Problems, doc)
		}
	})
}

// FuzzTimestampToken seals a small PDF with the fuzzer's bytes as the
// signature time-stamp token, bypassing SealContext's own check, and
// verifies it: the token parsing path of Verify. Verify must never panic
// or fail, and must never pass a signature whose time-stamp it found
// broken or over other data. The seeds in testdata/fuzz are real tokens
// of the test TSA and damaged ones.
func FuzzTimestampToken(f *testing.F) {
	sealer := shortLivedSealer(f, time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)) // not testSealer: no RSA key to make per worker
	doc := minimalPDF()
	f.Fuzz(func(t *testing.T, tok []byte) {
		if parsed, err := checkToken(tok); err == nil && (parsed.signer == nil || parsed.time.IsZero()) {
			t.Fatalf("a readable token without a signer or a time: %+v", parsed)
		}
		signed, err := sealer.seal(doc, testSealedAt, "", "", func([]byte) ([]byte, error) { return tok, nil })
		if err != nil {
			return // too large for its room
		}
		v, err := VerifyAt(signed, testVerifiedAt)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Valid() && len(v.Problems) == 0 {
			t.Fatal("not valid, yet no problem named")
		}
		if ts := v.Timestamp; ts != nil && (v.Indication == TotalPassed || v.Valid()) && !(ts.SignatureValid && ts.ImprintValid) {
			t.Fatalf("a broken time-stamp passes: %s %+v %q", v.Indication, ts, v.Problems)
		}
		if v.Level == "B-T" && v.Timestamp == nil {
			t.Fatal("B-T without a time-stamp")
		}
	})
}
