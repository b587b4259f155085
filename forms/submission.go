package forms

import (
	"encoding/json"
	"time"
)

// Signature is the signer's electronic signature on a submission.
type Signature struct {
	TypedName string `json:"typed_name" validate:"required,max=200,text"`
	// DrawnPNG is an optional base64-encoded PNG of the drawn signature.
	// At most MaxDrawnPNGLength characters: checkSignature checks it.
	DrawnPNG string `json:"drawn_png,omitempty"`
	// Intent must be true: the signer's explicit act of signing.
	Intent *bool `json:"intent" validate:"required"`
	// Credentials are the signer's professional credentials, e.g. "MD,
	// DEA-registered": required on a form a clinician signs first (the
	// treatment plan), refused on a patient's.
	Credentials string `json:"credentials,omitempty" validate:"omitempty,max=100,text"`
}

// SubmissionRequest is the envelope a portal posts to create a record.
type SubmissionRequest struct {
	Form      string          `json:"form" validate:"required,max=64"`
	Version   string          `json:"version" validate:"required,max=32"`
	PatientID string          `json:"patient_id" validate:"required,uuid"`
	Answers   json.RawMessage `json:"answers"`
	// Initials maps a section or clause id to the patient's initials.
	Initials  map[string]string `json:"initials" validate:"max=64"`
	Signature *Signature        `json:"signature" validate:"required"`
	// ElectronicRecordsConsent must be true: the ESIGN consent to
	// receive and sign records electronically.
	ElectronicRecordsConsent *bool `json:"electronic_records_consent" validate:"required"`
}

// Submission is a request that passed every check, with its answers
// decoded and its drawn signature normalised.
type Submission struct {
	Definition *Definition
	Request    *SubmissionRequest
	// Answers is the kind's decoded answers, e.g. *ConsentAnswers.
	Answers any
	// SignaturePNG is the drawn signature re-encoded as a plain PNG, or nil.
	SignaturePNG []byte

	// valid is set when the submission passed every check, so that it may
	// be scored.
	valid bool
}

// Valid reports whether the submission passed every check of
// ParseSubmission, so that its answers may be scored and screened. A
// Submission returned alongside an error is not valid.
func (s *Submission) Valid() bool { return s != nil && s.valid && s.Definition != nil }

// ParseSubmission decodes and checks a submission body against the
// catalogue. It returns every problem at once as a *ValidationError. The
// patient's existence is the caller's to check: when the body decoded, the
// returned Submission holds the request even alongside an error, so that
// the caller can add its own problems to the same list. So are the checks
// that need the clock or stored records: see Submission.CheckContext.
//
// ParseSubmission decodes and checks; it does not score or screen. That
// is package screening's (Screener.Assess), which needs the patient.
func (c *Catalogue) ParseSubmission(v *Validator, body []byte) (*Submission, error) {
	var req SubmissionRequest
	p := decode(body, &req, "")
	if p.fatal() {
		return nil, p.err()
	}
	p = append(p, v.check(&req, "")...)
	def, found := c.lookup(req.Form, req.Version, &p)
	sub := &Submission{Definition: def, Request: &req}
	sig, sp := checkSignature(req.Signature)
	p = append(p, sp...)
	sub.SignaturePNG = sig.PNG
	if req.ElectronicRecordsConsent != nil && !*req.ElectronicRecordsConsent {
		p.add("/electronic_records_consent", "must_be_true",
			"must be true: records are kept electronically, so the signer must agree to that first")
	}
	if found {
		kind := kinds[def.Kind]
		answers, ap := kind.parse(def, &req, v)
		p = append(p, ap...)
		sub.Answers = answers
		p = append(p, checkInitials(def, &req)...)
		p = append(p, checkCredentials(def, req.Signature)...)
	}
	p = p.dedupe()
	sub.valid = len(p) == 0
	return sub, p.err()
}

// lookup finds the definition a request names, adding a problem if it is
// unknown or not published.
func (c *Catalogue) lookup(kind, version string, p *problems) (*Definition, bool) {
	if kind == "" || version == "" {
		return nil, false
	}
	if _, ok := kinds[kind]; !ok {
		p.add("/form", "unknown_form", "is not a form in the catalogue; see GET /v1/forms")
		return nil, false
	}
	def, err := c.Version(kind, version)
	if err != nil {
		p.add("/version", "unknown_version", "is not a published version of this form; see GET /v1/forms/%s", kind)
		return nil, false
	}
	return def, true
}

// checkInitials requires initials for every section that asks for them and
// for every clause decision, and refuses initials for anything else.
func checkInitials(def *Definition, req *SubmissionRequest) problems {
	var p problems
	for _, s := range def.Sections {
		if s.InitialsRequired && req.Initials[s.ID] == "" {
			p.add(Pointer("initials", s.ID), "required", "section %q needs the patient's initials", s.ID)
		}
	}
	for id, v := range req.Initials {
		_, isSection := def.Section(id)
		_, isClause := def.Clause(id)
		switch {
		case !isSection && !isClause:
			p.add(Pointer("initials", id), "unknown_section", "is not a section or clause of %s %s", def.Kind, def.Version)
		case v == "" && isSection:
			// A required section's blank initials are reported above.
			if s, _ := def.Section(id); !s.InitialsRequired {
				p.add(Pointer("initials", id), "initials", "must be one to four letters")
			}
		case !initialsRE.MatchString(v):
			p.add(Pointer("initials", id), "initials", "must be one to four letters")
		}
	}
	sortProblems(p)
	return p
}

// checkCredentials requires the signer's credentials on a form a
// clinician signs first, and refuses them on a patient's.
func checkCredentials(def *Definition, s *Signature) problems {
	var p problems
	if s == nil || len(def.Signers) == 0 {
		return p
	}
	switch clinician := def.Signers[0] == SignerClinician; {
	case clinician && s.Credentials == "":
		p.add("/signature/credentials", "required", "is required on a form signed by a clinician, e.g. \"MD, DEA-registered\"")
	case !clinician && s.Credentials != "":
		p.add("/signature/credentials", "unknown", "is only for forms signed by a clinician")
	}
	return p
}

// CheckContext runs the checks of a parsed submission that need the
// server's clock or the patient's stored records (CheckSession for a
// pre-session checklist, CheckVitalsDate for a medical history) and
// returns their problems, or nil. plan is the patient's current treatment
// plan, nil if none. Call it after ParseSubmission succeeded and before
// storing.
func (s *Submission) CheckContext(now time.Time, plan *TreatmentPlanAnswers) []FieldError {
	switch a := s.Answers.(type) {
	case *PreSessionChecklistAnswers:
		return CheckSession(a, plan, now)
	case *MedicalHistoryAnswers:
		return CheckVitalsDate(a, now)
	case *AdministrationAnswers:
		return CheckAdministration(a, plan, now)
	case *MonitoringAnswers:
		return CheckMonitoring(a, plan, now)
	}
	return nil
}
