package records

import (
	"bytes"
	"context"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/screening"
)

// Summary renders, on demand, the clinician's view of a record: its
// scores and flags, which the signed record does not show. It is not a
// record and is not stored; the read is recorded.
func (s *Service) Summary(ctx context.Context, a Actor, id string) ([]byte, error) {
	sub, err := s.readable(ctx, a, id)
	if err != nil {
		return nil, err
	}
	var def *forms.Definition
	switch sub.Form {
	case forms.KindWithdrawal:
		def = forms.WithdrawalDefinition()
	case forms.KindReview:
		def = forms.ReviewDefinition()
	case forms.KindAcknowledgement:
		def = forms.AcknowledgementDefinition()
	default:
		if def, err = s.definitionOf(ctx, sub); err != nil {
			return nil, err
		}
	}
	doc, err := s.store.DocumentInfo(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	pt, err := s.store.Patient(ctx, sub.PatientID)
	if err != nil {
		return nil, err
	}
	var flags []screening.Flag
	decodeJSON(sub.Flags, &flags)
	var scores map[string]any
	decodeJSON(sub.Scores, &scores)
	sum := &pdf.Summary{
		ClinicName: s.clinic, RecordID: sub.ID, DocumentSHA256: doc.SHA256, Form: def, Patient: pdfPatient(pt),
		SignedAt: sub.CreatedAt.UTC(), GeneratedAt: s.clock.Now(), Ruleset: sub.Ruleset, Scores: pdf.AnswerFields(forms.ScoreLines(sub.Form, scores)),
	}
	for _, f := range flags {
		sum.Flags = append(sum.Flags, pdf.FlagLine{Severity: string(f.Severity), Rule: f.Rule, Message: f.Message, Source: f.Source, Urgent: f.Urgent})
	}
	var out bytes.Buffer
	if _, err := pdf.RenderSummary(&out, sum); err != nil {
		return nil, err
	}
	if err := s.store.Record(ctx, a.event("summary.read", "submission/"+sub.ID, sub.PatientID)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
