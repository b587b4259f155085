package pdf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/consentry/consentry/forms"
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
// title, its text and the patient's initials. An instrument's questions
// section is written as the table of its items and answers, which holds
// every word of it (forms.ItemsSection); it reports whether it was.
func writeSections(p pen, r *Record) (tabled bool) {
	items := forms.ItemsSection(r.Form)
	if !slices.ContainsFunc(r.Fields, func(f Field) bool { return f.Instrument != "" }) {
		items = ""
	}
	for i, s := range r.Form.Sections {
		p.heading(fmt.Sprintf("%d. %s", i+1, s.Title))
		if s.ID == items {
			writeAnswers(p, instrumentFields(r.Fields, true), false)
			tabled = true
		} else {
			p.paragraphs(s.Text)
		}
		if initials, ok := r.Initials[s.ID]; ok || s.InitialsRequired {
			p.labelled("Initials", initials)
			p.f.Ln(1)
		}
	}
	return tabled
}

// instrumentFields returns the fields of an instrument's items, or, with
// items false, the others.
func instrumentFields(fields []Field, items bool) []Field {
	var out []Field
	for _, f := range fields {
		if (f.Instrument != "") == items {
			out = append(out, f)
		}
	}
	return out
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

// writeFields writes the further answers as tables; a withdrawal's or a
// review's are the details of the record it is about.
func writeFields(p pen, r *Record, fields []Field) {
	if len(fields) == 0 {
		return
	}
	if k := r.Form.Kind; k == forms.KindWithdrawal || k == forms.KindReview {
		p.heading("Details")
	} else {
		p.heading("Answers")
	}
	writeAnswers(p, fields, true)
}

// writeRecordsDisclosure writes the electronic records disclosure and the
// patient's answer to it.
func writeRecordsDisclosure(p pen, r *Record) {
	if strings.TrimSpace(r.Form.RecordsDisclosure) == "" {
		return
	}
	p.heading("Electronic records and signatures")
	p.paragraphs(r.Form.RecordsDisclosure)
	if r.ElectronicRecordsConsent == nil {
		return
	}
	agreed := "No"
	if *r.ElectronicRecordsConsent {
		agreed = "Yes"
	}
	p.labelled("Agreed to receive records electronically", agreed)
}
