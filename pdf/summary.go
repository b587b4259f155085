package pdf

import (
	"fmt"
	"io"
	"time"

	"github.com/consentry/consentry/forms"
)

// FlagLine is one screening flag on a clinician summary.
type FlagLine struct {
	Severity, Rule, Message, Source string
	Urgent                          bool
}

// Summary is a clinician's view of a stored record: its scores with their
// bands and the screening flags it raised. The signed record never shows
// these (the patient did not see them); the summary says which record it
// summarises and is not itself a record.
type Summary struct {
	ClinicName string
	RecordID   string
	// DocumentSHA256 is the signed record's PDF hash.
	DocumentSHA256 string
	Form           *forms.Definition
	Patient        Patient
	SignedAt       time.Time
	// GeneratedAt is when the summary was made; it is the PDF's date.
	GeneratedAt time.Time
	Ruleset     string
	// Scores are the record's scores in words (forms.ScoreLines), as
	// label/value rows under their Group.
	Scores []Field
	Flags  []FlagLine
}

// RenderSummary writes a clinician summary to w and returns its page
// count.
func RenderSummary(w io.Writer, s *Summary) (pages int, err error) {
	if s == nil || s.Form == nil || s.RecordID == "" {
		return 0, fmt.Errorf("%w: summary without a record", ErrIncompleteRecord)
	}
	defer func() {
		if v := recover(); v != nil {
			pages, err = 0, fmt.Errorf("pdf: render summary of %s: fpdf panicked: %v", s.RecordID, v)
		}
	}()
	f := newDocument(&Record{ID: s.RecordID, Form: s.Form, ClinicName: s.ClinicName, ReceivedAt: s.GeneratedAt})
	p := pen{f}
	f.AddPage()
	p.bold(titleSize)
	p.multiCell(0, 8, tidy(s.ClinicName), "L")
	p.multiCell(0, 8, "Clinician summary: "+tidy(s.Form.Title), "L")
	p.regular(bodySize)
	p.gray(70)
	f.MultiCell(0, lineHeight, "For the care team. This is not the signed record and was not shown to the patient; "+
		"the signed record is named below by its id and SHA-256.", "", "L", false)
	p.gray(0)
	writePatient(p, s.Patient)
	p.heading("Record")
	p.row("Record ID", s.RecordID)
	p.row("Form", s.Form.Kind+" "+s.Form.Version)
	p.hashRow("Record PDF SHA-256", s.DocumentSHA256)
	p.row("Signed at", formatTime(s.SignedAt))
	p.row("Summary made at", formatTime(s.GeneratedAt))
	if s.Ruleset != "" {
		p.row("Screening rule set", s.Ruleset)
	}
	p.heading("Scores")
	if len(s.Scores) == 0 {
		p.paragraphs("This form has no scores.")
	}
	writeFieldRows(p, s.Scores)
	p.heading("Screening flags")
	if len(s.Flags) == 0 {
		p.paragraphs("No screening rule fired on this record.")
	}
	for _, fl := range s.Flags {
		label := fl.Severity
		if fl.Urgent {
			label += ", URGENT"
		}
		p.row(label, fl.Message+"\n"+fl.Rule+" · "+fl.Source)
	}
	if err := checkSummaryText(s); err != nil {
		return 0, err
	}
	pages = f.PageNo()
	if err := f.Output(w); err != nil {
		return 0, fmt.Errorf("pdf: render summary of %s: %w", s.RecordID, err)
	}
	return pages, nil
}

// checkSummaryText refuses characters the fonts cannot draw.
func checkSummaryText(s *Summary) error {
	fields := []field{{"clinic name", s.ClinicName}, {"patient family name", s.Patient.FamilyName},
		{"patient given name", s.Patient.GivenName}}
	for i, f := range s.Flags {
		fields = append(fields, field{fmt.Sprintf("flag %d", i+1), f.Message + f.Rule + f.Source})
	}
	for i, sc := range s.Scores {
		fields = append(fields, field{fmt.Sprintf("score %d", i+1), sc.Group + sc.Label + sc.Value})
	}
	return supported(false, fields)
}
