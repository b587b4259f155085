package pdf

import (
	"fmt"
	"strings"
)

// writeHeader writes the clinic name and the form title at the top of the
// first page.
func writeHeader(p pen, r *Record) {
	if r.ClinicName != "" {
		p.bold(headingSize)
		p.gray(70)
		p.multiCell(0, 6, tidy(r.ClinicName), "L")
	}
	p.bold(titleSize)
	p.gray(0)
	p.multiCell(0, 8, tidy(r.Form.Title), "L")
	p.f.Ln(2)
	p.rule()
	p.f.Ln(3)
}

// writePatient writes the patient block, leaving out empty lines.
func writePatient(p pen, pt Patient) {
	rows := [][2]string{
		{"Family name", pt.FamilyName},
		{"Given name", pt.GivenName},
		{"Date of birth", pt.BirthDate},
		{"Sex", pt.Sex},
		{"External ID", pt.ExternalID},
		{"Email", pt.Email},
		{"Phone", pt.Phone},
		{"Emergency contact", pt.EmergencyContact},
	}
	p.heading("Patient")
	for _, row := range rows {
		if strings.TrimSpace(row[1]) != "" {
			p.row(row[0], row[1])
		}
	}
}

// writeSections writes each section of the form in order: its numbered
// title, its text and the patient's initials.
func writeSections(p pen, r *Record) {
	for i, s := range r.Form.Sections {
		p.heading(fmt.Sprintf("%d. %s", i+1, s.Title))
		p.paragraphs(s.Text)
		if initials, ok := r.Initials[s.ID]; ok || s.InitialsRequired {
			p.labelled("Initials", initials)
			p.f.Ln(1)
		}
	}
}

// writeClauses writes each optional clause with the patient's decision.
func writeClauses(p pen, r *Record) {
	for _, c := range r.Form.Clauses {
		title := c.Title
		if title == "" {
			title = "Optional consent"
		}
		p.heading(title)
		p.paragraphs(c.Text)
		decision := "Declined"
		if r.Clauses[c.ID] {
			decision = "Accepted"
		}
		p.labelled("Decision", decision)
		if initials, ok := r.Initials[c.ID]; ok {
			p.labelled("Initials", initials)
		}
		p.f.Ln(1)
	}
}

// writeFields writes the further answers as label/value rows.
func writeFields(p pen, fields []Field) {
	if len(fields) == 0 {
		return
	}
	p.heading("Answers")
	for _, fd := range fields {
		p.row(fd.Label, fd.Value)
	}
}

// writeRecordsDisclosure writes the electronic records disclosure and the
// patient's answer to it.
func writeRecordsDisclosure(p pen, r *Record) {
	if strings.TrimSpace(r.Form.RecordsDisclosure) == "" {
		return
	}
	p.heading("Electronic records and signatures")
	p.paragraphs(r.Form.RecordsDisclosure)
	agreed := "No"
	if r.ElectronicRecordsConsent {
		agreed = "Yes"
	}
	p.labelled("Agreed to receive records electronically", agreed)
}
