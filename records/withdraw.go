package records

import (
	"context"
	"strconv"
	"strings"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/pdf"
)

// Withdraw records a patient's withdrawal of a consent, in full or of
// some optional clauses, as a sealed record of its own that names the
// consent and its PDF's hash. The consent itself never changes.
//
// It answers an *Error: NotFound for a record the actor may not see,
// Conflict ("not-a-consent", "already-withdrawn"); a
// *forms.ValidationError naming every bad field; ErrUnknownVersion; or the
// store's error.
func (s *Service) Withdraw(ctx context.Context, a Actor, submissionID string, body []byte) (*Receipt, error) {
	ref, err := s.referencedRecord(ctx, a, submissionID)
	if err != nil {
		return nil, err
	}
	orig := ref.record
	if orig.Form == forms.KindWithdrawal || orig.Form == forms.KindReview || orig.Form == forms.KindAcknowledgement {
		return nil, errNotAConsent(orig.Form)
	}
	def, err := s.definitionOf(ctx, orig)
	if err != nil {
		return nil, err
	}
	if len(def.Clauses) == 0 && orig.Form != forms.KindKAPConsent {
		return nil, errNotAConsent(orig.Form)
	}
	req, sig, err := forms.ParseWithdrawal(s.validator, body, def)
	errs, err := problemsOf(req != nil, err)
	if err != nil {
		return nil, err
	}
	state, err := s.consentState(ctx, orig.PatientID, orig.ID)
	if err != nil {
		return nil, err
	}
	if state.withdrawnAt != nil {
		return nil, conflict("already-withdrawn", "this consent was already withdrawn in full")
	}
	errs = append(errs, unprintable(map[string]string{"/signature/typed_name": typedName(req.Signature), "/reason": req.Reason})...)
	for i, id := range req.Clauses {
		ptr := forms.Pointer("clauses", strconv.Itoa(i))
		switch {
		case !state.accepted[id]:
			errs = append(errs, forms.FieldError{Pointer: ptr, Code: "not_accepted", Message: "this clause was declined, so there is nothing to withdraw"})
		case state.clauseWithdrawn[id] != nil:
			errs = append(errs, forms.FieldError{Pointer: ptr, Code: "already_withdrawn", Message: "this clause was already withdrawn"})
		}
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}

	scope := "The whole consent"
	if req.Scope == forms.ScopeClauses {
		var titles []string
		for _, id := range req.Clauses {
			cl, _ := def.Clause(id)
			titles = append(titles, cl.Title+" ("+id+")")
		}
		scope = "These optional parts only: " + strings.Join(titles, "; ")
	}
	fields := []pdf.Field{
		{Label: "Consent withdrawn", Value: def.Title + ", version " + def.Version},
		{Label: "Record withdrawn", Value: orig.ID},
		{Label: "Its PDF SHA-256", Value: ref.doc.SHA256},
		{Label: "Signed on", Value: signedOn(orig)},
		{Label: "What is withdrawn", Value: scope},
	}
	if req.Reason != "" {
		fields = append(fields, pdf.Field{Label: "Reason given", Value: req.Reason})
	}
	wdef := forms.WithdrawalDefinition()
	stored := withdrawalBody{WithdrawalRequest: *req, Withdraws: orig.ID, WithdrawsSHA256: ref.doc.SHA256}
	d, err := s.referenceDraft("withdrawal.create", wdef, ref, stored, fields, req.Signature, sig.PNG, wdef.SignatureMeaning, forms.SignerPatient)
	if err != nil {
		return nil, err
	}
	d.hook = map[string]any{"scope": req.Scope}
	return s.sealRecord(ctx, a, d)
}

func errNotAConsent(form string) *Error {
	return conflict("not-a-consent", "only a consent can be withdrawn; this record is a "+form)
}

// consentState is where one consent stands now, for the withdrawal checks.
func (s *Service) consentState(ctx context.Context, patientID, consentID string) (*ConsentStatus, error) {
	now := s.clock.Now()
	records, err := s.store.StatusRecords(ctx, patientID, now)
	if err != nil {
		return nil, err
	}
	for _, cs := range consentStatuses(records, s.catalogue, now, 0) {
		if cs.SubmissionID == consentID {
			return cs, nil
		}
	}
	return nil, notFound("consent")
}
