package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/screening"
)

// submissionStore is what the submission routes need of the store.
type submissionStore interface {
	Patient(ctx context.Context, id string) (*models.Patient, error)
	CreateSubmission(ctx context.Context, s *models.Submission, d *models.Document, ev models.Event) (*models.AuditEvent, error)
	Submission(ctx context.Context, id string) (*models.Submission, error)
	Document(ctx context.Context, submissionID string) (*models.Document, error)
	DocumentInfo(ctx context.Context, submissionID string) (*models.Document, error)
	ListSubmissions(ctx context.Context, f models.SubmissionFilter) (*models.SubmissionPage, error)
	PatientRecords(ctx context.Context, patientID string, until time.Time, forms ...string) ([]models.Submission, error)
	Record(ctx context.Context, ev models.Event) error
}

// submissionHandler serves /v1/submissions and a patient's submissions.
type submissionHandler struct {
	store     submissionStore
	catalogue *forms.Catalogue
	validator *forms.Validator
	now       func() time.Time
	clinic    string
	maxBody   int64
	sealer    *pdf.Sealer
	screener  *screening.Screener
}

func (h *submissionHandler) register(g *echo.Group) {
	g.POST("/submissions", h.create, allow(models.RolePortal, models.RoleClinician))
	g.GET("/submissions/:id", h.get, allow(patientReaders...))
	g.GET("/submissions/:id/pdf", h.pdf, allow(patientReaders...))
	g.GET("/submissions/:id/summary", h.summary, allow(clinicalReaders...))
	g.GET("/patients/:id/submissions", h.list, allow(patientReaders...))
	g.POST("/submissions/:id/withdrawal", h.withdraw, allow(portalOnly...))
	g.POST("/submissions/:id/reviews", h.review, allow(models.RoleClinician))
}

// documentRef describes a record's PDF in a receipt.
type documentRef struct {
	SHA256 string `json:"sha256"`
	Pages  int    `json:"pages"`
	Size   int    `json:"size"`
	URL    string `json:"url"`
}

// receipt is what a client gets for a stored submission.
type receipt struct {
	ID         string         `json:"id"`
	Form       string         `json:"form"`
	Version    string         `json:"version"`
	PatientID  string         `json:"patient_id"`
	CreatedAt  time.Time      `json:"created_at"`
	BodySHA256 string         `json:"body_sha256"`
	Scores     map[string]any `json:"scores"`
	Flags      []any          `json:"flags"`
	// Ruleset is the screening rule set the scores and flags come from.
	Ruleset  string      `json:"ruleset,omitempty"`
	Document documentRef `json:"document"`
}

// submissionResponse is a stored submission with its body.
type submissionResponse struct {
	receipt
	Body json.RawMessage `json:"body"`
}

func receiptOf(s *models.Submission, d *models.Document) receipt {
	r := receipt{
		ID: s.ID, Form: s.Form, Version: s.Version, PatientID: s.PatientID,
		CreatedAt: s.CreatedAt.UTC(), BodySHA256: s.BodySHA256,
		Scores: map[string]any{}, Flags: []any{}, Ruleset: s.Ruleset,
		Document: documentRef{SHA256: d.SHA256, Pages: d.Pages, Size: d.Size, URL: "/v1/submissions/" + s.ID + "/pdf"},
	}
	_ = json.Unmarshal([]byte(s.Scores), &r.Scores)
	_ = json.Unmarshal([]byte(s.Flags), &r.Flags)
	if r.Scores == nil {
		r.Scores = map[string]any{}
	}
	if r.Flags == nil {
		r.Flags = []any{}
	}
	return r
}

