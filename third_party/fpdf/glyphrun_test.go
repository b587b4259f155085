package fpdf

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestGlyphRun draws a glyph run and checks the codes, the ToUnicode CMap
// and the /ActualText span it writes, and that a document without glyph
// runs is unchanged by the patch.
func TestGlyphRun(t *testing.T) {
	ttf, err := os.ReadFile("../../pdf/fonts/DejaVuSans.ttf")
	if err != nil {
		t.Skip(err)
	}
	doc := func(run bool) []byte {
		f := New("P", "mm", "A4", "")
		f.SetCompression(false)
		f.SetCatalogSort(true)
		f.AddUTF8FontFromBytes("dv", "", ttf)
		f.AddPage()
		f.SetFont("dv", "", 12)
		f.Text(10, 10, "plain")
		if run {
			// Glyph 36 is "A" in DejaVu Sans; the second glyph carries
			// no text of its own.
			f.GlyphRun(10, 20, []Glyph{{ID: 36, Text: "fi", Width: 600}, {ID: 37, X: 5, Width: 0}}, "fi")
		}
		var b bytes.Buffer
		if err := f.Output(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	plain, with := doc(false), doc(true)
	if bytes.Contains(plain, []byte("ActualText")) || bytes.Contains(plain, []byte("+utf8dv")) {
		t.Error("a document without glyph runs changed")
	}
	s := string(with)
	for _, want := range []string{"<E000> Tj", "<E001> Tj", "/Span <</ActualText <FEFF00660069>>> BDC",
		"<E000> <00660069>", "<0000> <DFFF> <0000>", "+utf8dv"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in the document", want)
		}
	}
	if strings.Contains(s, "<E001> <") {
		t.Error("a glyph without text is mapped in the ToUnicode CMap")
	}
	if !bytes.Equal(with, doc(true)) {
		t.Error("two documents with the same glyph run differ")
	}
}
