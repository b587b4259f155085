package seal

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/consentry/consentry/pdf/internal/pdftest"
)

func TestVerifyUnsealedInput(t *testing.T) {
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	tests := []struct {
		name string
		doc  []byte
	}{
		{"rendered but never sealed", doc},
		{"empty", nil},
		{"not a PDF", []byte("%PDF? no: a plain text file\n")},
		{"a /ByteRange in plain text", []byte("/ByteRange [0 10 20 30] /Contents <00>\n%%EOF\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Verify(tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			if v.Valid() || v.SignatureValid || v.CoversWholeFile || len(v.Problems) == 0 {
				t.Errorf("Verify: %+v", v)
			}
		})
	}
	v, _ := Verify(doc)
	if v.Signed || !slices.Equal(v.Problems, []string{"no signature found"}) {
		t.Errorf("an unsealed record: signed %v, problems %q", v.Signed, v.Problems)
	}
}

func TestVerifyKeepsTheSignedRevision(t *testing.T) {
	_, signed := sealed(t, "ECDSA P-256")
	v, err := Verify(forgedUpdate(t, signed))
	if err != nil {
		t.Fatal(err)
	}
	if !v.SignatureValid || v.CoversWholeFile || !v.Appended || v.Valid() {
		t.Errorf("valid signature %v, whole file %v, appended %v", v.SignatureValid, v.CoversWholeFile, v.Appended)
	}
	if !bytes.Equal(v.SignedRevision, signed) {
		t.Error("the signed revision is not the sealed file")
	}
}

func TestVerifyCatchesChangedPadding(t *testing.T) {
	// pdfsig accepts this change; Verify must not.
	_, signed := sealed(t, "ECDSA P-256")
	tests := []struct {
		name   string
		change func([]byte) []byte
	}{
		{"padding digit", func(d []byte) []byte { d[bytes.LastIndex(d, []byte("0>"))] = '1'; return d }},
		{"upper-case hex", func(d []byte) []byte {
			i := contentsStart(t, d)
			copy(d[i:], bytes.ToUpper(d[i:i+64]))
			return d
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changed := tt.change(bytes.Clone(signed))
			if bytes.Equal(changed, signed) {
				t.Fatal("the change changed nothing")
			}
			v, err := Verify(changed)
			if err != nil {
				t.Fatal(err)
			}
			if v.Valid() || !slices.Contains(v.Problems, "the signature value was altered") {
				t.Errorf("Verify: problems %q", v.Problems)
			}
		})
	}
}

func TestVerifyNamesTheSigner(t *testing.T) {
	_, signed := sealed(t, "ECDSA P-256")
	v, err := Verify(signed)
	if err != nil {
		t.Fatal(err)
	}
	if !v.SignedBy(testSealer(t, "ECDSA P-256").Cert) || v.SignedBy(testSealer(t, "RSA-2048").Cert) || v.SignedBy(nil) {
		t.Error("SignedBy does not tell the signer from another certificate")
	}
}

func TestVerifyFlagsASecondSignatureField(t *testing.T) {
	// An update adds a second field sharing the seal's signature value.
	_, signed := sealed(t, "ECDSA P-256")
	x, err := readXref(signed)
	if err != nil {
		t.Fatal(err)
	}
	catRef, cat, err := x.catalog()
	if err != nil {
		t.Fatal(err)
	}
	size, err := trailerSize(x)
	if err != nil {
		t.Fatal(err)
	}
	v := bytes.Index(signed, []byte("/T (Consentry seal) /V ")) + len("/T (Consentry seal) /V ")
	value, err := parseObject(signed, v)
	if err != nil || value.kind != kindRef {
		t.Fatalf("no signature value reference: %v", err)
	}
	u := newUpdate(signed, 1024)
	u.begin(catRef)
	if err := u.dictWithout(signed, cat, "AcroForm"); err != nil {
		t.Fatal(err)
	}
	u.str("/AcroForm <</Fields [")
	u.ref(ref{size - 1, 0})
	u.ref(ref{size, 0})
	u.str("] /SigFlags 3>>>>")
	u.end()
	u.begin(ref{size, 0})
	u.str("<</FT /Sig /T (Second) /V ")
	u.out = append(u.out, signed[value.start:value.end]...)
	u.str(">>")
	u.end()
	if err := u.finish(x, size+1); err != nil {
		t.Fatal(err)
	}
	got, err := Verify(u.out)
	if err != nil {
		t.Fatal(err)
	}
	if got.Valid() || !slices.Contains(got.Problems, "the file holds 2 signatures where a seal has one; the last was checked") {
		t.Errorf("Verify: problems %q", got.Problems)
	}
}

func TestVerifyBoundsItsWork(t *testing.T) {
	// Every field names one large object: reading it for each would be
	// slow, so Verify gives up on the structure.
	fields := bytes.Repeat([]byte("3 0 R "), maxFields)
	doc := buildPDF(
		"<</Type /Catalog /Pages 2 0 R /AcroForm <</Fields ["+string(fields)+"]>>>>",
		"<</Type /Pages /Kids [] /Count 0>>",
		"<</FT /Tx /Junk ["+strings.Repeat("0 ", 1<<16)+"]>>",
	)
	v, err := Verify(doc)
	if err != nil {
		t.Fatal(err)
	}
	if v.Signed || !slices.Contains(v.Problems, "no signature found") {
		t.Errorf("Verify: %q", v.Problems)
	}
	_, damage := findSignature(doc)
	if damage == nil || !strings.Contains(damage.Error(), "too complex") {
		t.Errorf("findSignature: %v", damage)
	}
}

func TestVerifyLegacySeal(t *testing.T) {
	// testdata/legacy-adbe-pkcs7.pdf was sealed by Consentry before PAdES:
	// SubFilter adbe.pkcs7.detached with a CMS signing-time attribute.
	doc, err := os.ReadFile("testdata/legacy-adbe-pkcs7.pdf")
	if err != nil {
		t.Fatal(err)
	}
	v, err := Verify(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid() || !v.SigningTime.Equal(testSealedAt) || v.Name != "Clinic (legacy)" {
		t.Errorf("Verify: valid %v, signing time %v, name %q, problems %q", v.Valid(), v.SigningTime, v.Name, v.Problems)
	}
}
