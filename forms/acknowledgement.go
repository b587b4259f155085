package forms

import (
	"strconv"
	"time"
)

// KindAcknowledgement is a clinician's acknowledgement of an urgent
// screening flag: like a review, a record of its own about another record,
// created through its own route and not in the catalogue.
const KindAcknowledgement = "acknowledgement"

// AcknowledgementActions are the actions a clinician may record as taken
// on an urgent flag.
var AcknowledgementActions = []string{
	"safety-assessment", "safety-plan-reviewed", "crisis-line-given", "support-person-contacted",
	"referred", "emergency-services", "session-held", "no-further-action",
}

// AcknowledgementRequest is the body a clinician posts to acknowledge an
// urgent flag a record raised.
type AcknowledgementRequest struct {
	// Rule is the urgent rule's id, e.g. "phq9-item9".
	Rule string `json:"rule" validate:"required,max=64"`
	// Actions are what the clinician did about it.
	Actions   []string   `json:"actions" validate:"required,min=1,max=8,dive,oneof=safety-assessment safety-plan-reviewed crisis-line-given support-person-contacted referred emergency-services session-held no-further-action"`
	Note      string     `json:"note,omitempty" validate:"max=4000"`
	Signature *Signature `json:"signature" validate:"required"`
}

// ParseAcknowledgement decodes and checks an acknowledgement body; like
// ParseReview it returns the decoded request alongside a
// *ValidationError. Whether the record raised the rule is the caller's to
// check.
func ParseAcknowledgement(v *Validator, body []byte) (*AcknowledgementRequest, *SignatureResult, error) {
	var req AcknowledgementRequest
	p := decode(body, &req, "")
	if p.fatal() {
		return nil, nil, p.err()
	}
	p = append(p, v.check(&req, "")...)
	seen := map[string]bool{}
	for i, a := range req.Actions {
		if seen[a] {
			p.add(Pointer("actions", strconv.Itoa(i)), "duplicate", "is listed twice")
		}
		seen[a] = true
	}
	if seen["no-further-action"] && req.Note == "" {
		p.add("/note", "required", "say why no further action is needed")
	}
	sig, sp := checkSignature(req.Signature)
	p = append(p, sp...)
	p = append(p, checkCredentials(AcknowledgementDefinition(), req.Signature)...)
	return &req, sig, p.dedupe().err()
}

// AcknowledgementDefinition is the text of an acknowledgement record.
func AcknowledgementDefinition() *Definition {
	return &Definition{
		Kind: KindAcknowledgement, Version: referenceVersion, Title: "Clinician Acknowledgement of an Urgent Flag",
		Signers:          []string{SignerClinician},
		SignatureMeaning: "Acknowledged by the clinician named here, with the actions stated",
		Sections: []Section{{
			ID: "acknowledgement", Title: "What this record does",
			Text: "This record is a clinician's acknowledgement of an urgent safety flag that the record named below raised. " +
				"The record is named by its record number and SHA-256 fingerprint, the flag by its rule. " +
				"It states what the clinician did about it. The flagged record is kept unchanged.",
		}},
		Attestation:       "I have seen the urgent flag named here and taken the actions stated.",
		RecordsDisclosure: "This acknowledgement is kept as an electronic record next to the record it answers.",
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}
