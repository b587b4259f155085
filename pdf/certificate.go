package pdf

import "fmt"

// writeCertificate adds the final page of technical facts an auditor needs
// to tie the document to its form text, its submission and its signers.
func writeCertificate(p pen, r *Record) {
	p.f.AddPage()
	p.bold(titleSize)
	p.gray(0)
	p.f.MultiCell(0, 8, "Signature certificate", "", "L", false)
	p.f.Ln(1)
	p.regular(smallSize + 1)
	p.gray(70)
	p.f.MultiCell(0, 4.5, "Added by Consentry when the record was received; it was not shown to the signer. "+
		"Hashes are hex SHA-256. Times are UTC.", "", "L", false)
	p.f.Ln(2)
	p.rule()
	p.f.Ln(3)

	p.row("Record ID", r.ID)
	p.row("Form", fmt.Sprintf("%s (%s)", r.Form.Title, r.Form.Kind))
	p.row("Version", r.Form.Version)
	p.hashRow("Consent text SHA-256", r.Form.TextSHA256())
	p.hashRow("Submission SHA-256", r.BodySHA256)
	p.row("Received at", formatTime(r.ReceivedAt))
	if r.Ruleset != "" {
		p.row("Screening rule set", r.Ruleset)
	}

	for i, s := range r.Signers {
		p.heading(fmt.Sprintf("Signer %d", i+1))
		p.row("Name", s.Name)
		p.row("Role", roleLabel(s.Role))
		p.row("Meaning", signerMeaning(s, r.Form.SignatureMeaning))
		p.row("Signed at", formatTime(s.At))
		p.row("IP address", s.IP)
		p.row("User agent", s.UserAgent)
		p.row("API key", s.KeyName)
		drawn := "No"
		if len(s.DrawnPNG) > 0 {
			drawn = "Yes"
		}
		p.row("Drawn signature", drawn)
	}
}
