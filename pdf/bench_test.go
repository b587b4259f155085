package pdf_test

import (
	"io"
	"testing"

	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// BenchmarkRender renders a realistic four-page consent with a drawn
// signature, the unit of DESIGN's render+sign budget.
func BenchmarkRender(b *testing.B) {
	r := pdftest.Record(b)
	r.Signers[0].DrawnPNG = pdftest.PNG(b, 600, 200)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pdf.Render(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