func (h *submissionHandler) create(c echo.Context) error {
	ctx := c.Request().Context()
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	sub, err := h.catalogue.ParseSubmission(h.validator, body)
	var ve *forms.ValidationError
	if err != nil && !errors.As(err, &ve) {
		return err
	}
	var errs []forms.FieldError
	if ve != nil {
		errs = ve.Errors
	}
	if sub != nil && sub.Definition != nil && !signsAs(principalOf(c).Role, sub.Definition) {
		return newProblem(http.StatusForbidden, "forbidden",
			"this form is signed by the "+sub.Definition.Signers[0]+"; send it with a "+signerRole(sub.Definition)+" key")
	}
	if sub != nil {
		errs = append(errs, unprintable(shownValues(sub))...)
	}
	// The patient's existence is checked even when other fields failed,
	// so that every problem is reported at once.
	var patient *models.Patient
	if sub != nil && uuid.Validate(sub.Request.PatientID) == nil {
		patient, err = h.store.Patient(ctx, sub.Request.PatientID)
		if err == nil && !visible(c, patient.CreatedBy) {
			// Another portal's patient is, to this portal, no patient.
			err = models.ErrNotFound
		}
		switch {
		case errors.Is(err, models.ErrNotFound):
			errs = append(errs, forms.FieldError{Pointer: "/patient_id", Code: "unknown_patient",
				Message: "no patient has this id; create the patient with POST /v1/patients first"})
		case err != nil:
			return err
		}
	}
	now := h.now().UTC().Truncate(time.Microsecond)
	var plan *forms.TreatmentPlanAnswers
	if patient != nil && sub.Definition != nil {
		if plan, err = h.latestPlan(ctx, patient.ID, now); err != nil {
			return err
		}
		if len(errs) == 0 {
			errs = append(errs, sub.CheckContext(now, plan)...)
		}
	}
	if len(errs) > 0 {
		return invalid(dedupe(errs))
	}
	as := h.screener.Assess(sub, screening.Patient{Sex: patient.Sex, BirthDate: patient.BirthDate, Plan: plan}, now)

	canon, err := forms.CanonicalJSON(body)
	if err != nil {
		return err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return err
	}
	p := principalOf(c)
	ev := event(c, "submission.create", "submission/"+id.String(), patient.ID)

	rec := h.record(id.String(), sub, patient, ev, p, now, sha256Hex(canon))
	rec.Ruleset = as.Ruleset
	flags := as.Flags
	if flags == nil {
		flags = []screening.Flag{}
	}
	s := &models.Submission{
		ID: id.String(), Form: sub.Definition.Kind, Version: sub.Definition.Version, PatientID: patient.ID,
		CreatedBy: p.KeyID, CreatedAt: now, Body: string(canon), BodySHA256: sha256Hex(canon),
		Scores: string(mustJSON(orEmpty(as.Scores))), Flags: string(mustJSON(flags)), Ruleset: as.Ruleset,
	}
	return h.seal(c, rec, s, ev)
}

// signsAs reports whether a key of this role may submit the form: the
// form's first signer signs it, through a portal for a patient and with
// their own key for a clinician.
func signsAs(role string, def *forms.Definition) bool {
	return role == signerRole(def)
}

func signerRole(def *forms.Definition) string {
	if len(def.Signers) > 0 && def.Signers[0] == forms.SignerClinician {
		return models.RoleClinician
	}
	return models.RolePortal
}

// latestPlan returns the patient's newest treatment plan signed by now,
// or nil.
func (h *submissionHandler) latestPlan(ctx context.Context, patientID string, now time.Time) (*forms.TreatmentPlanAnswers, error) {
	plans, err := h.store.PatientRecords(ctx, patientID, now, forms.KindTreatmentPlan)
	if err != nil || len(plans) == 0 {
		return nil, err
	}
	last := plans[len(plans)-1]
	a, err := screening.DecodeStored(h.catalogue, last.ID, last.Form, last.Version, last.CreatedAt, []byte(last.Body))
	if err != nil {
		return nil, err
	}
	plan, _ := a.Answers.(*forms.TreatmentPlanAnswers)
	return plan, nil
}

// seal renders a record's PDF, stores the record, its PDF and its audit
// event in one transaction, and answers 201 with the receipt.
func (h *submissionHandler) seal(c echo.Context, rec *pdf.Record, s *models.Submission, ev models.Event) error {
	var doc bytes.Buffer
	pages, err := pdf.Render(&doc, rec)
	if err != nil {
		return err
	}
	reason := "Consentry record " + s.ID + " (" + s.Form + " " + s.Version + ") as received"
	sealed, err := h.sealer.Seal(doc.Bytes(), s.CreatedAt, h.clinic, reason)
	if err != nil {
		return err
	}
	docHash := sha256Hex(sealed)
	d := &models.Document{SubmissionID: s.ID, SHA256: docHash, Pages: pages, Size: len(sealed), PDF: sealed, CreatedAt: s.CreatedAt}
	ev.DataHash = models.DataHash(s.BodySHA256, docHash)
	if _, err := h.store.CreateSubmission(c.Request().Context(), s, d, ev); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/submissions/"+s.ID)
	return writeJSON(c, http.StatusCreated, receiptOf(s, d))
}

