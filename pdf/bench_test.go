package pdf

import (
	"io"
	"testing"
)

// BenchmarkRender renders a realistic four-page consent with a drawn
// signature, the unit of DESIGN's render+sign budget.
func BenchmarkRender(b *testing.B) {
	r := testRecord(b)
	r.Signers[0].DrawnPNG = testPNG(b, 600, 200)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
