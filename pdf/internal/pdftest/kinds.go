package pdftest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/forms/formstest"
	"github.com/consentry/consentry/pdf"
)

// Kinds are the record kinds KindRecord makes: every catalogue kind, then
// a withdrawal and a review.
func Kinds() []string {
	var out []string
	for _, d := range forms.Builtin().List() {
		out = append(out, d.Kind)
	}
	return append(out, forms.KindWithdrawal, forms.KindReview)
}

// A fixed referenced record and its PDF hash, for withdrawals and reviews.
const (
	RefID     = "0193c6a2-1111-7000-8000-00000000abcd"
	RefSHA256 = "3b6f0c2e9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c"
)

// KindRecord returns the record of a kind as records' pipeline builds it,
// from the valid answers formstest holds, with the fixed patient, signer,
// clock and certificate of Record.
func KindRecord(tb testing.TB, kind string) *pdf.Record {
	tb.Helper()
	r := Record(tb)
	r.Initials, r.Clauses, r.Fields = nil, nil, nil
	switch kind {
	case forms.KindWithdrawal:
		r.Form = forms.WithdrawalDefinition()
		r.Fields = []pdf.Field{
			{Label: "Consent withdrawn", Value: "Informed Consent for Ketamine-Assisted Psychotherapy, version 2026-11"},
			{Label: "Record withdrawn", Value: RefID},
			{Label: "Its PDF SHA-256", Value: RefSHA256},
			{Label: "Signed on", Value: "2026-11-14 16:40:00 UTC"},
			{Label: "What is withdrawn", Value: "These optional parts only: Audio or video recording of sessions (recording)"},
			{Label: "Reason given", Value: "I would rather my sessions were not recorded."},
		}
		r.Signers[0].Meaning = r.Form.SignatureMeaning
		r.ElectronicRecordsConsent = nil
		return r
	case forms.KindReview:
		r.Form = forms.ReviewDefinition()
		r.Fields = []pdf.Field{
			{Label: "Record reviewed", Value: RefID},
			{Label: "Its form", Value: "kap-consent 2026-11"},
			{Label: "Its PDF SHA-256", Value: RefSHA256},
			{Label: "Signed on", Value: "2026-11-14 16:40:00 UTC"},
			{Label: "Decision", Value: "Approved"},
			{Label: "Note", Value: "Discussed the risks in person; the patient's questions were answered."},
		}
		r.ElectronicRecordsConsent = nil
		r.Signers[0].Name, r.Signers[0].Role = "Dr Ana Souza, MD", forms.SignerClinician
		r.Signers[0].Meaning = "Reviewed by the clinician named here; decision: approved"
		return r
	}
	def, err := forms.Builtin().Current(kind)
	if err != nil {
		tb.Fatal(err)
	}
	body := kindBody(tb, def)
	raw, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	sub, err := forms.Builtin().ParseSubmission(forms.NewValidator(), raw)
	if err != nil {
		tb.Fatalf("%s: %v", kind, err)
	}
	r.Form = sub.Definition
	r.Signers[0].Meaning = def.SignatureMeaning
	if def.Signers[0] == forms.SignerClinician {
		r.Signers[0].Name, r.Signers[0].Role = "Dr Ana Souza, MD, DEA-registered", forms.SignerClinician
	}
	if a, ok := sub.Answers.(*forms.ConsentAnswers); ok {
		r.Initials = sub.Request.Initials
		r.Clauses = map[string]bool{}
		for id := range a.Clauses {
			r.Clauses[id] = a.Accepted(id)
		}
		return r
	}
	r.Fields = pdf.AnswerFields(forms.AnswerLines(sub.Answers))
	return r
}

// kindBody is a valid submission body of a definition's kind.
func kindBody(tb testing.TB, def *forms.Definition) map[string]any {
	if def.Kind != forms.KindKAPConsent {
		b := formstest.Body(tb, def.Kind)
		b["patient_id"] = Record(tb).Patient.ID
		return b
	}
	initials := map[string]any{}
	for _, s := range def.Sections {
		if s.InitialsRequired {
			initials[s.ID] = "NTM"
		}
	}
	clauses := map[string]any{}
	for i, c := range def.Clauses {
		initials[c.ID] = "NTM"
		clauses[c.ID] = i%2 == 0
	}
	return map[string]any{
		"form": def.Kind, "version": def.Version, "patient_id": Record(tb).Patient.ID,
		"answers": map[string]any{"clauses": clauses}, "initials": initials,
		"signature":                  map[string]any{"typed_name": NameVietnamese, "intent": true},
		"electronic_records_consent": true,
	}
}

// Summary returns a clinician summary of a PHQ-9 record, with its scores
// and a flag, at a fixed time.
func Summary(tb testing.TB) *pdf.Summary {
	tb.Helper()
	r := KindRecord(tb, forms.KindPHQ9)
	return &pdf.Summary{
		ClinicName: r.ClinicName, RecordID: r.ID, DocumentSHA256: RefSHA256, Form: r.Form, Patient: r.Patient,
		SignedAt: r.ReceivedAt, GeneratedAt: r.ReceivedAt.Add(26 * time.Hour), Ruleset: "2026-11.3",
		Scores: pdf.AnswerFields(forms.ScoreLines(forms.KindPHQ9, map[string]any{"total": 13.0, "severity": "moderate", "item9": 1.0, "difficulty": 2.0})),
		Flags: []pdf.FlagLine{{Severity: "review", Rule: "phq9-item9", Urgent: true, Source: "phq-9 " + r.ID,
			Message: "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) was answered above 0: ask about safety today."}},
	}
}
