package records

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/consentry/consentry/fhir"
	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/screening"
)

// Instrument totals as LOINC observations. The codes, checked against
// LOINC (loinc.org and its mirrors' term pages):
//   - 44261-6 Patient Health Questionnaire 9 item (PHQ-9) total score
//     [Reported]
//   - 70274-6 Generalized anxiety disorder 7 item (GAD-7) total score
//     [Reported.PHQ]
//   - 101698-9 PTSD PCL-5 score [PCL-5], the score of the PCL-5 panel
//     101697-1 (LOINC 2.75); the older PCL-C's codes (70221-7 …) are
//     the DSM-IV checklist's, not this one's
//   - 75626-2 Total score [AUDIT-C]
var instrumentLOINC = map[string]fhir.Coding{
	forms.KindPHQ9:   {System: fhir.SystemLOINC, Code: "44261-6", Display: "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"},
	forms.KindGAD7:   {System: fhir.SystemLOINC, Code: "70274-6", Display: "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"},
	forms.KindPCL5:   {System: fhir.SystemLOINC, Code: "101698-9", Display: "PTSD PCL-5 score [PCL-5]"},
	forms.KindAUDITC: {System: fhir.SystemLOINC, Code: "75626-2", Display: "Total score [AUDIT-C]"},
}

// Signature types (urn:iso-astm:E1762-95:2013, R4's signature-type).
var (
	consentSignature = fhir.Coding{System: fhir.SystemSignature, Code: "1.2.840.10065.1.12.1.7", Display: "Consent Signature"}
	authorSignature  = fhir.Coding{System: fhir.SystemSignature, Code: "1.2.840.10065.1.12.1.1", Display: "Author's Signature"}
	verifySignature  = fhir.Coding{System: fhir.SystemSignature, Code: "1.2.840.10065.1.12.1.5", Display: "Verification Signature"}
)

// FormQuestionnaire is the current version of a form kind as a FHIR
// Questionnaire; an unknown kind is NotFound.
func (s *Service) FormQuestionnaire(kind string) (*fhir.Questionnaire, error) {
	d, err := s.catalogue.Current(kind)
	if err != nil {
		return nil, notFound("form")
	}
	return fhir.QuestionnaireOf(d), nil
}

// FormVersionQuestionnaire is one version of a form kind as a FHIR
// Questionnaire.
func (s *Service) FormVersionQuestionnaire(kind, version string) (*fhir.Questionnaire, error) {
	if _, err := s.FormVersion(kind, version); err != nil {
		return nil, err
	}
	d, _ := s.catalogue.Version(kind, version)
	return fhir.QuestionnaireOf(d), nil
}

// urn is the fullUrl of a resource id in the Bundle.
func urn(id string) string { return "urn:uuid:" + id }

// ref is a reference to a resource of the Bundle, with its type (which
// a urn:uuid reference does not tell).
func ref(typ, id string) *fhir.Reference { return &fhir.Reference{Reference: urn(id), Type: typ} }

// derived is the id of a resource other than a record's own that the
// record gives rise to (its PDF's DocumentReference, its signature's
// Provenance, a score's Observation, a flag): a name-based UUID of the
// record id and what it is, the same in every export.
func derived(recordID, what string) string {
	ns, err := uuid.Parse(recordID)
	if err != nil {
		ns = uuid.NameSpaceOID
	}
	return uuid.NewSHA1(ns, []byte(what)).String()
}

func fhirTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }

// storedSignature is the signature part of any stored body.
type storedSignature struct {
	Signature *forms.Signature `json:"signature"`
}

