package records

import (
	"context"
	"strings"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/pdf"
)

// reviewDecisions are the decisions as the review's PDF prints them.
var reviewDecisions = map[string]string{
	forms.DecisionApprove: "Approved", forms.DecisionDecline: "Declined",
	forms.DecisionRequestInformation: "More information requested",
}

// Review records a clinician's review of a record and their
// counter-signature, as a sealed record of its own that names the
// reviewed record and its PDF's hash.
//
// It answers an *Error: NotFound for an unknown record, Conflict
// ("not-reviewable") for a review; a *forms.ValidationError naming every
// bad field; or the store's error.
func (s *Service) Review(ctx context.Context, a Actor, submissionID string, body []byte) (*Receipt, error) {
	ref, err := s.referencedRecord(ctx, a, submissionID)
	if err != nil {
		return nil, err
	}
	orig := ref.record
	if orig.Form == forms.KindReview || orig.Form == forms.KindAcknowledgement {
		return nil, conflict("not-reviewable", "a review or an acknowledgement cannot itself be reviewed; review the original record")
	}
	req, sig, err := forms.ParseReview(s.validator, body)
	errs, err := problemsOf(req != nil, err)
	if err != nil {
		return nil, err
	}
	errs = append(errs, unprintable(map[string]string{"/signature/typed_name": typedName(req.Signature), "/note": req.Note})...)
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	decision := reviewDecisions[req.Decision]
	fields := []pdf.Field{
		{Label: "Record reviewed", Value: orig.ID},
		{Label: "Its form", Value: orig.Form + " " + orig.Version},
		{Label: "Its PDF SHA-256", Value: ref.doc.SHA256},
		{Label: "Signed on", Value: signedOn(orig)},
		{Label: "Decision", Value: decision},
	}
	if req.Note != "" {
		fields = append(fields, pdf.Field{Label: "Note", Value: req.Note})
	}
	stored := reviewBody{ReviewRequest: *req, Reviews: orig.ID, ReviewsSHA256: ref.doc.SHA256}
	meaning := "Reviewed by the clinician named here; decision: " + strings.ToLower(decision)
	d, err := s.referenceDraft("review.create", forms.ReviewDefinition(), ref, stored, fields, req.Signature, sig.PNG, meaning, forms.SignerClinician)
	if err != nil {
		return nil, err
	}
	d.hook = map[string]any{"decision": req.Decision}
	return s.sealRecord(ctx, a, d)
}
