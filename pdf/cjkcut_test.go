package pdf

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// TestCJKCut checks the shipped cut of Droid Sans Fallback. With
// CONSENTRY_CJK_FONT naming DroidSansFallback.ttf (Debian's
// fonts-droid-fallback has it in /usr/share/fonts-droid-fallback/truetype/;
// its DroidSansFallbackFull.ttf lacks the Hangul syllables) it
// makes fonts/DroidSansFallback-CJK.ttf again from it: the characters of
// cjkBlocks that the font has, cut by fpdf as the DejaVu faces are.
func TestCJKCut(t *testing.T) {
	if src := os.Getenv("CONSENTRY_CJK_FONT"); src != "" {
		full, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		cv, err := readCoverage(full)
		if err != nil {
			t.Fatal(err)
		}
		var keep strings.Builder
		for _, b := range cjkBlocks {
			for c := b[0]; c <= b[1]; c++ {
				if cv.has(c) {
					keep.WriteRune(c)
				}
			}
		}
		cut := fpdf.UTF8CutFont(full, keep.String())
		if !bytes.Equal(cut, droidCJK) {
			if err := os.WriteFile("fonts/DroidSansFallback-CJK.ttf", cut, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote fonts/DroidSansFallback-CJK.ttf (%d bytes); build again to embed it", len(cut))
		}
	}
	cv, err := readCoverage(droidCJK)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range "王芳张伟李娜김민준이서연ひらがなカタカナ、。〇" {
		if !cv.has(c) {
			t.Errorf("the CJK font lacks %q (U+%04X)", c, c)
		}
	}
	for _, c := range "AzДא" {
		if cv.has(c) {
			t.Errorf("the CJK font has %q (U+%04X), which is outside its blocks", c, c)
		}
	}
}
