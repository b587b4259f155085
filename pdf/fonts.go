package pdf

import (
	_ "embed" // for the font files
	"strings"
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// fontFamily is the family name the renderer registers the fonts under.
const fontFamily = "DejaVuSans"

// The DejaVu Sans fonts, under the licence in fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVuSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuSansBold []byte
)

// repertoire lists the Unicode blocks the renderer draws: scripts written
// left to right without contextual shaping, which fpdf lays out correctly.
// Hebrew and Arabic, which DejaVu Sans has but fpdf would draw unjoined and
// in the wrong order, are left out on purpose.
var repertoire = [][2]rune{
	{0x0020, 0x007E}, // Basic Latin
	{0x00A0, 0x024F}, // Latin-1 Supplement, Latin Extended-A and -B
	{0x0250, 0x036F}, // IPA, spacing modifiers, combining diacritics
	{0x0370, 0x052F}, // Greek, Cyrillic, Cyrillic Supplement
	{0x0530, 0x058F}, // Armenian
	{0x10A0, 0x10FF}, // Georgian
	{0x1E00, 0x1FFF}, // Latin Extended Additional (Vietnamese), Greek Extended
	{0x2000, 0x218F}, // punctuation, super- and subscripts, currency, letterlike, number forms
	{0x2190, 0x22FF}, // arrows, mathematical operators
	{0x2C60, 0x2C7F}, // Latin Extended-C
	{0x2DE0, 0x2DFF}, // Cyrillic Extended-A
	{0xA640, 0xA69F}, // Cyrillic Extended-B
	{0xA720, 0xA7FF}, // Latin Extended-D
	{0xFB00, 0xFB06}, // Latin ligatures
	{0xFFFD, 0xFFFD}, // replacement character
}

// face is one embedded font, cut down to the repertoire, and the characters
// it has glyphs for.
type face struct {
	ttf      []byte
	coverage *coverage
}

// The faces are cut once per process. The vendored fpdf parses each face
// once per process too, keyed by the address of these bytes, so they must
// never change (internal/fpdf/PATCHES.md); and a font of the repertoire
// alone subsets faster than the whole of DejaVu Sans.
var (
	regularFace = sync.OnceValue(func() face { return cutFace(dejaVuSans) })
	boldFace    = sync.OnceValue(func() face { return cutFace(dejaVuSansBold) })
)

// cutFace returns the part of a TrueType font that covers the repertoire.
// Cutting is deterministic, so every process draws the same bytes.
func cutFace(ttf []byte) face {
	full, err := readCoverage(ttf)
	if err != nil {
		panic("pdf: embedded font: " + err.Error())
	}
	var keep strings.Builder
	for _, block := range repertoire {
		for c := block[0]; c <= block[1]; c++ {
			if full.has(c) {
				keep.WriteRune(c)
			}
		}
	}
	cut := fpdf.UTF8CutFont(ttf, keep.String())
	cv, err := readCoverage(cut)
	if err != nil {
		panic("pdf: cut embedded font: " + err.Error())
	}
	return face{ttf: cut, coverage: cv}
}

// commonRunes are kept in the regular subset of every document, drawn or
// not: Basic Latin and the punctuation the forms print. fpdf
// keeps each cut font for later documents with the same runes
// (third_party/fpdf/subsetcache.go), so every record whose text lies
// within this set shares one cut of each face instead of cutting and
// compressing its own (about a third of a render). Records with other
// letters, such as most names beyond English, are cut for their own runes
// and share a cut only with records of the same runes. Measured on the
// consent (64.4 KB unmarked): this set costs 2 KB; with the Latin-1
// letters too it cost 14 KB more, and marking the bold face as well 37 KB
// more. The bold face draws only the forms' own words, so its runes are
// the same for every record of a form and it shares a cut unmarked.
var commonRunes = func() string {
	var b strings.Builder
	for c := rune(0x20); c <= 0x7E; c++ {
		b.WriteRune(c)
	}
	b.WriteString("·–—‘’“”•…‹›")
	return b.String()
}()

// addFonts registers the regular and bold faces with f, with the common
// runes marked as used in the regular face.
func addFonts(f *fpdf.Fpdf) {
	f.AddUTF8FontFromBytes(fontFamily, "", regularFace().ttf)
	f.AddUTF8FontFromBytes(fontFamily, "B", boldFace().ttf)
	f.UseRunes(fontFamily, "", commonRunes)
}
