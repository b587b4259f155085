package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

// The drawing primitives below take text of any script the fonts cover.
// Text plainText accepts goes straight to fpdf, exactly as before; other
// text is shaped line by line and drawn glyph by glyph.

// isBold reports whether f's current font is a bold face.
func isBold(f *fpdf.Fpdf) bool { return strings.Contains(f.GetFontStyle(), "B") }

// fontSize returns f's current font size in user units.
func fontSize(f *fpdf.Fpdf) float64 {
	_, size := f.GetFontSize()
	return size
}

// textWidth is the width of one line of text in f's current font.
func textWidth(f *fpdf.Fpdf, s string) float64 {
	bold := isBold(f)
	if plainText(s, bold) {
		return f.GetStringWidth(s)
	}
	return shapeLine(s, bold, fontSize(f)).width
}

// cell is CellFormat(w, h, text, "", 0, align, false, 0, "") for text of
// any script: a cell of width w (0: to the right margin) and height h,
// the text left-aligned unless align is "C" or "R", the position left
// after the cell.
func (p pen) cell(w, h float64, text, align string) {
	f := p.f
	bold := isBold(f)
	if plainText(text, bold) {
		f.CellFormat(w, h, text, "", 0, align, false, 0, "")
		return
	}
	if w == 0 {
		pw, _ := f.GetPageSize()
		_, _, right, _ := f.GetMargins()
		w = pw - right - f.GetX()
	}
	// The empty cell moves the position, and breaks the page, as fpdf
	// does for text; the text is then drawn in the cell it left.
	f.CellFormat(w, h, "", "", 0, align, false, 0, "")
	x, y := f.GetX()-w, f.GetY()
	line := shapeLine(text, bold, fontSize(f))
	dx := f.GetCellMargin()
	switch {
	case strings.Contains(align, "R"):
		dx = w - f.GetCellMargin() - line.width
	case strings.Contains(align, "C"):
		dx = (w - line.width) / 2
	}
	drawLine(p, line, x+dx, y+0.5*h+0.3*fontSize(f))
}

// drawLine draws a shaped line with its left end at x on the baseline y,
// and selects the current font again afterwards.
func drawLine(p pen, line shapedLine, x, baseline float64) {
	f := p.f
	family, style := f.GetFontFamily(), f.GetFontStyle()
	sizePt, _ := f.GetFontSize()
	for _, r := range line.runs {
		// Spaces at the ends of a run are left undrawn: they show nothing,
		// and an extractor sees the gap they leave, where a space at the
		// edge of an /ActualText span would be lost.
		glyphs := r.glyphs
		for len(glyphs) > 0 && glyphs[0].Text == " " {
			glyphs = glyphs[1:]
		}
		for len(glyphs) > 0 && glyphs[len(glyphs)-1].Text == " " {
			glyphs = glyphs[:len(glyphs)-1]
		}
		if len(glyphs) == 0 {
			continue
		}
		r.face.register(f)
		f.SetFont(r.face.family, r.face.style, sizePt)
		// A left-to-right run is marked with its text; a right-to-left
		// one is not, because extractors read an /ActualText span's
		// characters left to right and then reverse the right-to-left
		// ones: its glyphs, drawn in logical order, carry their text in
		// the ToUnicode CMap instead (shapeRun).
		actual := ""
		if !r.rtl && !oneToOne(glyphs) {
			actual = strings.Trim(r.text, " ")
		}
		f.GlyphRun(x+r.x, baseline, glyphs, actual)
	}
	f.SetFont(family, style, sizePt)
}

// multiCell is MultiCell(w, h, text, "", align, false) for text of any
// script: text wrapped to width w (0: to the right margin), one line of
// height h after another, the position left at the left margin below.
func (p pen) multiCell(w, h float64, text, align string) {
	f := p.f
	if plainText(text, isBold(f)) {
		f.MultiCell(w, h, text, "", align, false)
		return
	}
	if w == 0 {
		pw, _ := f.GetPageSize()
		_, _, right, _ := f.GetMargins()
		w = pw - right - f.GetX()
	}
	x := f.GetX()
	for _, l := range splitLines(f, text, w) {
		f.SetX(x)
		p.cell(w, h, l, align)
		f.Ln(h)
	}
}

// write is Write(h, text) for text of any script, text short enough for a
// line: it flows on from the position, on the next line if it does not
// fit on this one.
func (p pen) write(h float64, text string) {
	f := p.f
	if plainText(text, isBold(f)) {
		f.Write(h, text)
		return
	}
	pw, _ := f.GetPageSize()
	left, _, right, _ := f.GetMargins()
	lines := splitLines(f, text, pw-left-right-2*f.GetCellMargin())
	for i, l := range lines {
		w := textWidth(f, l) + 2*f.GetCellMargin()
		if i > 0 || (f.GetX()+w > pw-right && f.GetX() > left+0.01) {
			f.Ln(h)
		}
		p.cell(w, h, l, "L")
	}
}

// splitShaped is splitLines for text that plainText refuses: it breaks
// at spaces, between ideographs, and inside a word longer than w between
// its characters, measuring each line as shaped.
func splitShaped(f *fpdf.Fpdf, s string, w float64) []string {
	w -= 2 * f.GetCellMargin()
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		words := breakable(para)
		line := ""
		for _, word := range words {
			candidate := line + word
			if line == "" || textWidth(f, strings.TrimRight(candidate, " ")) <= w {
				line = candidate
				continue
			}
			lines = append(lines, strings.TrimRight(line, " "))
			line = word
		}
		// A line still too wide is one long word: break it between
		// characters, never before a combining mark.
		for textWidth(f, strings.TrimRight(line, " ")) > w {
			rs := []rune(strings.TrimRight(line, " "))
			cut := 1
			for n := 1; n <= len(rs); n++ {
				if n < len(rs) && joins(rs[n]) {
					continue
				}
				if textWidth(f, string(rs[:n])) > w {
					break
				}
				cut = n
			}
			for cut < len(rs) && joins(rs[cut]) {
				cut++
			}
			if cut >= len(rs) {
				break
			}
			lines = append(lines, string(rs[:cut]))
			line = string(rs[cut:])
		}
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// joins reports whether c belongs with the character before it: a
// combining mark or a joiner.
func joins(c rune) bool {
	return unicode.In(c, unicode.Mn, unicode.Mc, unicode.Me) || c == 0x200C || c == 0x200D
}

// breakable splits a paragraph into the pieces a line may end after: a
// word with the spaces after it, or one ideograph or kana.
func breakable(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	prevSpace := false
	for _, c := range s {
		switch {
		case c == ' ':
			cur.WriteRune(c)
			prevSpace = true
			continue
		case prevSpace:
			flush()
		case unicode.In(c, unicode.Han, unicode.Hiragana, unicode.Katakana):
			flush()
		}
		prevSpace = false
		cur.WriteRune(c)
		if unicode.In(c, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			flush()
		}
	}
	flush()
	return out
}

// oneToOne reports whether each glyph stands for one character of its
// own, so that the ToUnicode CMap alone gives the text back.
func oneToOne(glyphs []fpdf.Glyph) bool {
	for _, g := range glyphs {
		if utf8.RuneCountInString(g.Text) != 1 {
			return false
		}
	}
	return true
}
