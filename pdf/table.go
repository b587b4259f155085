package pdf

// Answer tables. An instrument's answers print as a table of item number,
// question, answer in words and value, with a header row repeated at the
// top of each page the table runs onto; other answers print as label/value
// rows under a band naming their group. A row is never split across pages.

// Column widths of an instrument table, in millimetres; the question
// column takes the rest of the content width.
const (
	itemColumn   = 9.0
	answerColumn = 48.0
	valueColumn  = 14.0
	cellPad      = 1.2 // space inside a cell, left and right
	rowPad       = 1.0 // space above and below a row's text
	tableLine    = 4.6 // line height inside tables
	tableSize    = 9.5 // type size inside tables
)

// writeAnswers writes fields as answer tables: each run of one
// instrument's items as its table (captioned with the instrument when
// caption is true), and the rest as label/value rows.
func writeAnswers(p pen, fields []Field, caption bool) {
	for len(fields) > 0 {
		n := 1
		for n < len(fields) && fields[n].Instrument == fields[0].Instrument {
			n++
		}
		if fields[0].Instrument != "" {
			writeItemTable(p, fields[0].Instrument, fields[:n], caption)
		} else {
			writeFieldRows(p, fields[:n])
		}
		fields = fields[n:]
	}
}

// itemColumns are the x offsets (from the margin) and widths of an
// instrument table's columns.
func itemColumns(p pen) (xs, ws [4]float64) {
	question := p.contentWidth() - itemColumn - answerColumn - valueColumn
	ws = [4]float64{itemColumn, question, answerColumn, valueColumn}
	x := 0.0
	for i, w := range ws {
		xs[i] = x
		x += w
	}
	return xs, ws
}

// writeItemTable writes one instrument's items as a table.
func writeItemTable(p pen, name string, items []Field, caption bool) {
	xs, ws := itemColumns(p)
	header := func() {
		y := p.f.GetY()
		p.f.SetFillColor(232, 232, 232)
		p.f.Rect(margin, y, p.contentWidth(), tableLine+2*rowPad, "F")
		p.bold(tableSize)
		p.gray(40)
		for i, h := range [4]string{"#", "Question", "Answer", "Value"} {
			align := "L"
			if i == 3 {
				align = "R"
			}
			p.f.SetXY(margin+xs[i]+cellPad, y+rowPad)
			p.f.CellFormat(ws[i]-2*cellPad, tableLine, h, "", 0, align, false, 0, "")
		}
		p.f.SetXY(margin, y+tableLine+2*rowPad)
	}
	headerHeight := tableLine + 2*rowPad
	if caption {
		p.ensureSpace(lineHeight + 2 + headerHeight + 2*tableLine + 2*rowPad)
		p.f.Ln(2)
		p.bold(bodySize)
		p.gray(0)
		p.f.CellFormat(0, lineHeight, tidy(name), "", 1, "L", false, 0, "")
	}
	p.ensureSpace(headerHeight + 2*tableLine + 2*rowPad)
	header()
	for _, it := range items {
		p.regular(tableSize)
		question := splitLines(p.f, tidy(it.Label), ws[1]-2*cellPad)
		answer := splitLines(p.f, tidy(it.Value), ws[2]-2*cellPad)
		p.regular(smallSize)
		var options []string
		if it.Options != "" {
			options = splitLines(p.f, tidy(it.Options), ws[1]-2*cellPad)
		}
		qh := float64(len(question))*tableLine + float64(len(options))*(tableLine-0.6)
		h := max(qh, float64(len(answer))*tableLine) + 2*rowPad
		if !p.fits(h) {
			p.f.AddPage()
			header()
		}
		y := p.f.GetY()
		p.gray(0)
		p.regular(tableSize)
		p.cellAt(margin+xs[0], y+rowPad, ws[0], it.Item, "L")
		for i, l := range question {
			p.cellAt(margin+xs[1], y+rowPad+float64(i)*tableLine, ws[1], l, "L")
		}
		for i, l := range answer {
			p.cellAt(margin+xs[2], y+rowPad+float64(i)*tableLine, ws[2], l, "L")
		}
		p.bold(tableSize)
		p.cellAt(margin+xs[3], y+rowPad, ws[3], it.Points, "R")
		if len(options) > 0 {
			p.regular(smallSize)
			p.gray(90)
			oy := y + rowPad + float64(len(question))*tableLine
			for i, l := range options {
				p.cellAt(margin+xs[1], oy+float64(i)*(tableLine-0.6), ws[1], l, "L")
			}
		}
		p.f.SetXY(margin, y+h)
		p.hairline()
	}
	p.gray(0)
	p.f.Ln(1)
}

