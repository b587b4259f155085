package records

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/seal"
	"github.com/consentry/consentry/screening"
)

// draft is a checked record about to be sealed: what is stored, and what
// its PDF shows beyond the patient block and the signer's client.
type draft struct {
	// action is its audit event's action, e.g. "submission.create".
	action  string
	def     *forms.Definition
	patient *models.Patient
	// at is the server's time of receipt, shown on the PDF.
	at time.Time
	// body is the canonical body stored.
	body     []byte
	refersTo string
	scores   map[string]any
	flags    []screening.Flag
	ruleset  string

	initials map[string]string
	clauses  map[string]bool
	fields   []pdf.Field
	// recordsConsent is the signer's answer to the electronic records
	// disclosure, or nil when this record did not ask it.
	recordsConsent *bool
	// signer is the one signature; seal fills in its time and client.
	signer pdf.Signer
	// hook is what this record's webhook event adds to the ids and
	// hashes every event carries (a withdrawal's scope, a review's
	// decision): never patient data.
	hook map[string]any
	// facts are what consent status reads of the record, built from the
	// typed request (no decode of the body); nil derives them from the
	// body.
	facts *models.ConsentFacts
}

// sealRecord is the one way a record is stored: it renders the draft's PDF,
// seals it with the clinic's key, and stores the record, its PDF and its
// audit event in one transaction. It returns the record's receipt.
func (s *Service) sealRecord(ctx context.Context, a Actor, d draft) (*Receipt, error) {
	uid, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	id := uid.String()
	bodySHA := sha256Hex(d.body)
	ev := a.event(d.action, "submission/"+id, d.patient.ID)
	signer := d.signer
	signer.At, signer.IP, signer.UserAgent, signer.KeyName = d.at, ev.IP, ev.UserAgent, a.KeyName
	rec := &pdf.Record{
		ClinicName: s.clinic, ID: id, Form: d.def, Patient: pdfPatient(d.patient),
		Initials: d.initials, Clauses: d.clauses, Fields: d.fields,
		ElectronicRecordsConsent: d.recordsConsent, ReceivedAt: d.at, BodySHA256: bodySHA,
		Ruleset: d.ruleset, Signers: []pdf.Signer{signer}, Certificate: s.sealCertificate,
	}
	var doc bytes.Buffer
	start := time.Now()
	pages, err := pdf.Render(&doc, rec)
	if err != nil {
		return nil, err
	}
	s.observer.Rendered(time.Since(start))
	reason := "Consentry record " + id + " (" + d.def.Kind + " " + d.def.Version + ") as received"
	start = time.Now()
	sealed, err := s.sealer.SealContext(ctx, doc.Bytes(), d.at, s.clinic, reason)
	if errors.Is(err, seal.ErrTimestampUnavailable) || errors.Is(err, seal.ErrRevocationUnavailable) {
		return nil, fmt.Errorf("%w: %v", ErrTimestampUnavailable, err)
	}
	if err != nil {
		return nil, err
	}
	s.observer.Sealed(time.Since(start))
	scores, flags := d.scores, d.flags
	if scores == nil {
		scores = map[string]any{}
	}
	if flags == nil {
		flags = []screening.Flag{}
	}
	sub := &models.Submission{
		ID: id, Form: d.def.Kind, Version: d.def.Version, PatientID: d.patient.ID,
		CreatedBy: a.KeyID, CreatedAt: d.at, Body: string(d.body), BodySHA256: bodySHA,
		Scores: string(mustJSON(scores)), Flags: string(mustJSON(flags)), Ruleset: d.ruleset, RefersTo: d.refersTo,
		Facts: d.facts,
	}
	if sub.Facts == nil {
		f := models.ConsentFactsOf(sub.Form, d.body)
		sub.Facts = &f
	}
	if a.Invitation != nil {
		sub.InvitationID = a.Invitation.ID
	}
	docSHA := sha256Hex(sealed)
	stored := &models.Document{SubmissionID: id, SHA256: docSHA, Pages: pages, Size: len(sealed), PDF: sealed, CreatedAt: d.at}
	ev.DataHash = models.DataHash(bodySHA, docSHA)
	ev.Webhooks = webhookEvents(d, sub, stored, flags)
	start = time.Now()
	event, err := s.store.CreateSubmission(ctx, sub, stored, ev)
	if err != nil {
		return nil, err
	}
	s.observer.Stored(time.Since(start))
	for _, f := range flags {
		s.observer.Flagged(f.Rule, string(f.Severity))
	}
	r := receiptOf(sub, stored)
	r.AuditSeq = event.Seq
	return &r, nil
}

// ErrTimestampUnavailable means the time-stamping authority gave no token,
// or (sealing at B-LT or B-LTA) an OCSP responder or CRL server that a
// certificate names gave no good answer, so the record was not sealed
// and nothing was stored: every stored record is sealed at the
// configured level, so a submission waits for the TSA and the
// revocation sources rather than being stored at a lower one. The
// client may retry the same request.
var ErrTimestampUnavailable = errors.New("records: the time-stamping authority is unavailable")

// certificateOf describes a sealing certificate for the record's
// certificate page.
func certificateOf(c *x509.Certificate) *pdf.Certificate {
	if c == nil {
		return nil
	}
	return &pdf.Certificate{
		Subject: c.Subject.String(), Issuer: c.Issuer.String(), SHA256: sha256Hex(c.Raw),
		NotBefore: c.NotBefore.UTC(), NotAfter: c.NotAfter.UTC(),
	}
}

// pdfPatient is the patient block a record prints, from the stored
// patient.
func pdfPatient(p *models.Patient) pdf.Patient {
	out := pdf.Patient{
		ID: p.ID, ExternalID: p.ExternalID, GivenName: p.GivenName, FamilyName: p.FamilyName,
		BirthDate: p.BirthDate, Sex: p.Sex, Email: p.Email, Phone: p.Phone,
	}
	if ec := emergencyContact(p); ec != nil {
		out.EmergencyContact = ec.Name + " (" + ec.Relationship + "), " + ec.Phone
	}
	return out
}

// emergencyContact decodes a stored patient's emergency contact, or nil.
func emergencyContact(p *models.Patient) *forms.EmergencyContact {
	if p.EmergencyContact == "" {
		return nil
	}
	var ec forms.EmergencyContact
	if json.Unmarshal([]byte(p.EmergencyContact), &ec) != nil {
		return nil
	}
	return &ec
}

// mustJSON encodes values that always encode (maps of numbers and
// strings, flags).
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
