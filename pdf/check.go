package pdf

import (
	"errors"
	"fmt"
	"strings"
)

// ErrIncompleteRecord is returned, wrapped, by Render for a record that lacks
// something its form requires, such as required initials or a signer.
var ErrIncompleteRecord = errors.New("pdf: incomplete record")

// ErrUnsupportedText is returned, wrapped, by Render for a record holding a
// character the embedded fonts have no glyph for, which would otherwise be
// drawn as an empty box. The error names the field and the code point, never
// the text.
var ErrUnsupportedText = errors.New("pdf: character not supported by the fonts")

// Supported reports whether Render can draw every character of s in its
// body faces: DejaVu Sans's repertoire of Latin, Greek, Cyrillic, Armenian
// and Georgian, and the fonts of Arabic, Hebrew, Devanagari, Thai and
// Chinese, Japanese and Korean (scripts.go). A caller can use it to reject
// a name with a precise error before Render refuses the whole record with
// ErrUnsupportedText.
func Supported(s string) bool {
	return supported(false, []field{{"text", s}}) == nil
}

// check reports whether r holds everything Render draws, in characters the
// fonts can show.
func check(r *Record) error {
	if r == nil || r.Form == nil {
		return fmt.Errorf("%w: no form", ErrIncompleteRecord)
	}
	if r.ID == "" {
		return fmt.Errorf("%w: no id", ErrIncompleteRecord)
	}
	incomplete := func(format string, args ...any) error {
		return fmt.Errorf("%w: record %s: %s", ErrIncompleteRecord, r.ID, fmt.Sprintf(format, args...))
	}
	switch {
	case r.ReceivedAt.IsZero():
		return incomplete("no receipt time")
	case len(r.Signers) == 0:
		return incomplete("no signer")
	}
	for _, s := range r.Form.Sections {
		if s.InitialsRequired && strings.TrimSpace(r.Initials[s.ID]) == "" {
			return incomplete("section %q needs initials", s.ID)
		}
	}
	for _, c := range r.Form.Clauses {
		if _, ok := r.Clauses[c.ID]; !ok {
			return incomplete("clause %q has no decision", c.ID)
		}
	}
	return checkText(r)
}

// field is one string Render draws, named for error messages.
type field struct{ name, text string }

// checkText checks every string Render draws against the face it is drawn
// in.
func checkText(r *Record) error {
	d, p := r.Form, r.Patient
	bold := []field{{"clinic name", r.ClinicName}, {"form title", d.Title}}
	regular := []field{
		{"form kind", d.Kind}, {"form version", d.Version},
		{"signature meaning", d.SignatureMeaning}, {"attestation", d.Attestation},
		{"records disclosure", d.RecordsDisclosure},
		{"patient family name", p.FamilyName}, {"patient given name", p.GivenName},
		{"patient birth date", p.BirthDate}, {"patient sex", p.Sex},
		{"patient external id", p.ExternalID}, {"patient email", p.Email},
		{"patient phone", p.Phone}, {"patient emergency contact", p.EmergencyContact},
		{"record id", r.ID}, {"body hash", r.BodySHA256},
	}
	for _, s := range d.Sections {
		bold = append(bold, field{"section " + s.ID + " title", s.Title})
		regular = append(regular, field{"section " + s.ID + " text", s.Text},
			field{"section " + s.ID + " initials", r.Initials[s.ID]})
	}
	for _, c := range d.Clauses {
		bold = append(bold, field{"clause " + c.ID + " title", c.Title})
		regular = append(regular, field{"clause " + c.ID + " text", c.Text},
			field{"clause " + c.ID + " initials", r.Initials[c.ID]})
	}
	for i, f := range r.Fields {
		n := fmt.Sprintf("field %d ", i+1)
		bold = append(bold, field{n + "label", f.Label}, field{n + "group", f.Group}, field{n + "instrument", f.Instrument})
		regular = append(regular, field{n + "label", f.Label}, field{n + "value", f.Value},
			field{n + "item", f.Item}, field{n + "options", f.Options}, field{n + "points", f.Points})
	}
	for i, s := range r.Signers {
		n := fmt.Sprintf("signer %d ", i+1)
		regular = append(regular, field{n + "name", s.Name}, field{n + "role", s.Role},
			field{n + "meaning", s.Meaning}, field{n + "IP", s.IP},
			field{n + "user agent", s.UserAgent}, field{n + "key name", s.KeyName})
	}
	if err := supported(true, bold); err != nil {
		return err
	}
	return supported(false, regular)
}

// supported returns an ErrUnsupportedText error for the first character
// no typeface of the style has. Tabs and line breaks are allowed: they are
// laid out, not drawn. The scripts' fonts are read only for a character
// DejaVu Sans lacks.
func supported(bold bool, fields []field) error {
	cv := regularFace().coverage
	if bold {
		cv = boldFace().coverage
	}
	for _, f := range fields {
		for _, c := range f.text {
			if c == '\n' || c == '\r' || c == '\t' || cv.has(c) || drawable(c, bold) {
				continue
			}
			return fmt.Errorf("%w: %s contains U+%04X", ErrUnsupportedText, f.name, c)
		}
	}
	return nil
}
