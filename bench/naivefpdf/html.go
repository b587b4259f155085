package naivefpdf

import (
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"strings"
)

// WriteConsentHTML writes the consent of consentRecord as one HTML page,
// for a headless browser to print (scripts/bench-chromium): the same
// text, patient block, initials, clause decisions, drawn signature and
// hashes as the PDF, in a print style sheet, with fonts the browser has.
func WriteConsentHTML(w io.Writer, drawn []byte) error {
	r, err := consentRecord(drawn)
	if err != nil {
		return err
	}
	e := html.EscapeString
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><title>` + e(r.Form.Title) + `</title><style>
@page { size: Letter; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 15pt; } h2 { font-size: 11.5pt; margin: 12pt 0 4pt; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; } td, th { border: 0.5pt solid #888; padding: 3pt; text-align: left; vertical-align: top; }
.sig { page-break-inside: avoid; border: 0.5pt solid #444; padding: 6pt; } .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; }
</style></head><body>`)
	fmt.Fprintf(&b, "<p>%s</p><h1>%s</h1><p>Version %s · record %s</p>", e(r.ClinicName), e(r.Form.Title), e(r.Form.Version), e(r.ID))
	p := r.Patient
	fmt.Fprintf(&b, `<table><tr><th>Patient</th><td>%s %s</td><th>Patient id</th><td class="mono">%s</td></tr>
<tr><th>Born</th><td>%s</td><th>Sex</th><td>%s</td></tr><tr><th>Email</th><td>%s</td><th>Phone</th><td>%s</td></tr>
<tr><th>External id</th><td>%s</td><th>Emergency contact</th><td>%s</td></tr></table>`,
		e(p.GivenName), e(p.FamilyName), e(p.ID), e(p.BirthDate), e(p.Sex), e(p.Email), e(p.Phone), e(p.ExternalID), e(p.EmergencyContact))
	for i, s := range r.Form.Sections {
		fmt.Fprintf(&b, "<h2>%d. %s</h2>", i+1, e(s.Title))
		for _, para := range strings.Split(s.Text, "\n\n") {
			fmt.Fprintf(&b, "<p>%s</p>", strings.ReplaceAll(e(para), "\n", "<br>"))
		}
		if in := r.Initials[s.ID]; in != "" {
			fmt.Fprintf(&b, "<p><b>Initials:</b> %s</p>", e(in))
		}
	}
	b.WriteString("<h2>Optional parts</h2><table><tr><th>Clause</th><th>Text</th><th>Decision</th><th>Initials</th></tr>")
	for _, c := range r.Form.Clauses {
		decision := "Declined"
		if r.Clauses[c.ID] {
			decision = "Accepted"
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", e(c.Title), e(c.Text), decision, e(r.Initials[c.ID]))
	}
	b.WriteString("</table>")
	sg := r.Signers[0]
	fmt.Fprintf(&b, `<div class="sig"><h2>Signature</h2><p>%s</p><p><b>%s</b> (%s), %s, from %s, %s, through %s</p>`,
		e(sg.Meaning), e(sg.Name), e(sg.Role), sg.At.Format("2006-01-02 15:04:05 UTC"), e(sg.IP), e(sg.UserAgent), e(sg.KeyName))
	if len(sg.DrawnPNG) > 0 {
		fmt.Fprintf(&b, `<img alt="drawn signature" style="width:60mm" src="data:image/png;base64,%s">`, base64.StdEncoding.EncodeToString(sg.DrawnPNG))
	}
	b.WriteString("</div>")
	c := r.Certificate
	fmt.Fprintf(&b, `<h2>Certificate</h2><table><tr><th>Received</th><td>%s</td></tr><tr><th>Body SHA-256</th><td class="mono">%s</td></tr>
<tr><th>Sealed by</th><td>%s</td></tr><tr><th>Issuer</th><td>%s</td></tr><tr><th>Certificate SHA-256</th><td class="mono">%s</td></tr>
<tr><th>Valid</th><td>%s to %s</td></tr></table>`, r.ReceivedAt.Format("2006-01-02 15:04:05 UTC"), e(r.BodySHA256),
		e(c.Subject), e(c.Issuer), e(c.SHA256), c.NotBefore.Format("2006-01-02"), c.NotAfter.Format("2006-01-02"))
	b.WriteString("</body></html>\n")
	_, err = io.WriteString(w, b.String())
	return err
}
