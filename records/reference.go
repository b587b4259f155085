package records

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf"
)

// withdrawalBody is what a stored withdrawal's body holds: the request,
// with the record it withdraws.
type withdrawalBody struct {
	forms.WithdrawalRequest
	Withdraws       string `json:"withdraws"`
	WithdrawsSHA256 string `json:"withdraws_document_sha256"`
}

// reviewBody is what a stored review's body holds.
type reviewBody struct {
	forms.ReviewRequest
	Reviews       string `json:"reviews"`
	ReviewsSHA256 string `json:"reviews_document_sha256"`
}

// referenced is the record a withdrawal or a review is about: the record,
// its document and its patient.
type referenced struct {
	record  *models.Submission
	doc     *models.Document
	patient *models.Patient
}

// referencedRecord loads the record a withdrawal or review is about.
func (s *Service) referencedRecord(ctx context.Context, a Actor, id string) (*referenced, error) {
	orig, err := s.readable(ctx, a, id)
	if err != nil {
		return nil, err
	}
	doc, err := s.store.DocumentInfo(ctx, orig.ID)
	if err != nil {
		return nil, err
	}
	pt, err := s.store.Patient(ctx, orig.PatientID)
	if err != nil {
		return nil, err
	}
	return &referenced{record: orig, doc: doc, patient: pt}, nil
}

// referenceDraft is the draft of a record about another: its body names
// the other record and its PDF's hash; its PDF shows fields about it. Its
// signer is not asked to agree to electronic records (a withdrawal's
// patient agreed when signing the consent; a review's clinician is never
// asked), so its PDF prints the disclosure without an answer.
func (s *Service) referenceDraft(action string, def *forms.Definition, ref *referenced, body any,
	fields []pdf.Field, sig *forms.Signature, png []byte, meaning, role string) (draft, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return draft{}, err
	}
	canon, err := forms.CanonicalJSON(raw)
	if err != nil {
		return draft{}, err
	}
	name := signerName(sig.TypedName, sig.Credentials)
	return draft{
		action: action, def: def, patient: ref.patient, at: s.clock.Now(), body: canon,
		refersTo: ref.record.ID, fields: fields, facts: referenceFacts(body),
		signer: pdf.Signer{Name: name, Role: role, Meaning: meaning, DrawnPNG: png},
	}, nil
}

// referenceFacts are the consent facts of a withdrawal's, a review's or
// an acknowledgement's body, from the typed body (models.ConsentFactsOf
// reads the same from the stored one); nil for any other body.
func referenceFacts(body any) *models.ConsentFacts {
	switch b := body.(type) {
	case withdrawalBody:
		return &models.ConsentFacts{Scope: b.Scope, Clauses: b.Clauses}
	case reviewBody:
		return &models.ConsentFacts{Decision: b.Decision}
	case acknowledgementBody:
		f := &models.ConsentFacts{Acknowledges: b.Acknowledges, Rule: b.Rule, Actions: b.Actions, Note: b.Note}
		if b.Signature != nil {
			f.SignerName, f.SignerCredentials = b.Signature.TypedName, b.Signature.Credentials
		}
		return f
	}
	return nil
}

// signerName is the name printed for a signer: the typed name, then the
// credentials, unless the typed name already ends with them ("Dr. Ana
// Rivera, MD" with credentials "MD" stays as typed).
func signerName(typed, credentials string) string {
	if credentials == "" || strings.HasSuffix(typed, ", "+credentials) {
		return typed
	}
	return typed + ", " + credentials
}

// signedOn is how a referenced record's time is printed.
func signedOn(r *models.Submission) string {
	return r.CreatedAt.UTC().Format("2006-01-02 15:04:05 UTC")
}

// ErrUnknownVersion means a stored record names a form version that
// neither this replica's catalogue nor the store's published versions
// hold; the caller may retry once the version reaches this replica.
var ErrUnknownVersion = errors.New("records: the record's form version is not in the catalogue")

// definitionOf returns the definition a stored record was signed under,
// looking in the store for versions other replicas published when this
// replica does not know it yet.
func (s *Service) definitionOf(ctx context.Context, r *models.Submission) (*forms.Definition, error) {
	def, err := s.catalogue.Version(r.Form, r.Version)
	if err == nil {
		return def, nil
	}
	if err := s.published.sync(ctx); err != nil {
		return nil, err
	}
	if def, err = s.catalogue.Version(r.Form, r.Version); err != nil {
		return nil, ErrUnknownVersion
	}
	return def, nil
}