// mustJSON encodes values that always encode (maps of numbers and
// strings).
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// record gathers what the PDF shows.
func (h *submissionHandler) record(id string, sub *forms.Submission, pt *models.Patient, ev models.Event,
	p principal, now time.Time, bodySHA string) *pdf.Record {
	req := sub.Request
	r := &pdf.Record{
		ClinicName: h.clinic, ID: id, Form: sub.Definition,
		Patient:                  pdfPatient(pt),
		Initials:                 req.Initials,
		ElectronicRecordsConsent: *req.ElectronicRecordsConsent,
		ReceivedAt:               now,
		BodySHA256:               bodySHA,
		Signers: []pdf.Signer{{
			Name: req.Signature.TypedName, Role: forms.SignerPatient, Meaning: sub.Definition.SignatureMeaning,
			At: now, IP: ev.IP, UserAgent: ev.UserAgent, KeyName: p.Name, DrawnPNG: sub.SignaturePNG,
		}},
	}
	if cred := req.Signature.Credentials; cred != "" {
		r.Signers[0].Name += ", " + cred
	}
	if sub.Definition.Signers[0] == forms.SignerClinician {
		r.Signers[0].Role = forms.SignerClinician
	}
	if a, ok := sub.Answers.(*forms.ConsentAnswers); ok {
		r.Clauses = map[string]bool{}
		for id := range a.Clauses {
			r.Clauses[id] = a.Accepted(id)
		}
		if sp := a.SupportPerson; sp != nil {
			r.Fields = append(r.Fields, pdf.Field{Label: "Support person", Value: sp.Name + " (" + sp.Relationship + "), " + sp.Phone})
		}
		return r
	}
	for _, l := range forms.AnswerLines(sub.Answers) {
		r.Fields = append(r.Fields, pdf.Field{Label: l.Label, Value: l.Value})
	}
	return r
}

func pdfPatient(p *models.Patient) pdf.Patient {
	out := pdf.Patient{
		ID: p.ID, ExternalID: p.ExternalID, GivenName: p.GivenName, FamilyName: p.FamilyName,
		BirthDate: p.BirthDate, Sex: p.Sex, Email: p.Email, Phone: p.Phone,
	}
	if ec := patientJSON(p).EmergencyContact; ec != nil {
		out.EmergencyContact = ec.Name + " (" + ec.Relationship + "), " + ec.Phone
	}
	return out
}

// readable loads a submission the caller may see, or a 404.
func (h *submissionHandler) readable(c echo.Context) (*models.Submission, error) {
	s, err := h.store.Submission(c.Request().Context(), c.Param("id"))
	if errors.Is(err, models.ErrNotFound) || (err == nil && !visible(c, s.CreatedBy)) {
		return nil, notFound("submission")
	}
	return s, err
}

func (h *submissionHandler) get(c echo.Context) error {
	s, err := h.readable(c)
	if err != nil {
		return err
	}
	d, err := h.store.DocumentInfo(c.Request().Context(), s.ID)
	if err != nil {
		return err
	}
	if err := h.store.Record(c.Request().Context(), event(c, "submission.read", "submission/"+s.ID, s.PatientID)); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, submissionResponse{receipt: receiptOf(s, d), Body: json.RawMessage(s.Body)})
}

func (h *submissionHandler) pdf(c echo.Context) error {
	s, err := h.readable(c)
	if err != nil {
		return err
	}
	d, err := h.store.Document(c.Request().Context(), s.ID)
	if err != nil {
		return err
	}
	if err := h.store.Record(c.Request().Context(), event(c, "document.read", "submission/"+s.ID, s.PatientID)); err != nil {
		return err
	}
	hdr := c.Response().Header()
	hdr.Set("Content-Disposition", `attachment; filename="`+s.ID+`.pdf"`)
	hdr.Set("ETag", `"`+d.SHA256+`"`)
	hdr.Set("Cache-Control", "private, no-store")
	hdr.Set("Content-Length", strconv.Itoa(len(d.PDF)))
	return c.Blob(http.StatusOK, "application/pdf", d.PDF)
}

// submissionList is a page of receipts.
type submissionList struct {
	Items      []receipt `json:"items"`
	NextCursor string    `json:"next_cursor,omitempty"`
}