// PatientFHIR is a patient's record as a FHIR R4 Bundle of type
// collection: the Patient; a Consent per consent record, with its status
// as of now (active; inactive once withdrawn, superseded or expired;
// rejected when a clinician's latest review declined it) and a nested
// provision per optional clause; a QuestionnaireResponse per record of a
// catalogue form; an Observation per instrument total; a
// DocumentReference per sealed PDF; a Provenance per signature; a Flag
// per screening flag a record raised (inactive once acknowledged). Every
// reference is to a fullUrl (urn:uuid:<id>) in the Bundle. The read is
// recorded (fhir.read) before anything is built.
func (s *Service) PatientFHIR(ctx context.Context, a Actor, patientID string) (*fhir.Bundle, error) {
	pt, err := s.readPatient(ctx, a, patientID, "fhir.read")
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	records, err := s.store.PatientRecords(ctx, pt.ID, now)
	if err != nil {
		return nil, err
	}
	b := &fhir.Bundle{ResourceType: "Bundle", ID: derived(pt.ID, "bundle "+now.UTC().Format(time.RFC3339Nano)), Type: "collection", Timestamp: fhirTime(now)}
	add := func(id string, r any) { b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: urn(id), Resource: r}) }
	add(pt.ID, patientResource(pt))
	patient := ref("Patient", pt.ID)

	consents := map[string]*ConsentStatus{}
	facts := statusRecordsOf(records)
	for _, cs := range consentStatuses(facts, s.catalogue, now.UTC(), s.reconsent) {
		consents[cs.SubmissionID] = cs
	}
	acked := map[string]bool{}
	for _, ack := range acknowledgementsOf(facts) {
		acked[ack.Acknowledges+" "+ack.Rule] = true
	}
	for i := range records {
		r := &records[i]
		doc, err := s.store.Document(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		at := fhirTime(r.CreatedAt)
		docID := derived(r.ID, "DocumentReference")
		add(docID, documentReference(r, doc, docID, patient))

		// The record's own resource: a Consent or a
		// QuestionnaireResponse, with the record's id; a consent's
		// answers are a QuestionnaireResponse of their own.
		main, mainType := docID, "DocumentReference"
		def, defErr := s.catalogue.Version(r.Form, r.Version)
		if defErr == nil {
			qrID := r.ID
			if cs := consents[r.ID]; cs != nil {
				qrID = derived(r.ID, "QuestionnaireResponse")
				add(r.ID, consentResource(r, cs, def, patient, qrID))
			}
			add(qrID, questionnaireResponse(r, def, qrID, patient))
			main, mainType = r.ID, "QuestionnaireResponse"
			if consents[r.ID] != nil {
				mainType = "Consent"
			}
			if code, ok := instrumentLOINC[r.Form]; ok {
				if total, band, ok := scoreTotal(r.Scores); ok {
					obsID := derived(r.ID, "Observation total")
					add(obsID, &fhir.Observation{
						ResourceType: "Observation", ID: obsID, Status: "final",
						Category: []fhir.CodeableConcept{{Coding: []fhir.Coding{{System: "http://terminology.hl7.org/CodeSystem/observation-category", Code: "survey", Display: "Survey"}}}},
						Code:     fhir.CodeableConcept{Coding: []fhir.Coding{code}, Text: code.Display},
						Subject:  patient, EffectiveDateTime: at, Issued: at, ValueInteger: &total,
						DerivedFrom:    []fhir.Reference{*ref("QuestionnaireResponse", qrID)},
						Interpretation: band,
					})
				}
			}
		}
		var sig storedSignature
		_ = json.Unmarshal([]byte(r.Body), &sig)
		if sig.Signature != nil {
			provID := derived(r.ID, "Provenance signature")
			add(provID, provenance(r, def, sig.Signature, provID, ref(mainType, main), docID, patient))
		}
		var flags []screening.Flag
		_ = json.Unmarshal([]byte(r.Flags), &flags)
		for _, f := range flags {
			flagID := derived(r.ID, "Flag "+f.Rule)
			status := "active"
			if acked[r.ID+" "+f.Rule] {
				status = "inactive"
			}
			cat := "clinical"
			if f.Urgent {
				cat = "safety"
			}
			add(flagID, &fhir.Flag{
				ResourceType: "Flag", ID: flagID, Status: status,
				Category: []fhir.CodeableConcept{{Coding: []fhir.Coding{{System: "http://terminology.hl7.org/CodeSystem/flag-category", Code: cat}}}},
				Code:     fhir.CodeableConcept{Coding: []fhir.Coding{{System: fhir.SystemFlagRule, Code: f.Rule, Display: string(f.Severity)}}, Text: f.Message},
				Subject:  *patient, Period: &fhir.Period{Start: at},
			})
		}
	}
	return b, nil
}

func patientResource(p *models.Patient) *fhir.Patient {
	out := &fhir.Patient{
		ResourceType: "Patient", ID: p.ID,
		Identifier: []fhir.Identifier{{Use: "usual", System: fhir.SystemExternal, Value: p.ExternalID}},
		Name:       []fhir.HumanName{{Family: p.FamilyName, Given: []string{p.GivenName}}},
		Gender:     p.Sex, BirthDate: p.BirthDate,
	}
	if p.Email != "" {
		out.Telecom = append(out.Telecom, fhir.ContactPoint{System: "email", Value: p.Email})
	}
	if p.Phone != "" {
		out.Telecom = append(out.Telecom, fhir.ContactPoint{System: "phone", Value: p.Phone})
	}
	return out
}

