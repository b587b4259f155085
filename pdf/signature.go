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

// signerHeight is the height of one signer's block, in millimetres.
const signerHeight = signatureHeight + 5*lineHeight + 6

// writeSignatures writes the attestation and then each signer's signature,
// starting a new page unless the attestation and the first signature fit
// together.
func writeSignatures(p pen, r *Record) error {
	p.regular(bodySize)
	attestation := len(splitLines(p.f, tidy(r.Form.Attestation), p.contentWidth()))
	p.ensureSpace(12 + float64(attestation)*lineHeight + 2 + signerHeight)
	p.heading("Signatures")
	p.paragraphs(r.Form.Attestation)
	for i, s := range r.Signers {
		if err := writeSigner(p, i, s, r.Form.SignatureMeaning); err != nil {
			return err
		}
	}
	return nil
}

// writeSigner writes one signature: the drawn image if there is one, then
// the typed name, role, meaning and time. The block is kept on one page.
func writeSigner(p pen, i int, s Signer, formMeaning string) error {
	p.ensureSpace(signerHeight)
	p.f.Ln(3)
	if len(s.DrawnPNG) > 0 {
		if err := drawSignature(p, fmt.Sprintf("sig-%d", i), s.DrawnPNG); err != nil {
			return fmt.Errorf("signer %d: drawn signature: %w", i+1, err)
		}
	}
	y := p.f.GetY()
	p.f.SetDrawColor(0, 0, 0)
	p.f.SetLineWidth(0.3)
	p.f.Line(margin, y, margin+80, y)
	p.f.Ln(1.5)
	meaning := signerMeaning(s, formMeaning)
	p.row("Name", s.Name)
	p.row("Role", roleLabel(s.Role))
	if meaning != "" {
		p.row("Meaning of signature", meaning)
	}
	p.row("Signed at", formatTime(s.At))
	return nil
}

// drawSignature places a drawn signature PNG at the current position,
// scaled to fit the signature box with its aspect ratio kept.
func drawSignature(p pen, name string, png []byte) error {
	if err := checkPNG(png); err != nil {
		return err
	}
	opts := fpdf.ImageOptions{ImageType: "PNG"}
	info := p.f.RegisterImageOptionsReader(name, opts, bytes.NewReader(png))
	if err := p.f.Error(); err != nil {
		return err
	}
	w, h := info.Extent()
	scale := min(signatureWidth/w, signatureHeight/h)
	w, h = w*scale, h*scale
	y := p.f.GetY()
	p.f.ImageOptions(name, margin, y+signatureHeight-h, w, h, false, opts, 0, "")
	p.f.SetY(y + signatureHeight + 1)
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
