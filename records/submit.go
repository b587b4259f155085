package records

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/screening"
)

// Submit checks a submission body a portal (or, for a form a clinician
// signs, a clinician) sent, screens it once, and seals and stores it. It
// answers a *forms.ValidationError naming every bad field at once, an
// *Error (Forbidden) when the actor's role does not sign this form, or the
// store's error; nothing is stored then.
func (s *Service) Submit(ctx context.Context, a Actor, body []byte) (*Receipt, error) {
	sub, err := s.catalogue.ParseSubmission(s.validator, body)
	var ve *forms.ValidationError
	if err != nil && !errors.As(err, &ve) {
		return nil, err
	}
	var errs []forms.FieldError
	if ve != nil {
		errs = ve.Errors
	}
	if sub != nil && sub.Definition != nil && !a.signs(signerRole(sub.Definition)) {
		return nil, &Error{Code: Forbidden, Slug: "forbidden",
			Detail: "this form is signed by the " + sub.Definition.Signers[0] + "; send it with a " + signerRole(sub.Definition) + " key"}
	}
	if sub != nil && sub.Definition != nil && !a.invitedTo(sub.Definition.Kind) {
		errs = append(errs, forms.FieldError{Pointer: "/form", Code: "not_invited",
			Message: "this invitation does not ask for this form"})
	}
	if sub != nil {
		errs = append(errs, unprintable(shownValues(sub))...)
	}
	// The patient's existence is checked even when other fields failed,
	// so that every problem is reported at once.
	var patient *models.Patient
	if sub != nil && uuid.Validate(sub.Request.PatientID) == nil {
		patient, err = s.store.Patient(ctx, sub.Request.PatientID)
		if err == nil && !a.seesPatient(patient) {
			// Another portal's patient is, to this portal, no patient.
			err = models.ErrNotFound
		}
		switch {
		case errors.Is(err, models.ErrNotFound):
			patient = nil
			errs = append(errs, forms.FieldError{Pointer: "/patient_id", Code: "unknown_patient",
				Message: "no patient has this id; create the patient with POST /v1/patients first"})
		case err != nil:
			return nil, err
		}
	}
	now := s.clock.Now()
	var plan *forms.TreatmentPlanAnswers
	if patient != nil && sub.Definition != nil {
		if plan, err = s.latestPlan(ctx, patient.ID, now); err != nil {
			return nil, err
		}
		if len(errs) == 0 {
			errs = append(errs, sub.CheckContext(now, plan)...)
		}
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	canon, err := forms.CanonicalJSON(body)
	if err != nil {
		return nil, err
	}
	d := s.submissionDraft(sub, patient, now, plan)
	d.body = canon
	return s.sealRecord(ctx, a, d)
}

// signerRole is the role of the key that submits a form: the form's first
// signer signs it, through a portal for a patient and with their own key
// for a clinician.
func signerRole(def *forms.Definition) string {
	if len(def.Signers) > 0 && def.Signers[0] == forms.SignerClinician {
		return models.RoleClinician
	}
	return models.RolePortal
}

// latestPlan returns the patient's newest treatment plan signed by now,
// or nil.
func (s *Service) latestPlan(ctx context.Context, patientID string, now time.Time) (*forms.TreatmentPlanAnswers, error) {
	last, err := s.store.LatestRecord(ctx, patientID, forms.KindTreatmentPlan, now)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ans, err := screening.DecodeStored(s.catalogue, last.ID, last.Form, last.Version, last.CreatedAt, []byte(last.Body))
	if err != nil {
		return nil, err
	}
	plan, _ := ans.Answers.(*forms.TreatmentPlanAnswers)
	return plan, nil
}

// submissionDraft screens a checked submission once, for its patient, and
// gathers what its PDF shows.
func (s *Service) submissionDraft(sub *forms.Submission, pt *models.Patient, now time.Time, plan *forms.TreatmentPlanAnswers) draft {
	as := s.screener.Assess(sub, screening.Patient{Sex: pt.Sex, BirthDate: pt.BirthDate, Plan: plan}, now)
	req := sub.Request
	d := draft{
		action: "submission.create", def: sub.Definition, patient: pt, at: now,
		scores: as.Scores, flags: as.Flags, ruleset: as.Ruleset,
		initials: req.Initials, recordsConsent: req.ElectronicRecordsConsent,
		signer: pdf.Signer{
			Name: signerName(req.Signature.TypedName, req.Signature.Credentials), Role: forms.SignerPatient,
			Meaning: sub.Definition.SignatureMeaning, DrawnPNG: sub.SignaturePNG,
		},
	}
	if sub.Definition.Signers[0] == forms.SignerClinician {
		d.signer.Role = forms.SignerClinician
	}
	if a, ok := sub.Answers.(*forms.ConsentAnswers); ok {
		d.facts = &models.ConsentFacts{Accepted: models.AcceptedClauses(a)}
		d.clauses = map[string]bool{}
		for id := range a.Clauses {
			d.clauses[id] = a.Accepted(id)
		}
		if sp := a.SupportPerson; sp != nil {
			d.fields = append(d.fields, pdf.Field{Label: "Support person", Value: sp.Name + " (" + sp.Relationship + "), " + sp.Phone})
		}
		return d
	}
	if len(sub.Definition.Clauses) == 0 {
		// Answers other than a consent's hold no clauses (the schema
		// refuses unknown fields), so their facts are empty; a form
		// with clauses but other answers has its facts derived from
		// the body (sealRecord).
		d.facts = &models.ConsentFacts{}
	}
	d.fields = pdf.AnswerFields(forms.AnswerLines(sub.Answers))
	return d
}