func recordIdentifier(id string) fhir.Identifier {
	return fhir.Identifier{System: fhir.SystemRecordID, Value: "urn:uuid:" + id}
}

// consentStatusFHIR is R4's Consent.status of a consent's lifecycle
// status: active (also when outdated: it stands until re-signed);
// inactive once withdrawn, superseded or expired; rejected when the
// latest clinician review declined it.
func consentStatusFHIR(cs *ConsentStatus) string {
	if n := len(cs.Reviews); n > 0 && cs.Reviews[n-1].Decision == "decline" && cs.Status == StatusActive {
		return "rejected"
	}
	switch cs.Status {
	case StatusActive, StatusOutdated:
		return "active"
	default:
		return "inactive"
	}
}

func consentResource(r *models.Submission, cs *ConsentStatus, def *forms.Definition, patient *fhir.Reference, qrID string) *fhir.Consent {
	c := &fhir.Consent{
		ResourceType: "Consent", ID: r.ID, Identifier: []fhir.Identifier{recordIdentifier(r.ID)},
		Status: consentStatusFHIR(cs),
		// Consent to treatment (ketamine-assisted psychotherapy), from
		// R4's consentscope value set.
		Scope: fhir.CodeableConcept{Coding: []fhir.Coding{{System: "http://terminology.hl7.org/CodeSystem/consentscope", Code: "treatment", Display: "Treatment"}}},
		Category: []fhir.CodeableConcept{{Coding: []fhir.Coding{{System: fhir.SystemLOINC, Code: "59284-0", Display: "Patient Consent"}},
			Text: def.Title}},
		Patient: patient, DateTime: fhirTime(r.CreatedAt),
		// The policy is the form version the patient signed.
		PolicyRule:      &fhir.CodeableConcept{Coding: []fhir.Coding{{System: fhir.QuestionnaireURL(r.Form), Version: r.Version, Code: r.Form + "-" + r.Version, Display: def.Title + " (" + r.Version + ")"}}},
		SourceReference: ref("QuestionnaireResponse", qrID),
	}
	p := &fhir.Provision{Type: "permit", Period: &fhir.Period{Start: fhirTime(cs.SignedAt)}}
	switch {
	case cs.WithdrawnAt != nil:
		p.Period.End = fhirTime(*cs.WithdrawnAt)
	case cs.ExpiresAt != nil:
		p.Period.End = fhirTime(*cs.ExpiresAt)
	}
	for _, cl := range cs.Clauses {
		title := cl.ID
		if d, ok := def.Clause(cl.ID); ok {
			title = d.Title
		}
		np := fhir.Provision{Type: "deny", Code: []fhir.CodeableConcept{{Coding: []fhir.Coding{{System: fhir.SystemClause, Code: cl.ID, Display: title}}}}}
		if cl.Accepted {
			np.Type = "permit"
			np.Period = &fhir.Period{Start: fhirTime(cs.SignedAt)}
			if cl.WithdrawnAt != nil {
				// Withdrawn: denied since the withdrawal.
				np.Type, np.Period = "deny", &fhir.Period{Start: fhirTime(*cl.WithdrawnAt)}
			}
		}
		p.Provision = append(p.Provision, np)
	}
	c.Provision = p
	return c
}

func questionnaireResponse(r *models.Submission, def *forms.Definition, id string, patient *fhir.Reference) *fhir.QuestionnaireResponse {
	author := patient
	var sig storedSignature
	_ = json.Unmarshal([]byte(r.Body), &sig)
	if len(def.Signers) > 0 && def.Signers[0] == forms.SignerClinician && sig.Signature != nil {
		author = &fhir.Reference{Type: "Practitioner", Display: signerName(sig.Signature.TypedName, sig.Signature.Credentials)}
	}
	rid := recordIdentifier(r.ID)
	return &fhir.QuestionnaireResponse{
		ResourceType: "QuestionnaireResponse", ID: id, Identifier: &rid,
		Questionnaire: fhir.QuestionnaireURL(r.Form) + "|" + r.Version, Status: "completed",
		Subject: patient, Authored: fhirTime(r.CreatedAt), Author: author,
		Item: fhir.Answers(def, []byte(r.Body)),
	}
}

