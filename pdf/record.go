package pdf

import (
	"time"

	"github.com/consentry/consentry/forms"
)

// Patient is the patient block printed on a record, as it stood when the
// record was signed.
type Patient struct {
	ID               string
	ExternalID       string
	GivenName        string
	FamilyName       string
	BirthDate        string // YYYY-MM-DD
	Sex              string
	Email            string
	Phone            string
	EmergencyContact string // one line: name, relationship, phone
}

// Signer is one signature on a record.
type Signer struct {
	Name      string // printed (typed) name
	Role      string // forms.SignerPatient, forms.SignerClinician
	Meaning   string // what the signature means, e.g. "I consent"
	At        time.Time
	IP        string
	UserAgent string
	KeyName   string // the API key's name that carried the signature
	DrawnPNG  []byte // optional drawn signature, a valid PNG
}

// Field is one answered question shown on a record, for forms whose answers
// are not consent sections. Fields of a standard instrument (Instrument
// set) print as a table of item number, question, answer and value; the
// others print as label/value rows under their Group.
type Field struct {
	// Group names the part of the form the question is in, or "".
	Group string
	Label string
	Value string
	// Instrument is the instrument's short name on each of its items,
	// e.g. "PHQ-9"; Item the item's number ("" for an unnumbered
	// question); Options the item's own answer options; Points the
	// answer's value.
	Instrument, Item, Options, Points string
}

// Record is everything a rendered record shows. Render uses nothing else, so
// the same Record always renders to the same bytes.
type Record struct {
	ClinicName string
	ID         string // the record (submission) id
	Form       *forms.Definition
	Patient    Patient
	// Initials maps section id to the initials the patient typed.
	Initials map[string]string
	// Clauses maps optional clause id to the patient's decision.
	Clauses map[string]bool
	// Fields are further answers, in order.
	Fields  []Field
	Signers []Signer
	// ElectronicRecordsConsent is the signer's answer to the form's
	// electronic records disclosure, or nil when the signer was not asked
	// (a withdrawal's patient agreed earlier; a review's clinician is not
	// asked): the record then prints the disclosure without an answer.
	ElectronicRecordsConsent *bool
	// ReceivedAt is the server's receipt time, UTC; it is also the PDF's
	// creation date.
	ReceivedAt time.Time
	// BodySHA256 is the hex SHA-256 of the canonical submission body.
	BodySHA256 string
	// Ruleset is the screening rule set stamped on the record, or "".
	Ruleset string
	// Certificate is the clinic's sealing certificate, printed on the
	// certificate page; nil leaves that part out.
	Certificate *Certificate
}

// AnswerFields turns a form's answer lines into the fields a record
// prints, in order.
func AnswerFields(lines []forms.AnswerLine) []Field {
	out := make([]Field, len(lines))
	for i, l := range lines {
		out[i] = Field{Group: l.Group, Label: l.Label, Value: l.Value,
			Instrument: l.Instrument, Item: l.Item, Options: l.Options, Points: l.Points}
	}
	return out
}
