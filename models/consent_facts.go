package models

import (
	"encoding/json"
	"slices"

	"github.com/consentry/consentry/forms"
)

// ConsentFacts is what consent status needs of one record, derived from
// its body. It is stored beside the record at write time (table
// consent_facts) so that a status read decodes no body: a consent's body
// carries the drawn signature, tens of KB of base64 that json.Unmarshal
// must scan whole. Which fields are set depends on the record's form.
type ConsentFacts struct {
	// Invalid means the body did not decode as its form's: status skips
	// such a withdrawal, review or acknowledgement.
	Invalid bool `json:"invalid,omitempty"`
	// Accepted lists, sorted, the clauses a consent's answers accepted
	// (answers.clauses set to true).
	Accepted []string `json:"accepted,omitempty"`
	// Scope and Clauses are a withdrawal's.
	Scope   string   `json:"scope,omitempty"`
	Clauses []string `json:"clauses,omitempty"`
	// Decision is a review's.
	Decision string `json:"decision,omitempty"`
	// Acknowledges, Rule, Actions, Note and the signer's typed name and
	// credentials are an acknowledgement's.
	Acknowledges      string   `json:"acknowledges,omitempty"`
	Rule              string   `json:"rule,omitempty"`
	Actions           []string `json:"actions,omitempty"`
	Note              string   `json:"note,omitempty"`
	SignerName        string   `json:"signer_name,omitempty"`
	SignerCredentials string   `json:"signer_credentials,omitempty"`
}

// consentFactsRow is a row of consent_facts.
type consentFactsRow struct {
	SubmissionID string `gorm:"primaryKey"`
	RefersTo     string
	Facts        string
}

func (consentFactsRow) TableName() string { return "consent_facts" }

// Encode is the facts as stored: JSON, with fields in a fixed order.
func (f *ConsentFacts) Encode() string {
	b, _ := json.Marshal(f) // strings and slices of strings always encode
	return string(b)
}

// ConsentFactsOf derives a record's facts from its form and stored body,
// as consent status has always read them: a withdrawal's, a review's or an
// acknowledgement's whole body, or any other record's answers.clauses.
// The write path builds the same facts from the typed request instead
// (records), which costs no decode; Verify checks that the two agree.
func ConsentFactsOf(form string, body []byte) ConsentFacts {
	var f ConsentFacts
	switch form {
	case forms.KindWithdrawal:
		// The shapes are the stored bodies' (records' withdrawalBody,
		// reviewBody and acknowledgementBody), so that a body decodes,
		// or fails to, exactly as status always decoded it.
		var w struct {
			forms.WithdrawalRequest
			Withdraws       string `json:"withdraws"`
			WithdrawsSHA256 string `json:"withdraws_document_sha256"`
		}
		if json.Unmarshal(body, &w) != nil {
			return ConsentFacts{Invalid: true}
		}
		f.Scope, f.Clauses = w.Scope, w.Clauses
	case forms.KindReview:
		var r struct {
			forms.ReviewRequest
			Reviews       string `json:"reviews"`
			ReviewsSHA256 string `json:"reviews_document_sha256"`
		}
		if json.Unmarshal(body, &r) != nil {
			return ConsentFacts{Invalid: true}
		}
		f.Decision = r.Decision
	case forms.KindAcknowledgement:
		var a struct {
			forms.AcknowledgementRequest
			Acknowledges       string `json:"acknowledges"`
			AcknowledgesSHA256 string `json:"acknowledges_document_sha256"`
			FlagMessage        string `json:"flag_message"`
		}
		if json.Unmarshal(body, &a) != nil {
			return ConsentFacts{Invalid: true}
		}
		f.Acknowledges, f.Rule, f.Actions, f.Note = a.Acknowledges, a.Rule, a.Actions, a.Note
		if a.Signature != nil {
			f.SignerName, f.SignerCredentials = a.Signature.TypedName, a.Signature.Credentials
		}
	default:
		// A body that does not decode keeps what it decoded (nothing for
		// a syntax error), as status always took it.
		var b struct {
			Answers forms.ConsentAnswers `json:"answers"`
		}
		_ = json.Unmarshal(body, &b)
		f.Accepted = AcceptedClauses(&b.Answers)
	}
	return f
}

// AcceptedClauses lists, sorted, the clauses answers accepted.
func AcceptedClauses(a *forms.ConsentAnswers) []string {
	var out []string
	for id := range a.Clauses {
		if a.Accepted(id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// ConsentAccepted reports whether the consent accepted clause id.
func (f *ConsentFacts) ConsentAccepted(id string) bool {
	_, ok := slices.BinarySearch(f.Accepted, id)
	return ok
}
