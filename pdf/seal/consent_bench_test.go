package seal

import (
	"bytes"
	"fmt"
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
	drawn := pdftest.PNG(b, 600, 200)
	// Names: the fixture's own for every document; a new name within the
	// common runes for each (as most patients' names are), which shares
	// the cached font cuts; a name with a letter beyond them for each, one
	// of 336 in turn, so that every document cuts its fonts afresh.
	same := func(int) string { return "" }
	common := func(i int) string { return fmt.Sprintf("Zoë Ødegård-%d", i) }
	beyond := func(i int) string { return string(rune(0x100+i%336)) + "ukasz" }
	for _, tc := range []struct {
		name  string
		drawn []byte
		given func(int) string
	}{
		{"drawn-600x200", drawn, same},
		{"typed", nil, same},
		{"drawn-600x200/new-name-each", drawn, common},
		{"drawn-600x200/rare-letter-each", drawn, beyond},
	} {
		b.Run(tc.name, func(b *testing.B) {
			r := pdftest.KindRecord(b, forms.KindKAPConsent)
			r.Signers[0].DrawnPNG = tc.drawn
			fixture := r.Patient.GivenName
			var buf bytes.Buffer
			pages := 0
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				r.Patient.GivenName = fixture + tc.given(i)
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
