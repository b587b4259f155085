package seal

import (
	"bytes"
	encasn1 "encoding/asn1"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"github.com/consentry/consentry/pdf/internal/pdftest"
)

func TestSealPassesReferees(t *testing.T) {
	for _, name := range testSealerNames {
		t.Run(name, func(t *testing.T) {
			doc, signed := sealed(t, name)
			if !bytes.HasPrefix(signed, doc) {
				t.Fatal("the sealed file does not start with the rendered bytes")
			}
			if out := pdfsig(t, signed); !pdfsigAccepts(out) || !strings.Contains(out, "Signature Field Name: "+sealFieldName) ||
				!strings.Contains(out, "Signature Type: ETSI.CAdES.detached") {
				t.Errorf("pdfsig does not accept the seal:\n%s", out)
			}
			if out := pdftest.RunTool(t, signed, "qpdf", "--check", "{pdf}"); !strings.Contains(out, "No syntax or stream encoding errors found") {
				t.Errorf("qpdf --check:\n%s", out)
			}
			want := pdftest.RunTool(t, doc, "pdftotext", "-enc", "UTF-8", "{pdf}", "-")
			got := pdftest.RunTool(t, signed, "pdftotext", "-enc", "UTF-8", "{pdf}", "-")
			if got != want || !strings.Contains(got, pdftest.NameVietnamese) {
				t.Errorf("pdftotext extracts other text from the sealed file:\n%s", got)
			}
		})
	}
}

func TestSealVerifies(t *testing.T) {
	for _, name := range testSealerNames {
		t.Run(name, func(t *testing.T) {
			_, signed := sealed(t, name)
			v, err := Verify(signed)
			if err != nil {
				t.Fatal(err)
			}
			sealer := testSealer(t, name)
			switch {
			case !v.Valid() || !v.Signed || !v.SignatureValid || !v.CoversWholeFile || v.Appended:
				t.Errorf("Verify: %+v", v.Problems)
			case !v.SignedBy(sealer.Cert):
				t.Errorf("signer %q, want %q", v.Signer.Subject, sealer.Cert.Subject)
			case !v.SigningTime.Equal(testSealedAt):
				t.Errorf("signing time %v, want %v", v.SigningTime, testSealedAt)
			case v.Name != testSealName || v.Reason != testSealReason:
				t.Errorf("name %q, reason %q", v.Name, v.Reason)
			case !bytes.Equal(v.SignedRevision, signed):
				t.Error("the signed revision is not the whole file")
			case len(v.Certificates) != 1+len(sealer.Chain):
				t.Errorf("%d certificates embedded, want %d", len(v.Certificates), 1+len(sealer.Chain))
			}
		})
	}
}

func TestSealIsDeterministicWithRSA(t *testing.T) {
	_, first := sealed(t, "RSA-2048")
	_, second := sealed(t, "RSA-2048")
	if !bytes.Equal(first, second) {
		t.Fatal("two RSA seals of the same record at the same time differ")
	}
}

func TestSealAddsAnInvisibleSignatureField(t *testing.T) {
	doc, signed := sealed(t, "ECDSA P-256")
	before, after := qpdfObjects(t, doc), qpdfObjects(t, signed)
	root := qpdfDict(t, after, "trailer")["/Root"].(string)
	catalog := qpdfDict(t, after, root)
	form, _ := catalog["/AcroForm"].(map[string]any)
	fields, _ := form["/Fields"].([]any)
	if form["/SigFlags"] != float64(3) || len(fields) != 1 {
		t.Fatalf("catalog /AcroForm = %v", form)
	}
	widget := qpdfDict(t, after, fields[0].(string))
	sig := qpdfDict(t, after, widget["/V"].(string))
	page := qpdfDict(t, after, widget["/P"].(string))
	for key, want := range map[string]any{"/FT": "/Sig", "/F": float64(132), "/Subtype": "/Widget"} {
		if widget[key] != want {
			t.Errorf("widget %s = %v, want %v", key, widget[key], want)
		}
	}
	if rect, _ := widget["/Rect"].([]any); len(rect) != 4 || rect[0] != float64(0) || rect[2] != float64(0) || rect[3] != float64(0) {
		t.Errorf("widget /Rect = %v, want [0 0 0 0]", widget["/Rect"])
	}
	for key, want := range map[string]any{"/Type": "/Sig", "/Filter": "/Adobe.PPKLite", "/SubFilter": "/ETSI.CAdES.detached", "/M": "u:D:20261114170310Z"} {
		if sig[key] != want {
			t.Errorf("signature %s = %v, want %v", key, sig[key], want)
		}
	}
	if annots, _ := page["/Annots"].([]any); len(annots) != 1 || annots[0] != fields[0] {
		t.Errorf("page /Annots = %v", page["/Annots"])
	}
	for key, val := range qpdfDict(t, before, widget["/P"].(string)) {
		if !reflect.DeepEqual(page[key], val) {
			t.Errorf("page %s changed from %v to %v", key, val, page[key])
		}
	}
}

