package seal

import (
	"bytes"
	"fmt"
)

// buildPDF returns a small PDF, with a classic cross-reference table, whose
// object n is bodies[n-1]; object 1 is the catalog.
func buildPDF(bodies ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(bodies))
	for i, body := range bodies {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, body)
	}
	start := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(bodies)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(bodies)+1, start)
	return b.Bytes()
}

// A content stream drawing a line, and its dictionary.
const lineStream = "<</Length 16>>\nstream\n0 0 m 90 90 l S\nendstream"

// minimalPDF is a one-page PDF whose page already has a link annotation.
func minimalPDF() []byte {
	return buildPDF(
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Annots [5 0 R]>>",
		lineStream,
		"<</Type /Annot /Subtype /Link /Rect [10 10 50 50] /Border [0 0 0] /A <</S /URI /URI (https://example.org/)>>>>",
	)
}
