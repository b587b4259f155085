package pdf

import (
	_ "embed" // for the font files
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// The fonts of the scripts DejaVu Sans does not draw here: Noto Sans (SIL
// Open Font License 1.1, fonts/LICENSE-Noto) for
// Arabic, Hebrew, Devanagari and Thai, whole, because their shaping tables
// are needed; and Droid Sans Fallback (Apache License 2.0) for Chinese,
// Japanese and Korean (Apache License 2.0, fonts/LICENSE-Droid), cut to
// those scripts (TestCJKCut in cjkcut_test.go
// makes the cut).
var (
	//go:embed fonts/NotoSansArabic-Regular.ttf
	notoArabic []byte
	//go:embed fonts/NotoSansArabic-Bold.ttf
	notoArabicBold []byte
	//go:embed fonts/NotoSansHebrew-Regular.ttf
	notoHebrew []byte
	//go:embed fonts/NotoSansHebrew-Bold.ttf
	notoHebrewBold []byte
	//go:embed fonts/NotoSansDevanagari-Regular.ttf
	notoDevanagari []byte
	//go:embed fonts/NotoSansDevanagari-Bold.ttf
	notoDevanagariBold []byte
	//go:embed fonts/NotoSansThai-Regular.ttf
	notoThai []byte
	//go:embed fonts/NotoSansThai-Bold.ttf
	notoThaiBold []byte
	//go:embed fonts/DroidSansFallback-CJK.ttf
	droidCJK []byte
)

// A script is one writing system drawn in a font of its own, and the
// Unicode blocks it draws from that font.
type script struct {
	name          string
	family        string
	regular, bold []byte // bold is nil for a font without a bold face
	blocks        [][2]rune
}

// scripts are the writing systems drawn beyond DejaVu Sans's repertoire,
// in the order a character is looked for in their fonts.
var scripts = []script{
	{"Arabic", "NotoSansArabic", notoArabic, notoArabicBold, [][2]rune{
		{0x0600, 0x06FF}, // Arabic
		{0x0750, 0x077F}, // Arabic Supplement
		{0x08A0, 0x08FF}, // Arabic Extended-A
		{0xFB50, 0xFDFF}, // Arabic Presentation Forms-A
		{0xFE70, 0xFEFF}, // Arabic Presentation Forms-B
	}},
	{"Hebrew", "NotoSansHebrew", notoHebrew, notoHebrewBold, [][2]rune{
		{0x0590, 0x05FF}, // Hebrew
		{0xFB1D, 0xFB4F}, // Hebrew presentation forms
	}},
	{"Devanagari", "NotoSansDevanagari", notoDevanagari, notoDevanagariBold, [][2]rune{
		{0x0900, 0x097F}, // Devanagari
		{0xA8E0, 0xA8FF}, // Devanagari Extended
		{0x1CD0, 0x1CFF}, // Vedic Extensions
	}},
	{"Thai", "NotoSansThai", notoThai, notoThaiBold, [][2]rune{
		{0x0E00, 0x0E7F}, // Thai
	}},
	{"CJK", "DroidSansFallback", droidCJK, nil, cjkBlocks},
}

// cjkBlocks are the blocks of Chinese, Japanese and Korean that the cut of
// Droid Sans Fallback keeps.
var cjkBlocks = [][2]rune{
	{0x1100, 0x11FF}, // Hangul Jamo
	{0x2E80, 0x2FDF}, // CJK Radicals Supplement, Kangxi Radicals
	{0x3000, 0x303F}, // CJK Symbols and Punctuation
	{0x3040, 0x30FF}, // Hiragana, Katakana
	{0x3100, 0x312F}, // Bopomofo
	{0x3130, 0x318F}, // Hangul Compatibility Jamo
	{0x31A0, 0x31BF}, // Bopomofo Extended
	{0x31F0, 0x31FF}, // Katakana Phonetic Extensions
	{0x3200, 0x33FF}, // Enclosed CJK Letters and Months, CJK Compatibility
	{0x3400, 0x4DBF}, // CJK Unified Ideographs Extension A
	{0x4E00, 0x9FFF}, // CJK Unified Ideographs
	{0xA960, 0xA97F}, // Hangul Jamo Extended-A
	{0xAC00, 0xD7AF}, // Hangul Syllables
	{0xD7B0, 0xD7FF}, // Hangul Jamo Extended-B
	{0xF900, 0xFAFF}, // CJK Compatibility Ideographs
	{0xFE30, 0xFE4F}, // CJK Compatibility Forms
	{0xFF00, 0xFFEF}, // Halfwidth and Fullwidth Forms
}

// A typeface is one font the renderer draws with: a face of DejaVu Sans
// or of a script's font. Its coverage and its shaping font are read the
// first time a record needs them.
type typeface struct {
	family, style string
	ttf           func() []byte
	blocks        [][2]rune // nil: every character the font has

	once     sync.Once
	coverage *coverage
}

// cover returns the characters the typeface draws.
func (t *typeface) cover() *coverage {
	t.once.Do(func() {
		full, err := readCoverage(t.ttf())
		if err != nil {
			panic("pdf: embedded font " + t.family + ": " + err.Error())
		}
		if t.blocks == nil {
			t.coverage = full
			return
		}
		t.coverage = new(coverage)
		for _, b := range t.blocks {
			for c := b[0]; c <= b[1]; c++ {
				if full.has(c) {
					t.coverage[c/64] |= 1 << (c % 64)
				}
			}
		}
	})
	return t.coverage
}

// register adds the typeface to f; fpdf ignores a font it has already.
// A document gets a script's font only when it draws the script.
func (t *typeface) register(f *fpdf.Fpdf) {
	f.AddUTF8FontFromBytes(t.family, t.style, t.ttf())
}

// The typefaces, regular and bold: DejaVu Sans first, then the scripts'.
var (
	dejaVuRegular = &typeface{family: fontFamily, ttf: func() []byte { return regularFace().ttf }}
	dejaVuBold    = &typeface{family: fontFamily, style: "B", ttf: func() []byte { return boldFace().ttf }}
	typefaces     = sync.OnceValue(func() (tf [2][]*typeface) {
		tf[0] = []*typeface{dejaVuRegular}
		tf[1] = []*typeface{dejaVuBold}
		for _, s := range scripts {
			regular := &typeface{family: s.family, ttf: func() []byte { return s.regular }, blocks: s.blocks}
			bold := regular
			if s.bold != nil {
				bold = &typeface{family: s.family, style: "B", ttf: func() []byte { return s.bold }, blocks: s.blocks}
			}
			tf[0] = append(tf[0], regular)
			tf[1] = append(tf[1], bold)
		}
		return tf
	})
)

// faces returns the typefaces of the regular or the bold style, in the
// order a character is looked for in them.
func faces(bold bool) []*typeface {
	if bold {
		return typefaces()[1]
	}
	return typefaces()[0]
}

// drawable reports whether some typeface of the style draws c.
func drawable(c rune, bold bool) bool {
	for _, t := range faces(bold) {
		if t.cover().has(c) {
			return true
		}
	}
	return false
}
