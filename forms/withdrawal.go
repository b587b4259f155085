package forms

import (
	"strconv"
	"time"
)

// Kinds of the records that refer to another record. They are not in the
// catalogue: a portal creates them through their own routes.
const (
	KindWithdrawal = "withdrawal"
	KindReview     = "review"
	// referenceVersion is the version of the withdrawal and review texts.
	referenceVersion = "2026-11"
)

// Withdrawal scopes.
const (
	ScopeAll     = "all"
	ScopeClauses = "clauses"
)

// WithdrawalRequest is the body a portal posts, on the patient's behalf,
// to revoke a consent or some of its optional clauses.
type WithdrawalRequest struct {
	// Scope is "all" (the whole consent) or "clauses".
	Scope string `json:"scope" validate:"required,oneof=all clauses"`
	// Clauses lists the clause ids withdrawn when Scope is "clauses".
	Clauses   []string   `json:"clauses,omitempty" validate:"max=16,dive,required,max=64"`
	Reason    string     `json:"reason,omitempty" validate:"max=2000"`
	Signature *Signature `json:"signature" validate:"required"`
}

// Review decisions a clinician may record.
const (
	DecisionApprove            = "approve"
	DecisionDecline            = "decline"
	DecisionRequestInformation = "request_information"
)

// ReviewRequest is the body a clinician posts to review a record and
// counter-sign it.
type ReviewRequest struct {
	Decision  string     `json:"decision" validate:"required,oneof=approve decline request_information"`
	Note      string     `json:"note,omitempty" validate:"max=4000"`
	Signature *Signature `json:"signature" validate:"required"`
}

// ParseWithdrawal decodes and checks a withdrawal body against the consent
// it withdraws: clause ids must be clauses of that version. When the body
// decoded, the request comes back even alongside a *ValidationError, so
// that the caller can add its own problems to the same list.
func ParseWithdrawal(v *Validator, body []byte, consent *Definition) (*WithdrawalRequest, *SignatureResult, error) {
	var req WithdrawalRequest
	p := decode(body, &req, "")
	if p.fatal() {
		return nil, nil, p.err()
	}
	p = append(p, v.check(&req, "")...)
	switch {
	case req.Scope == ScopeClauses && len(req.Clauses) == 0:
		p.add("/clauses", "required", "list the clause ids to withdraw, or use scope \"all\"")
	case req.Scope == ScopeAll && len(req.Clauses) > 0:
		p.add("/clauses", "not_allowed", "must be absent when scope is \"all\": the whole consent is withdrawn")
	}
	seen := map[string]bool{}
	for i, id := range req.Clauses {
		ptr := Pointer("clauses", strconv.Itoa(i))
		if _, ok := consent.Clause(id); !ok && id != "" {
			p.add(ptr, "unknown_clause", "is not an optional clause of %s %s", consent.Kind, consent.Version)
		}
		if seen[id] {
			p.add(ptr, "duplicate", "is listed twice")
		}
		seen[id] = true
	}
	sig, sp := checkSignature(req.Signature)
	p = append(p, sp...)
	p = append(p, checkCredentials(WithdrawalDefinition(), req.Signature)...)
	return &req, sig, p.dedupe().err()
}

// ParseReview decodes and checks a review body; like ParseWithdrawal it
// returns the decoded request alongside a *ValidationError.
func ParseReview(v *Validator, body []byte) (*ReviewRequest, *SignatureResult, error) {
	var req ReviewRequest
	p := decode(body, &req, "")
	if p.fatal() {
		return nil, nil, p.err()
	}
	p = append(p, v.check(&req, "")...)
	if req.Decision != DecisionApprove && req.Note == "" && req.Decision != "" {
		p.add("/note", "required", "say why, when the decision is %q", req.Decision)
	}
	sig, sp := checkSignature(req.Signature)
	p = append(p, sp...)
	p = append(p, checkCredentials(ReviewDefinition(), req.Signature)...)
	return &req, sig, p.dedupe().err()
}

// SignatureResult is a checked signature: its drawn PNG normalised.
type SignatureResult struct {
	PNG []byte
}

// checkSignature applies the signature checks every record shares: intent
// must be true and a drawing must be a sound PNG of at most
// MaxDrawnPNGLength characters.
func checkSignature(s *Signature) (*SignatureResult, problems) {
	var p problems
	res := &SignatureResult{}
	if s == nil {
		return res, p
	}
	if s.Intent != nil && !*s.Intent {
		p.add("/signature/intent", "must_be_true", "must be true: the signer must state the intent to sign")
	}
	if len(s.DrawnPNG) > MaxDrawnPNGLength {
		p.add("/signature/drawn_png", "max", "must be at most %d characters long", MaxDrawnPNGLength)
	} else if s.DrawnPNG != "" {
		png, fe := normalizeSignaturePNG(s.DrawnPNG)
		if fe != nil {
			fe.Pointer = "/signature/drawn_png"
			p = append(p, *fe)
		}
		res.PNG = png
	}
	return res, p
}

// WithdrawalDefinition is the text of a withdrawal record.
func WithdrawalDefinition() *Definition {
	return &Definition{
		Kind: KindWithdrawal, Version: referenceVersion, Title: "Withdrawal of Consent",
		Signers:          []string{SignerPatient},
		SignatureMeaning: "I withdraw my consent as stated in this record",
		Sections: []Section{{
			ID: "withdrawal", Title: "What this record does",
			Text: "This record withdraws consent that you gave earlier. The consent it withdraws is named below by its record number and its SHA-256 fingerprint. " +
				"The withdrawal takes effect at the time shown on this record. It does not undo care you already received. " +
				"The earlier record is kept unchanged, as the law requires.",
		}},
		Attestation:       "I want to withdraw the consent named in this record, to the extent stated.",
		RecordsDisclosure: "You agreed earlier to receive and sign records electronically. You may ask the clinic for a paper copy of this record at no cost.",
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}

// ReviewDefinition is the text of a clinician's review record.
func ReviewDefinition() *Definition {
	return &Definition{
		Kind: KindReview, Version: referenceVersion, Title: "Clinician Review and Counter-signature",
		Signers:          []string{SignerClinician},
		SignatureMeaning: "Reviewed by the clinician named here, with the decision stated",
		Sections: []Section{{
			ID: "review", Title: "What this record does",
			Text: "This record is a clinician's review of the record named below by its record number and SHA-256 fingerprint. " +
				"It states the clinician's decision and counter-signs the record. The reviewed record is kept unchanged.",
		}},
		Attestation: "I have reviewed the record named here. For a consent, I confirm that the patient had the chance to ask questions " +
			"and, in my judgement, had the capacity to consent.",
		RecordsDisclosure: "This review is kept as an electronic record next to the record it reviews.",
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}