func TestSealOtherPDFs(t *testing.T) {
	tests := []struct {
		name   string
		doc    []byte
		annots int // on the first page, after sealing
	}{
		{"existing link annotation", minimalPDF(), 2},
		{"indirect annotations array and nested page tree", buildPDF(
			"<</Type /Catalog /Pages 2 0 R /PageMode /UseNone>>",
			"<</Type /Pages /Kids [3 0 R] /Count 1>>",
			"<</Type /Pages /Parent 2 0 R /Kids [4 0 R] /Count 1>>",
			"<</Type /Page /Parent 3 0 R /MediaBox [0 0 200 200] /Contents 5 0 R /Annots 6 0 R>>",
			lineStream,
			"[7 0 R]",
			"<</Type /Annot /Subtype /Text /Rect [10 10 20 20] /Contents (a note \\(with parentheses\\))>>",
		), 2},
		{"comments and odd spacing", buildPDF(
			"<< /Type/Catalog % the catalog\n/Pages 2 0 R >>",
			"<</Type/Pages/Kids[3 0 R]/Count 1>>",
			"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Rotate 0>>",
			lineStream,
		), 1},
	}
	sealer := testSealer(t, "ECDSA P-256")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signed, err := sealer.Seal(tt.doc, testSealedAt, "", "")
			if err != nil {
				t.Fatal(err)
			}
			if out := pdfsig(t, signed); !pdfsigAccepts(out) {
				t.Errorf("pdfsig:\n%s", out)
			}
			if out := pdftest.RunTool(t, signed, "qpdf", "--check", "{pdf}"); !strings.Contains(out, "No syntax or stream encoding errors found") {
				t.Errorf("qpdf --check:\n%s", out)
			}
			if v, _ := Verify(signed); !v.Valid() {
				t.Errorf("Verify: %v", v.Problems)
			}
			first := qpdfDict(t, qpdfObjects(t, signed), qpdfFirstPage(t, signed))
			if annots, _ := first["/Annots"].([]any); len(annots) != tt.annots {
				t.Errorf("first page has %d annotations, want %d", len(annots), tt.annots)
			}
		})
	}
}

func TestSealSignsOnlyTheBaselineAttributes(t *testing.T) {
	// PAdES B-B: content-type, message-digest and signing-certificate-v2
	// are signed; the signing time is only in /M, never in the CMS.
	for _, name := range testSealerNames {
		t.Run(name, func(t *testing.T) {
			_, signed := sealed(t, name)
			sig, damage := findSignature(signed)
			if sig == nil || damage != nil {
				t.Fatalf("no signature: %v", damage)
			}
			m, _, err := parseSignedData(decodeHex(signed[sig.contents.start+1 : sig.contents.end-1]))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			attrs := cryptobyte.String(asn1Body(m.signedAttrs))
			for !attrs.Empty() {
				var attr cryptobyte.String
				var oid encasn1.ObjectIdentifier
				if !attrs.ReadASN1(&attr, asn1.SEQUENCE) || !attr.ReadASN1ObjectIdentifier(&oid) {
					t.Fatal("unreadable signed attribute")
				}
				got = append(got, oid.String())
			}
			want := []string{oidAttrContentType.String(), oidAttrMessageDigest.String(), oidAttrSigningCertV2.String()}
			if !slices.Equal(got, want) {
				t.Errorf("signed attributes %v, want %v", got, want)
			}
			if !m.signingTime.IsZero() || !sig.signedAt.Equal(testSealedAt) || sig.subFilter != "ETSI.CAdES.detached" {
				t.Errorf("CMS signing time %v, /M %v, /SubFilter %q", m.signingTime, sig.signedAt, sig.subFilter)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]time.Time{
		"D:20261114170310Z":       testSealedAt,
		"D:20261114180310+01'00'": testSealedAt,
		"D:20261114120310-05'00":  testSealedAt,
		"20261114170310":          testSealedAt,
		"D:2026":                  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		"D:20260230000000Z":       {},
		"D:2026111417031":         {},
		"D:20261114170310X":       {},
		"":                        {},
		"D:20261114170310+1":      {},
	} {
		if got := parseDate(in); !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, want %v", in, got, want)
		}
	}
}
