package pdf

import (
	"bytes"
	"fmt"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// The box a drawn signature is fitted into, in millimetres.
const (
	signatureWidth  = 60.0
	signatureHeight = 20.0
)

// signatureColumn is the width of a signature block's left column, the
// drawn signature over its line; the signer's details are to its right.
const signatureColumn = 64.0

// detailSize is the type size of a signature block's details.
const detailSize = 9.0

// detailLabelWidth is the label column of a signature block's details:
// the widest label's width, as splitLines measures it.
func detailLabelWidth(p pen, rows [][2]string) float64 {
	p.bold(smallSize + 1)
	w := 0.0
	for _, r := range rows {
		w = max(w, p.f.GetStringWidth(r[0]))
	}
	return w + 2*p.f.GetCellMargin() + 1
}

// writeSignatures writes the attestation and then each signer's block,
// starting a new page only when the heading, the attestation and the
// first block do not fit together in the room left.
func writeSignatures(p pen, r *Record) error {
	p.regular(bodySize)
	attestation := len(splitLines(p.f, tidy(r.Form.Attestation), p.contentWidth()))
	first := 0.0
	if len(r.Signers) > 0 {
		first = signerHeight(p, signerRows(r.Signers[0], r.Form.SignatureMeaning))
	}
	p.ensureSpace(10 + float64(attestation)*lineHeight + 2 + first)
	p.heading("Signatures")
	p.paragraphs(r.Form.Attestation)
	for i, s := range r.Signers {
		if err := writeSigner(p, i, s, r.Form.SignatureMeaning); err != nil {
			return err
		}
	}
	return nil
}

// signerRows are the details printed beside a signature.
func signerRows(s Signer, formMeaning string) [][2]string {
	rows := [][2]string{{"Name", s.Name}, {"Role", roleLabel(s.Role)}}
	if m := signerMeaning(s, formMeaning); m != "" {
		rows = append(rows, [2]string{"Meaning of signature", m})
	}
	return append(rows, [2]string{"Signed at", formatTime(s.At)})
}

// signerHeight is the height of a signature block with these details.
func signerHeight(p pen, rows [][2]string) float64 {
	return 2 + max(signatureHeight+6, detailsHeight(p, p.contentWidth()-signatureColumn-4, rows)) + 2
}

// writeSigner writes one signature block, kept whole on one page: the
// drawn signature (if any) over a line, and beside it the typed name,
// role, meaning and time.
func writeSigner(p pen, i int, s Signer, formMeaning string) error {
	rows := signerRows(s, formMeaning)
	p.ensureSpace(signerHeight(p, rows))
	p.f.Ln(2)
	y := p.f.GetY()
	if err := signatureBox(p, fmt.Sprintf("sig-%d", i), s.DrawnPNG, margin, y); err != nil {
		return fmt.Errorf("signer %d: drawn signature: %w", i+1, err)
	}
	h := writeDetails(p, margin+signatureColumn+4, y, p.contentWidth()-signatureColumn-4, rows)
	p.f.SetXY(margin, y+max(signatureHeight+6, h)+2)
	return nil
}

// signatureBox draws the drawn signature, or a note that there is none,
// over a signature line at (x, y), signatureColumn wide.
func signatureBox(p pen, name string, png []byte, x, y float64) error {
	return signatureBoxWidth(p, name, png, x, y, signatureColumn)
}

// signatureBoxWidth is signatureBox in a column of width col.
func signatureBoxWidth(p pen, name string, png []byte, x, y, col float64) error {
	if len(png) > 0 {
		if err := drawSignature(p, name, png, x, y, col); err != nil {
			return err
		}
	} else {
		p.regular(smallSize)
		p.gray(110)
		// Two short lines, so that the note stays inside its column.
		p.f.SetXY(x, y+signatureHeight-7.5)
		p.cell(col, 3.5, "No drawn signature:", "L")
		p.f.SetXY(x, y+signatureHeight-4)
		p.cell(col, 3.5, "signed by typed name", "L")
	}
	p.f.SetDrawColor(0, 0, 0)
	p.f.SetLineWidth(0.3)
	p.f.Line(x, y+signatureHeight+1, x+col, y+signatureHeight+1)
	p.regular(smallSize)
	p.gray(90)
	p.f.SetXY(x, y+signatureHeight+1.5)
	p.cell(col, 4, "Signature", "L")
	p.gray(0)
	return nil
}

// detailsHeight is the height writeDetails takes for rows in width w.
func detailsHeight(p pen, w float64, rows [][2]string) float64 {
	h := 0.0
	detailLabelWidth := detailLabelWidth(p, rows)
	for _, r := range rows {
		p.bold(smallSize + 1)
		nl := len(splitLines(p.f, tidy(r[0]), detailLabelWidth))
		size := detailSize
		if isDigest(r[1]) {
			size = p.digestSize(r[1], w-detailLabelWidth)
		}
		p.regular(size)
		nv := len(splitLines(p.f, tidy(r[1]), w-detailLabelWidth))
		h += float64(max(nl, nv)) * tableLine
	}
	return h
}

// writeDetails writes label/value rows in a column at (x, y) of width w
// and returns their height. The caller keeps them on the page.
func writeDetails(p pen, x, y, w float64, rows [][2]string) float64 {
	top := y
	detailLabelWidth := detailLabelWidth(p, rows)
	for _, r := range rows {
		p.bold(smallSize + 1)
		p.gray(70)
		labels := splitLines(p.f, tidy(r[0]), detailLabelWidth)
		for i, l := range labels {
			p.f.SetXY(x, y+float64(i)*tableLine)
			p.cell(detailLabelWidth, tableLine, l, "L")
		}
		size := detailSize
		if isDigest(r[1]) {
			size = p.digestSize(r[1], w-detailLabelWidth)
		}
		p.regular(size)
		p.gray(0)
		values := splitLines(p.f, tidy(r[1]), w-detailLabelWidth)
		for i, l := range values {
			p.f.SetXY(x+detailLabelWidth, y+float64(i)*tableLine)
			p.cell(w-detailLabelWidth, tableLine, l, "L")
		}
		y += float64(max(len(labels), len(values))) * tableLine
	}
	return y - top
}

// drawSignature places a drawn signature PNG in the signature box at
// (x, y), scaled to fit with its aspect ratio kept, on the box's foot.
func drawSignature(p pen, name string, png []byte, x, y, col float64) error {
	if err := checkPNG(png); err != nil {
		return err
	}
	opts := fpdf.ImageOptions{ImageType: "PNG"}
	info := p.f.RegisterImageOptionsReader(name, opts, bytes.NewReader(png))
	if err := p.f.Error(); err != nil {
		return err
	}
	w, h := info.Extent()
	scale := min(min(signatureWidth, col)/w, signatureHeight/h)
	w, h = w*scale, h*scale
	p.f.ImageOptions(name, x, y+signatureHeight-h, w, h, false, opts, 0, "")
	return nil
}

// signerMeaning is what a signature means: the signer's own words, or the
// form's when the signer has none.
func signerMeaning(s Signer, formMeaning string) string {
	if s.Meaning != "" {
		return s.Meaning
	}
	return formMeaning
}

// roleLabel turns a signer role such as "patient" into "Patient".
func roleLabel(role string) string {
	if role == "" {
		return ""
	}
	return strings.ToUpper(role[:1]) + role[1:]
}
