package pdf

import (
	"io"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

func cutset() string {
	var rs []rune
	ranges := [][2]rune{{0x20, 0x7E}, {0xA0, 0x24F}, {0x300, 0x36F}, {0x370, 0x52F}, {0x1E00, 0x1EFF}, {0x2000, 0x206F}, {0x20A0, 0x20CF}}
	for _, r := range ranges {
		for c := r[0]; c <= r[1]; c++ {
			if regularFace().coverage.has(c) {
				rs = append(rs, c)
			}
		}
	}
	return string(rs)
}

func benchFont(b *testing.B, ttf []byte, text string) {
	b.ReportAllocs()
	for b.Loop() {
		f := fpdf.New("P", "mm", "Letter", "")
		f.AddUTF8FontFromBytes("x", "", ttf)
		f.AddPage()
		f.SetFont("x", "", 10)
		f.Cell(0, 5, text)
		if err := f.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFontFull(b *testing.B) { benchFont(b, dejaVuSans, testParagraph+nameVietnamese) }
func BenchmarkFontCut(b *testing.B) {
	cut := fpdf.UTF8CutFont(dejaVuSans, cutset())
	b.Logf("cut size %d, runes %d", len(cut), len([]rune(cutset())))
	benchFont(b, cut, testParagraph+nameVietnamese)
}
func BenchmarkNoFont(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		f := fpdf.New("P", "mm", "Letter", "")
		f.AddPage()
		f.SetFont("Helvetica", "", 10)
		f.Cell(0, 5, testParagraph)
		if err := f.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
