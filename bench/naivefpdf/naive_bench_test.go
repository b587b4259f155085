package naivefpdf

import (
	"bytes"
	"testing"

	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/seal"
)

// BenchmarkConsentRenderAndSeal is pdf/seal's benchmark of the same name
// with upstream fpdf: the real consent rendered and sealed (ECDSA P-256),
// with a 600 × 200 drawn signature and with the typed name alone.
func BenchmarkConsentRenderAndSeal(b *testing.B) {
	s, _, err := seal.DevelopmentSealer(b.TempDir(), "Clínica Serenidad")
	if err != nil {
		b.Fatal(err)
	}
	drawn, err := SignaturePNG(600, 200)
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		drawn []byte
	}{{"drawn-600x200", drawn}, {"typed", nil}} {
		b.Run(tc.name, func(b *testing.B) {
			r, err := consentRecord(tc.drawn)
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			pages := 0
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				n, err := pdf.Render(&buf, r)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Seal(buf.Bytes(), r.ReceivedAt, r.ClinicName, "Record "+r.ID+" as received"); err != nil {
					b.Fatal(err)
				}
				pages = n
			}
			b.ReportMetric(float64(pages), "pages")
		})
	}
}

// TestRendersTheConsent: the record renders to the consent's pages with
// upstream fpdf.
func TestRendersTheConsent(t *testing.T) {
	r, err := consentRecord(nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	pages, err := pdf.Render(&buf, r)
	if err != nil || pages < 5 {
		t.Fatalf("%d pages, %v", pages, err)
	}
}
