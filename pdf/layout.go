package pdf

import (
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// Page geometry and type sizes, in millimetres and points.
const (
	margin       = 20.0 // left, right and top margin
	bottomMargin = 22.0 // room for the footer
	labelWidth   = 48.0 // label column of label/value rows
	lineHeight   = 5.0  // body line height
	bodySize     = 10.0
	headingSize  = 12.0
	titleSize    = 16.0
	smallSize    = 8.0
)

// pen draws on an fpdf document with the few moves the renderer uses.
type pen struct {
	f *fpdf.Fpdf
}

// regular selects the regular face at the given size.
func (p pen) regular(size float64) { p.f.SetFont(fontFamily, "", size) }

// bold selects the bold face at the given size.
func (p pen) bold(size float64) { p.f.SetFont(fontFamily, "B", size) }

// gray sets the text colour to a gray level; 0 is black.
func (p pen) gray(level int) { p.f.SetTextColor(level, level, level) }

// contentWidth is the width between the side margins.
func (p pen) contentWidth() float64 {
	w, _ := p.f.GetPageSize()
	return w - 2*margin
}

// ensureSpace starts a new page unless h millimetres fit above the bottom
// margin, so a heading is not left alone at the foot of a page. On a page
// with nothing on it yet it does nothing, however tall h is.
func (p pen) ensureSpace(h float64) {
	_, ht := p.f.GetPageSize()
	if y := p.f.GetY(); y > margin+0.01 && y+h > ht-bottomMargin {
		p.f.AddPage()
	}
}

// heading writes a bold line, kept on a page with room for a few lines
// after it.
func (p pen) heading(text string) {
	p.ensureSpace(3*lineHeight + 6)
	p.f.Ln(3)
	p.bold(headingSize)
	p.gray(0)
	p.multiCell(0, 6, tidy(text), "L")
	p.f.Ln(1)
}

// paragraphs writes text as body paragraphs. Blank lines ("\n\n") separate
// paragraphs; a single newline breaks a line.
func (p pen) paragraphs(text string) {
	p.regular(bodySize)
	p.gray(0)
	for _, para := range strings.Split(tidy(text), "\n\n") {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		p.multiCell(0, lineHeight, para, "L")
		p.f.Ln(2)
	}
}

// row writes a label and its value side by side, wrapping both; long
// unbroken values (user agents) break between characters, but a hex
// digest is kept on one line. A row taller than the space left continues
// on the next page.
func (p pen) row(label, value string) { p.rowSized(label, value, bodySize) }

// hashRow writes a label and a hex digest in a smaller size, so that the
// digest stays on one line and can be copied whole.
func (p pen) hashRow(label, digest string) { p.rowSized(label, digest, smallSize) }

// rowSized is row with the value in the given type size; a hex digest
// is set smaller still when it would not fit on one line.
func (p pen) rowSized(label, value string, valueSize float64) {
	valueWidth := p.contentWidth() - labelWidth
	if isDigest(value) {
		valueSize = min(valueSize, p.digestSize(value, valueWidth))
	}
	p.bold(bodySize)
	labels := splitLines(p.f, tidy(label), labelWidth)
	p.regular(valueSize)
	values := splitLines(p.f, tidy(value), valueWidth)
	n := max(len(labels), len(values))
	p.ensureSpace(float64(min(n, 3)) * lineHeight)
	for i := range n {
		p.ensureSpace(lineHeight)
		y := p.f.GetY()
		if i < len(labels) {
			p.bold(bodySize)
			p.gray(70)
			p.f.SetXY(margin, y)
			p.cell(labelWidth, lineHeight, labels[i], "L")
		}
		if i < len(values) {
			p.regular(valueSize)
			p.gray(0)
			p.f.SetXY(margin+labelWidth, y)
			p.cell(valueWidth, lineHeight, values[i], "L")
		}
		p.f.SetXY(margin, y+lineHeight)
	}
	p.gray(0)
}

// labelled writes "label: value" as one flowing line, the label in bold.
func (p pen) labelled(label, value string) {
	p.ensureSpace(lineHeight)
	p.gray(0)
	p.bold(bodySize)
	p.write(lineHeight, label+": ")
	p.regular(bodySize)
	p.write(lineHeight, tidy(value))
	p.f.Ln(lineHeight)
}

// rule draws a thin horizontal line across the content width.
func (p pen) rule() {
	y := p.f.GetY()
	p.f.SetDrawColor(160, 160, 160)
	p.f.SetLineWidth(0.2)
	p.f.Line(margin, y, margin+p.contentWidth(), y)
}

// tidier turns carriage returns into newlines and tabs into spaces, which
// fpdf would otherwise draw as missing glyphs.
var tidier = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", "    ")

// tidy prepares text from a record for drawing.
func tidy(s string) string { return tidier.Replace(s) }

// splitLines wraps s to width w in the current font. It splits on newlines
// first, because fpdf's SplitText mishandles a newline that follows a space.
// An empty s gives one empty line.
func splitLines(f *fpdf.Fpdf, s string, w float64) []string {
	if !plainText(s, isBold(f)) {
		return splitShaped(f, s, w) // text.go
	}
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		wrapped := f.SplitText(l, w)
		if len(wrapped) == 0 {
			wrapped = []string{""}
		}
		lines = append(lines, wrapped...)
	}
	return lines
}

// isDigest reports a lower-case hex SHA-256, which is printed on one line
// so that it can be copied whole.
func isDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// digestSize is the type size, at most smallSize, at which the digest
// fits width w on one line, as splitLines measures it (fpdf's SplitText
// keeps a cell margin on each side).
func (p pen) digestSize(digest string, w float64) float64 {
	w -= 2*p.f.GetCellMargin() + 0.1
	size := smallSize
	for ; size > 5; size -= 0.5 {
		p.regular(size)
		if p.f.GetStringWidth(digest) <= w {
			break
		}
	}
	return size
}