// writeFieldRows writes answers as label/value rows, with a band naming
// each group where it starts.
func writeFieldRows(p pen, fields []Field) {
	labelW := fieldLabelWidth(p, fields)
	group := ""
	for _, fd := range fields {
		if fd.Group != group {
			group = fd.Group
			if group == "" {
				p.f.Ln(3)
			} else {
				// Keep the band with the row after it.
				p.ensureSpace(tableLine + 2*rowPad + 2 + 2*tableLine)
				p.f.Ln(1)
				y := p.f.GetY()
				p.bold(tableSize)
				lines := splitLines(p.f, tidy(group), p.contentWidth()-2*cellPad)
				h := float64(len(lines))*tableLine + 2*rowPad
				p.f.SetFillColor(240, 240, 240)
				p.f.Rect(margin, y, p.contentWidth(), h, "F")
				p.gray(40)
				for i, l := range lines {
					p.cellAt(margin, y+rowPad+float64(i)*tableLine, p.contentWidth(), l, "L")
				}
				p.f.SetXY(margin, y+h)
			}
		}
		p.tableRow(labelW, fd.Label, fd.Value)
	}
	p.gray(0)
}

// fieldLabelWidth is the label column's width for a set of rows: wide
// enough for the longest label on one line, between labelWidth and a
// little over half the page.
func fieldLabelWidth(p pen, fields []Field) float64 {
	p.bold(tableSize)
	w := labelWidth
	for _, fd := range fields {
		w = max(w, p.f.GetStringWidth(tidy(fd.Label))+2*cellPad+2*p.f.GetCellMargin()+1)
	}
	return min(w, 0.56*p.contentWidth())
}

// tableRow writes one label/value row with a hairline under it; the row
// is kept on one page. A value that is a hex digest is set on one line.
func (p pen) tableRow(labelW float64, label, value string) {
	p.tableRowFace(labelW, label, value, true)
}

// tableRowFace is tableRow with the label in bold or not: times as labels
// are set in the regular face, whose digits every record already uses,
// which keeps the embedded bold subset small.
func (p pen) tableRowFace(labelW float64, label, value string, bold bool) {
	face := p.bold
	if !bold {
		face = p.regular
	}
	valueW := p.contentWidth() - labelW
	face(tableSize)
	labels := splitLines(p.f, tidy(label), labelW-2*cellPad)
	size := tableSize
	if isDigest(value) {
		size = p.digestSize(value, valueW-2*cellPad)
	}
	p.regular(size)
	values := splitLines(p.f, tidy(value), valueW-2*cellPad)
	h := float64(max(len(labels), len(values)))*tableLine + 2*rowPad
	if !p.fits(h) {
		p.f.AddPage()
	}
	y := p.f.GetY()
	face(tableSize)
	p.gray(60)
	for i, l := range labels {
		p.cellAt(margin, y+rowPad+float64(i)*tableLine, labelW, l, "L")
	}
	p.regular(size)
	p.gray(0)
	for i, l := range values {
		p.cellAt(margin+labelW, y+rowPad+float64(i)*tableLine, valueW, l, "L")
	}
	p.f.SetXY(margin, y+h)
	p.hairline()
}

// cellAt writes one line of text, of any script, in a column at (x, y),
// inset by cellPad.
func (p pen) cellAt(x, y, w float64, text, align string) {
	p.f.SetXY(x+cellPad, y)
	p.cell(w-2*cellPad, tableLine, text, align)
}

// hairline draws a light rule across the content width at the current y.
func (p pen) hairline() {
	y := p.f.GetY()
	p.f.SetDrawColor(215, 215, 215)
	p.f.SetLineWidth(0.15)
	p.f.Line(margin, y, margin+p.contentWidth(), y)
}

// fits reports whether h millimetres fit above the bottom margin.
func (p pen) fits(h float64) bool {
	_, ht := p.f.GetPageSize()
	return p.f.GetY()+h <= ht-bottomMargin
}
