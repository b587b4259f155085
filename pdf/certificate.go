package pdf

import (
	"fmt"
	"strings"
	"time"
)

// Certificate describes the clinic's sealing certificate as the record's
// certificate page prints it. It is plain text and times, so that this
// package needs no crypto: records fills it from the sealer's X.509
// certificate.
type Certificate struct {
	Subject string // e.g. "CN=Clínica Serenidad records,O=Clínica Serenidad"
	Issuer  string
	// SHA256 is the hex SHA-256 fingerprint of the certificate's DER.
	SHA256              string
	NotBefore, NotAfter time.Time
}

// writeCertificate adds the final page: the record's proof at a glance.
// It shows what the record is and its hashes, the timeline of its
// signing, receipt and seal, each signer's drawn signature beside their
// details, the sealing certificate, and how to verify the file with
// standard tools. The PDF is rendered before it is sealed: the seal's
// signing time (/M) is the receipt time shown here.
func writeCertificate(p pen, r *Record) error {
	p.f.AddPage()
	p.bold(titleSize)
	p.gray(0)
	p.multiCell(0, 8, "Signature certificate", "L")
	p.f.Ln(1)
	p.regular(smallSize + 1)
	p.gray(70)
	p.f.MultiCell(0, 4.5, "The proof of this record, added by Consentry when the record was received; it was not shown to the signer. "+
		"Hashes are hex SHA-256. Times are UTC, from the server's clock.", "", "L", false)
	p.f.Ln(2)
	p.rule()
	p.f.Ln(1)

	certLabelWidth := certLabelWidth(p)
	p.subheading("Record")
	rows := [][2]string{
		{"Record ID", r.ID},
		{"Form", fmt.Sprintf("%s (%s, version %s)", r.Form.Title, r.Form.Kind, r.Form.Version)},
		{"Content SHA-256", r.BodySHA256},
		{"Consent text SHA-256", r.Form.TextSHA256()},
	}
	if r.Ruleset != "" {
		rows = append(rows, [2]string{"Screening rule set", r.Ruleset})
	}
	for _, row := range rows {
		p.tableRow(certLabelWidth, row[0], row[1])
	}
	p.f.Ln(1)
	p.note("The content hash is of the submission exactly as stored (canonical JSON); the consent text hash is the form version's text_sha256, as GET /v1/forms/" +
		r.Form.Kind + "/versions/" + r.Form.Version + " serves it.")

	p.subheading("Timeline")
	for _, e := range timeline(r) {
		p.tableRowFace(certLabelWidth, formatTime(e.at), e.what, false)
	}

	for i, s := range r.Signers {
		title := "Signer"
		if len(r.Signers) > 1 {
			title = fmt.Sprintf("Signer %d", i+1)
		}
		details := [][2]string{
			{"Name", s.Name}, {"Role", roleLabel(s.Role)},
			{"Meaning of signature", signerMeaning(s, r.Form.SignatureMeaning)},
			{"Signed at", formatTime(s.At)}, {"IP address", s.IP},
			{"User agent", s.UserAgent}, {"API key", s.KeyName},
		}
		// The drawing sits in a narrower column here than on the
		// signature page, leaving the details room for the user agent.
		const col = 44.0
		w := p.contentWidth() - col - 4
		h := max(signatureHeight+6, detailsHeight(p, w, details))
		p.ensureSpace(3*lineHeight + 4 + h)
		p.subheading(title)
		y := p.f.GetY() + 1
		if err := signatureBoxWidth(p, fmt.Sprintf("sig-%d", i), s.DrawnPNG, margin, y, col); err != nil {
			return fmt.Errorf("signer %d: drawn signature: %w", i+1, err)
		}
		writeDetails(p, margin+col+4, y, w, details)
		p.f.SetXY(margin, y+h+1)
	}

	if c := r.Certificate; c != nil {
		p.subheading("Sealing certificate")
		p.tableRow(certLabelWidth, "Subject", c.Subject)
		p.tableRow(certLabelWidth, "Issuer", c.Issuer)
		p.tableRow(certLabelWidth, "SHA-256 fingerprint", c.SHA256)
		p.tableRow(certLabelWidth, "Valid", formatTime(c.NotBefore)+" to "+formatTime(c.NotAfter))
	}

	p.subheading("How to verify this file")
	p.steps([]string{
		"Seal: run  pdfsig record.pdf  (poppler-utils) or open the file in a PDF reader that checks signatures: it should report the signature valid, by the certificate above, and the document not modified since.",
		"Same bytes as received: run  sha256sum record.pdf  and compare with the receipt's document.sha256.",
		"Ask the clinic's server: POST /v1/documents/verify with the file (application/pdf) answers whether it is one of its records, unaltered and the same as the one stored.",
	})
	return nil
}

// certLabelWidth is the label column of the certificate page's rows:
// wide enough for its widest label, a time, on one line.
func certLabelWidth(p pen) float64 {
	p.bold(tableSize)
	w := max(p.f.GetStringWidth(formatTime(time.Time{})), p.f.GetStringWidth("Consent text SHA-256"))
	return w + 2*cellPad + 2*p.f.GetCellMargin() + 1
}

// subheading writes a compact bold heading, kept with a few lines after
// it.
func (p pen) subheading(text string) {
	p.ensureSpace(3*lineHeight + 4)
	p.f.Ln(2.5)
	p.bold(headingSize - 1)
	p.gray(0)
	p.multiCell(0, 5.5, tidy(text), "L")
	p.f.Ln(0.5)
}

// event is one entry of the certificate page's timeline.
type event struct {
	at   time.Time
	what string
}

// timeline is each signature, the receipt and the seal, in time order.
func timeline(r *Record) []event {
	var out []event
	for _, s := range r.Signers {
		out = append(out, event{s.At, fmt.Sprintf("Signed by %s (%s)", s.Name, strings.ToLower(roleLabel(s.Role)))})
	}
	out = append(out,
		event{r.ReceivedAt, "Record received by Consentry for " + r.ClinicName},
		event{r.ReceivedAt, "Sealed with the clinic's certificate below (its signing time is the receipt time)"})
	// Signatures carry the server's time too, so the order is stable.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].at.Before(out[j-1].at); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// note writes a small gray paragraph.
func (p pen) note(text string) {
	p.regular(smallSize + 0.5)
	p.gray(80)
	p.multiCell(0, 4.2, tidy(text), "L")
	p.gray(0)
}

// steps writes numbered paragraphs.
func (p pen) steps(items []string) {
	for i, s := range items {
		p.ensureSpace(2 * lineHeight)
		p.regular(bodySize - 0.5)
		p.gray(0)
		y := p.f.GetY()
		p.bold(bodySize - 0.5)
		p.f.SetXY(margin, y)
		p.cell(6, tableLine, fmt.Sprintf("%d.", i+1), "L")
		p.regular(bodySize - 0.5)
		p.f.SetXY(margin+6, y)
		p.multiCell(p.contentWidth()-6, tableLine, tidy(s), "L")
		p.f.Ln(1)
	}
}
