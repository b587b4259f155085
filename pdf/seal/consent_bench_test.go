package seal

import (
	"bytes"
	"testing"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// BenchmarkConsentRenderAndSeal is DESIGN's render + seal budget (≤ 2 ms
// median, ≤ 2 MB allocated): the real KAP consent, as the records
// pipeline builds it from valid answers (pdftest.KindRecord), rendered and
// sealed with the development certificate's kind of key (ECDSA P-256), with
// a 600 × 200 drawn signature (what forms makes of a canvas signature: an
// opaque RGB PNG) and with the typed name alone. It reports the pages.
// bench/naivefpdf renders the same record with upstream fpdf for the
// ratio (scripts/bench-side-by-side).
func BenchmarkConsentRenderAndSeal(b *testing.B) {
	s := testSealer(b, "ECDSA P-256")
	for _, tc := range []struct {
		name  string
		drawn []byte
	}{{"drawn-600x200", pdftest.PNG(b, 600, 200)}, {"typed", nil}} {
		b.Run(tc.name, func(b *testing.B) {
			r := pdftest.KindRecord(b, forms.KindKAPConsent)
			r.Signers[0].DrawnPNG = tc.drawn
			var buf bytes.Buffer
			pages := 0
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				n, err := pdf.Render(&buf, r)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Seal(buf.Bytes(), r.ReceivedAt, testSealName, testSealReason); err != nil {
					b.Fatal(err)
				}
				pages = n
			}
			b.ReportMetric(float64(pages), "pages")
		})
	}
}
