package fpdf

// Patched for Consentry: this file is new. It lets a caller that shapes
// text itself (joining Arabic letters, reordering Devanagari, placing
// marks) draw the shaped glyphs of a UTF-8 font by glyph index, which
// Text, Cell and Write cannot: they map each rune to one glyph through the
// font's cmap, and a shaped glyph often has no rune of its own.
//
// A drawn glyph gets a character code (CID) of its own, taken from the
// Private Use Area that the fonts' text never uses (U+E000 to U+F8FF): the
// CIDToGIDMap maps it to the glyph, the /W array gives its advance, the
// subset keeps the glyph, and the ToUnicode CMap maps it to the characters
// the glyph stands for. A run is also marked with /ActualText, the whole
// text it shows in logical order, which text extraction prefers. A font
// no glyph run used is written exactly as before.

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
)

// Glyph is one glyph of a run the caller shaped.
type Glyph struct {
	// ID is the glyph's index in the font given to AddUTF8FontFromBytes.
	ID int
	// Text is the characters the glyph shows, in logical order, for the
	// ToUnicode CMap; "" for a glyph that shows part of a cluster whose
	// characters another glyph of the run carries.
	Text string
	// X and Y place the glyph's origin relative to the run's origin, in
	// user units; Y grows upwards, as in the font.
	X, Y float64
	// Width is the glyph's advance in thousandths of the font size, for
	// the font's /W widths array.
	Width int
}

// glyphKey is a glyph and the text it stands for: the same glyph standing
// for other text gets another code.
type glyphKey struct {
	id   int
	text string
}

// glyphCodes are the codes given to the glyphs drawn in one font.
type glyphCodes struct {
	codes map[glyphKey]int
	gids  map[int]int // code -> glyph index
	width map[int]int // code -> advance, 65535 for zero (as in Cw)
	text  map[int]string
	next  int
}

const (
	glyphCodeFirst = 0xE000
	glyphCodeLast  = 0xF8FF
)

// code returns the code for g in font, giving it one if it has none.
func (gc *glyphCodes) code(g Glyph, font *fontDefType) (int, bool) {
	k := glyphKey{g.ID, g.Text}
	if c, ok := gc.codes[k]; ok {
		return c, true
	}
	for gc.next <= glyphCodeLast && (font.Cw[gc.next] != 0 || font.usedRunes[gc.next] != 0) {
		gc.next++ // a code the font's own characters use
	}
	if gc.next > glyphCodeLast {
		return 0, false
	}
	c := gc.next
	gc.next++
	gc.codes[k] = c
	gc.gids[c] = g.ID
	w := g.Width
	if w <= 0 {
		w = 65535
	}
	gc.width[c] = w
	if g.Text != "" {
		gc.text[c] = g.Text
	}
	font.usedRunes[c] = c
	return c, true
}

// GlyphRun draws glyphs of the current font, which must be a UTF-8 font,
// with the run's origin at (x, y) on the baseline, in user units. The run
// is marked as standing for actualText, the characters it shows in
// logical order, unless actualText is empty.
func (f *Fpdf) GlyphRun(x, y float64, glyphs []Glyph, actualText string) {
	if f.err != nil {
		return
	}
	if !f.isCurrentUTF8 {
		f.err = fmt.Errorf("glyph run needs a UTF-8 font")
		return
	}
	if f.glyphCodes == nil {
		f.glyphCodes = make(map[string]*glyphCodes)
	}
	gc := f.glyphCodes[f.currentFont.Name]
	if gc == nil {
		gc = &glyphCodes{codes: map[glyphKey]int{}, gids: map[int]int{}, width: map[int]int{},
			text: map[int]string{}, next: glyphCodeFirst}
		f.glyphCodes[f.currentFont.Name] = gc
	}
	var s fmtBuffer
	// The span starts inside the text object at the run's origin, where
	// an extractor starts laying out the span's text.
	s.printf("BT 1 0 0 1 %.3f %.3f Tm", x*f.k, (f.h-y)*f.k)
	if actualText != "" {
		s.printf(" /Span <</ActualText <%s>>> BDC", utf16Hex(actualText, true))
	}
	for _, g := range glyphs {
		c, ok := gc.code(g, &f.currentFont)
		if !ok {
			f.err = fmt.Errorf("glyph run: more than %d glyphs in font %s", glyphCodeLast-glyphCodeFirst+1, f.currentFont.Name)
			return
		}
		s.printf(" 1 0 0 1 %.3f %.3f Tm <%04X> Tj", (x+g.X)*f.k, (f.h-y+g.Y)*f.k, c)
	}
	if actualText != "" {
		s.printf(" EMC")
	}
	s.printf(" ET")
	out := s.String()
	if f.colorFlag {
		out = sprintf("q %s %s Q", f.color.text.str, out)
	}
	f.out(out)
}

// utf16Hex is s in UTF-16BE as hex digits, with a byte order mark if bom.
func utf16Hex(s string, bom bool) string {
	var b strings.Builder
	if bom {
		b.WriteString("FEFF")
	}
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}

// glyphRunGIDs returns the glyph runs' codes of the font named name, with
// their glyph indexes, or nil if no run used the font.
func (f *Fpdf) glyphRunGIDs(name string) map[int]int {
	if gc := f.glyphCodes[name]; gc != nil {
		return gc.gids
	}
	return nil
}

// glyphRunWidth returns the advance of a glyph run's code in the font
// named name.
func (f *Fpdf) glyphRunWidth(name string, cid int) (int, bool) {
	if gc := f.glyphCodes[name]; gc != nil {
		w, ok := gc.width[cid]
		return w, ok
	}
	return 0, false
}

// glyphRunToUnicode returns the ToUnicode CMap of the font named name: the
// identity CMap every UTF-8 font gets, unless glyph runs used the font;
// then the Private Use Area is left out of the identity ranges and each
// glyph code maps to the characters its glyph stands for.
func (f *Fpdf) glyphRunToUnicode(name string) string {
	gc := f.glyphCodes[name]
	if gc == nil {
		return toUnicode
	}
	codes := make([]int, 0, len(gc.text))
	for c := range gc.text {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	b.WriteString("2 beginbfrange\n<0000> <DFFF> <0000>\n<F900> <FFFF> <F900>\nendbfrange\n")
	for len(codes) > 0 {
		n := min(len(codes), 100) // at most 100 mappings a block
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, c := range codes[:n] {
			fmt.Fprintf(&b, "<%04X> <%s>\n", c, utf16Hex(gc.text[c], false))
		}
		b.WriteString("endbfchar\n")
		codes = codes[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.String()
}

// glyphRunSubsetName returns name with the six-letter subset tag PDF
// gives an embedded subset font ("ABCDEF+name"), made from the codes the
// document uses, when the document draws glyph runs; otherwise name as it
// is, as upstream writes it.
func (f *Fpdf) glyphRunSubsetName(name string, usedRunes map[int]int) string {
	if f.glyphCodes == nil {
		return name
	}
	codes := make([]int, 0, len(usedRunes))
	for c := range usedRunes {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	h := sha256.New()
	h.Write([]byte(name))
	var b [4]byte
	for _, c := range codes {
		binary.BigEndian.PutUint32(b[:], uint32(c))
		h.Write(b[:])
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag) + "+" + name
}