func documentReference(r *models.Submission, doc *models.Document, id string, patient *fhir.Reference) *fhir.DocumentReference {
	sum := sha1.Sum(doc.PDF)
	return &fhir.DocumentReference{
		ResourceType: "DocumentReference", ID: id,
		Identifier: []fhir.Identifier{recordIdentifier(r.ID), {System: fhir.SystemSHA256, Value: doc.SHA256}},
		Status:     "current", DocStatus: "final",
		Type:    &fhir.CodeableConcept{Text: "Signed record: " + r.Form + " " + r.Version},
		Subject: patient, Date: fhirTime(r.CreatedAt),
		Content: []fhir.DocumentReferenceContent{{Attachment: fhir.Attachment{
			ContentType: "application/pdf", URL: "/v1/submissions/" + r.ID + "/pdf", Size: len(doc.PDF),
			// R4's hash is the base64 SHA-1 of the data; the SHA-256 is
			// the identifier above.
			Hash:  base64.StdEncoding.EncodeToString(sum[:]),
			Title: r.Form + "-" + r.Version + "-" + r.ID + ".pdf", Creation: fhirTime(r.CreatedAt),
		}}},
	}
}

func provenance(r *models.Submission, def *forms.Definition, sig *forms.Signature, id string, target *fhir.Reference, docID string, patient *fhir.Reference) *fhir.Provenance {
	at := fhirTime(r.CreatedAt)
	who := *patient
	role := fhir.Coding{System: "http://terminology.hl7.org/CodeSystem/v3-RoleClass", Code: "PAT", Display: "patient"}
	sigType := authorSignature
	clinician := sig.Credentials != "" || (def != nil && len(def.Signers) > 0 && def.Signers[0] == forms.SignerClinician) ||
		r.Form == forms.KindReview || r.Form == forms.KindAcknowledgement
	if clinician {
		who = fhir.Reference{Type: "Practitioner", Display: signerName(sig.TypedName, sig.Credentials)}
		role = fhir.Coding{System: "http://terminology.hl7.org/CodeSystem/v3-RoleClass", Code: "PROV", Display: "healthcare provider"}
	}
	switch {
	case r.Form == forms.KindReview || r.Form == forms.KindAcknowledgement:
		sigType = verifySignature
	case r.Form == forms.KindWithdrawal || def != nil && (len(def.Clauses) > 0 || r.Form == forms.KindKAPConsent):
		sigType = consentSignature
	}
	targets := []fhir.Reference{*target}
	if target.Reference != urn(docID) {
		targets = append(targets, *ref("DocumentReference", docID))
	}
	return &fhir.Provenance{
		ResourceType: "Provenance", ID: id, Target: targets, Recorded: at,
		Agent: []fhir.ProvenanceAgent{{
			Type: &fhir.CodeableConcept{Coding: []fhir.Coding{{System: "http://terminology.hl7.org/CodeSystem/provenance-participant-type", Code: "author", Display: "Author"}}},
			Role: []fhir.CodeableConcept{{Coding: []fhir.Coding{role}}},
			Who:  who,
		}},
		Signature: []fhir.Signature{{Type: []fhir.Coding{sigType}, When: at, Who: who}},
	}
}

// scoreTotal is the total of a record's stored scores, with its band
// in words (PHQ-9 and GAD-7 severity; AUDIT-C and PCL-5 above their
// cut-off or not) as the Observation's interpretation.
func scoreTotal(scores string) (int, []fhir.CodeableConcept, bool) {
	var m struct {
		Total        *int   `json:"total"`
		Severity     string `json:"severity"`
		Positive     *bool  `json:"positive"`
		ProbablePTSD *bool  `json:"probable_ptsd"`
	}
	if json.Unmarshal([]byte(scores), &m) != nil || m.Total == nil {
		return 0, nil, false
	}
	var band string
	switch {
	case m.Severity != "":
		band = m.Severity
	case m.Positive != nil && *m.Positive, m.ProbablePTSD != nil && *m.ProbablePTSD:
		band = "at or above the cut-off"
	case m.Positive != nil, m.ProbablePTSD != nil:
		band = "below the cut-off"
	}
	if band == "" {
		return *m.Total, nil, true
	}
	return *m.Total, []fhir.CodeableConcept{{Text: band}}, true
}
