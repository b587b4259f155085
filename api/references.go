package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

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

// referencedRecord loads the record a withdrawal or review is about, its
// document, its patient and the definition it was signed under.
func (h *submissionHandler) referencedRecord(c echo.Context) (*models.Submission, *models.Document, *models.Patient, error) {
	orig, err := h.readable(c)
	if err != nil {
		return nil, nil, nil, err
	}
	ctx := c.Request().Context()
	doc, err := h.store.DocumentInfo(ctx, orig.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	pt, err := h.store.Patient(ctx, orig.PatientID)
	if err != nil {
		return nil, nil, nil, err
	}
	return orig, doc, pt, nil
}

func (h *submissionHandler) withdraw(c echo.Context) error {
	orig, doc, pt, err := h.referencedRecord(c)
	if err != nil {
		return err
	}
	def, err := h.catalogue.Version(orig.Form, orig.Version)
	if err != nil || len(def.Clauses) == 0 && orig.Form != forms.KindKAPConsent {
		return newProblem(http.StatusConflict, "not-a-consent", "only a consent can be withdrawn; this record is a "+orig.Form)
	}
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	req, sig, err := forms.ParseWithdrawal(h.validator, body, def)
	errs, err := problemsOf(req != nil, err)
	if err != nil {
		return err
	}
	state, err := h.consentState(c, orig, def)
	if err != nil {
		return err
	}
	if state.withdrawnAt != nil {
		return newProblem(http.StatusConflict, "already-withdrawn", "this consent was already withdrawn in full")
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
		return invalid(dedupe(errs))
	}

	stored := withdrawalBody{WithdrawalRequest: *req, Withdraws: orig.ID, WithdrawsSHA256: doc.SHA256}
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
		{Label: "Its PDF SHA-256", Value: doc.SHA256},
		{Label: "Signed on", Value: orig.CreatedAt.UTC().Format("2006-01-02 15:04:05 UTC")},
		{Label: "What is withdrawn", Value: scope},
	}
	if req.Reason != "" {
		fields = append(fields, pdf.Field{Label: "Reason given", Value: req.Reason})
	}
	return h.sealReference(c, referenceRecord{
		def: forms.WithdrawalDefinition(), action: "withdrawal.create", orig: orig, patient: pt,
		body: stored, fields: fields, signature: req.Signature, png: sig.PNG,
		meaning: forms.WithdrawalDefinition().SignatureMeaning, role: forms.SignerPatient,
	})
}

func (h *submissionHandler) review(c echo.Context) error {
	orig, doc, pt, err := h.referencedRecord(c)
	if err != nil {
		return err
	}
	if orig.Form == forms.KindReview {
		return newProblem(http.StatusConflict, "not-reviewable", "a review cannot itself be reviewed; review the original record")
	}
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	req, sig, err := forms.ParseReview(h.validator, body)
	errs, err := problemsOf(req != nil, err)
	if err != nil {
		return err
	}
	errs = append(errs, unprintable(map[string]string{"/signature/typed_name": typedName(req.Signature), "/note": req.Note})...)
	if len(errs) > 0 {
		return invalid(dedupe(errs))
	}
	decision := map[string]string{
		forms.DecisionApprove: "Approved", forms.DecisionDecline: "Declined",
		forms.DecisionRequestInformation: "More information requested",
	}[req.Decision]
	fields := []pdf.Field{
		{Label: "Record reviewed", Value: orig.ID},
		{Label: "Its form", Value: orig.Form + " " + orig.Version},
		{Label: "Its PDF SHA-256", Value: doc.SHA256},
		{Label: "Signed on", Value: orig.CreatedAt.UTC().Format("2006-01-02 15:04:05 UTC")},
		{Label: "Decision", Value: decision},
	}
	if req.Note != "" {
		fields = append(fields, pdf.Field{Label: "Note", Value: req.Note})
	}
	return h.sealReference(c, referenceRecord{
		def: forms.ReviewDefinition(), action: "review.create", orig: orig, patient: pt,
		body:   reviewBody{ReviewRequest: *req, Reviews: orig.ID, ReviewsSHA256: doc.SHA256},
		fields: fields, signature: req.Signature, png: sig.PNG,
		meaning: "Reviewed by the clinician named here; decision: " + strings.ToLower(decision), role: forms.SignerClinician,
		credentials: req.Signature.Credentials,
	})
}

// referenceRecord is a withdrawal or a review about to be sealed.
type referenceRecord struct {
	def       *forms.Definition
	action    string
	orig      *models.Submission
	patient   *models.Patient
	body      any
	fields    []pdf.Field
	signature *forms.Signature
	png       []byte
	meaning   string
	role      string
	// credentials follow the signer's name, for a clinician.
	credentials string
}

// sealReference renders and stores a record that refers to another.
func (h *submissionHandler) sealReference(c echo.Context, r referenceRecord) error {
	raw, err := json.Marshal(r.body)
	if err != nil {
		return err
	}
	canon, err := forms.CanonicalJSON(raw)
	if err != nil {
		return err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return err
	}
	now := h.now().UTC().Truncate(time.Microsecond)
	p := principalOf(c)
	ev := event(c, r.action, "submission/"+id.String(), r.patient.ID)
	rec := &pdf.Record{
		ClinicName: h.clinic, ID: id.String(), Form: r.def, Patient: pdfPatient(r.patient),
		Fields: r.fields, ElectronicRecordsConsent: true, ReceivedAt: now, BodySHA256: sha256Hex(canon),
		Signers: []pdf.Signer{{
			Name: strings.TrimSuffix(r.signature.TypedName+", "+r.credentials, ", "), Role: r.role, Meaning: r.meaning, At: now,
			IP: ev.IP, UserAgent: ev.UserAgent, KeyName: p.Name, DrawnPNG: r.png,
		}},
	}
	s := &models.Submission{
		ID: id.String(), Form: r.def.Kind, Version: r.def.Version, PatientID: r.patient.ID,
		CreatedBy: p.KeyID, CreatedAt: now, Body: string(canon), BodySHA256: sha256Hex(canon),
		Scores: "{}", Flags: "[]", RefersTo: r.orig.ID,
	}
	return h.seal(c, rec, s, ev)
}
