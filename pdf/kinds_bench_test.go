package pdf_test

import (
	"io"
	"testing"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// BenchmarkRenderKind renders the record of every kind as the records
// pipeline builds it (pdftest.KindRecord), with a 600 × 200 drawn
// signature, and reports its pages; the consent is also rendered with
// the typed name alone. Sealing adds the same for every kind
// (pdf/seal's BenchmarkSeal).
func BenchmarkRenderKind(b *testing.B) {
	run := func(name string, r *pdf.Record) {
		b.Run(name, func(b *testing.B) {
			pages := 0
			b.ReportAllocs()
			for b.Loop() {
				n, err := pdf.Render(io.Discard, r)
				if err != nil {
					b.Fatal(err)
				}
				pages = n
			}
			b.ReportMetric(float64(pages), "pages")
		})
	}
	for _, kind := range pdftest.Kinds() {
		r := pdftest.KindRecord(b, kind)
		r.Signers[0].DrawnPNG = pdftest.PNG(b, 600, 200)
		run(kind, r)
	}
	run(forms.KindKAPConsent+"/typed", pdftest.KindRecord(b, forms.KindKAPConsent))
}
