package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// patientStore is what the patient routes need of the store.
type patientStore interface {
	CreatePatient(ctx context.Context, p *models.Patient, ev models.Event) error
	Patient(ctx context.Context, id string) (*models.Patient, error)
	PatientByExternalID(ctx context.Context, externalID string) (*models.Patient, error)
	Record(ctx context.Context, ev models.Event) error
}

// patientHandler serves /v1/patients.
type patientHandler struct {
	store     patientStore
	validator *forms.Validator
	now       func() time.Time
	maxBody   int64
}

func (h *patientHandler) register(g *echo.Group) {
	g.POST("/patients", h.create, allow(portalOnly...))
	g.GET("/patients", h.search, allow(patientReaders...))
	g.GET("/patients/:id", h.get, allow(patientReaders...))
}

// patientResponse is the patient resource.
type patientResponse struct {
	ID               string                  `json:"id"`
	ExternalID       string                  `json:"external_id"`
	GivenName        string                  `json:"given_name"`
	FamilyName       string                  `json:"family_name"`
	BirthDate        string                  `json:"birth_date"`
	Sex              string                  `json:"sex"`
	Email            string                  `json:"email,omitempty"`
	Phone            string                  `json:"phone,omitempty"`
	EmergencyContact *forms.EmergencyContact `json:"emergency_contact,omitempty"`
	CreatedAt        time.Time               `json:"created_at"`
}

func patientJSON(p *models.Patient) patientResponse {
	r := patientResponse{
		ID: p.ID, ExternalID: p.ExternalID, GivenName: p.GivenName, FamilyName: p.FamilyName,
		BirthDate: p.BirthDate, Sex: p.Sex, Email: p.Email, Phone: p.Phone, CreatedAt: p.CreatedAt.UTC(),
	}
	if p.EmergencyContact != "" {
		var ec forms.EmergencyContact
		if json.Unmarshal([]byte(p.EmergencyContact), &ec) == nil {
			r.EmergencyContact = &ec
		}
	}
	return r
}

func (h *patientHandler) create(c echo.Context) error {
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	req, err := forms.ParsePatient(h.validator, body, h.now())
	if err != nil {
		return err
	}
	shown := map[string]string{"/given_name": req.GivenName, "/family_name": req.FamilyName, "/email": req.Email}
	if ec := req.EmergencyContact; ec != nil {
		shown["/emergency_contact/name"], shown["/emergency_contact/relationship"] = ec.Name, ec.Relationship
	}
	if errs := unprintable(shown); len(errs) > 0 {
		return invalid(errs)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return err
	}
	p := &models.Patient{
		ID: id.String(), ExternalID: req.ExternalID, GivenName: req.GivenName, FamilyName: req.FamilyName,
		BirthDate: req.BirthDate, Sex: req.Sex, Email: req.Email, Phone: req.Phone,
		CreatedBy: principalOf(c).KeyID,
	}
	if req.EmergencyContact != nil {
		ec, _ := json.Marshal(req.EmergencyContact)
		p.EmergencyContact = string(ec)
	}
	canon, err := forms.CanonicalJSON(body)
	if err != nil {
		return err
	}
	ev := event(c, "patient.create", "patient/"+p.ID, p.ID)
	ev.DataHash = sha256Hex(canon)
	err = h.store.CreatePatient(c.Request().Context(), p, ev)
	if errors.Is(err, models.ErrConflict) {
		return newProblem(http.StatusConflict, "conflict", "a patient with this external_id already exists")
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/patients/"+p.ID)
	return writeJSON(c, http.StatusCreated, patientJSON(p))
}

// visible reports whether the caller may see the patient: a portal sees
// only the patients it created.
func visible(c echo.Context, createdBy string) bool {
	p := principalOf(c)
	return p.Role != models.RolePortal || p.KeyID == createdBy
}

// patientGetter is the store's patient lookup.
type patientGetter interface {
	Patient(ctx context.Context, id string) (*models.Patient, error)
}

// readablePatient loads the patient the path names: a 404 when there is
// none, or when the caller is a portal that did not create it.
func readablePatient(c echo.Context, store patientGetter) (*models.Patient, error) {
	p, err := store.Patient(c.Request().Context(), c.Param("id"))
	if errors.Is(err, models.ErrNotFound) || (err == nil && !visible(c, p.CreatedBy)) {
		return nil, notFound("patient")
	}
	return p, err
}

func (h *patientHandler) get(c echo.Context) error {
	p, err := readablePatient(c, h.store)
	if err != nil {
		return err
	}
	if err := h.store.Record(c.Request().Context(), event(c, "patient.read", "patient/"+p.ID, p.ID)); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, patientJSON(p))
}

// patientList is a page of patients.
type patientList struct {
	Items      []patientResponse `json:"items"`
	NextCursor string            `json:"next_cursor,omitempty"`
}

func (h *patientHandler) search(c echo.Context) error {
	ext := c.QueryParam("external_id")
	if ext == "" || len(ext) > 128 {
		return invalid([]forms.FieldError{{Pointer: "", Code: "required",
			Message: "query parameter external_id is required (at most 128 characters)"}})
	}
	out := patientList{Items: []patientResponse{}}
	p, err := h.store.PatientByExternalID(c.Request().Context(), ext)
	switch {
	case errors.Is(err, models.ErrNotFound):
		return writeJSON(c, http.StatusOK, out)
	case err != nil:
		return err
	}
	if visible(c, p.CreatedBy) {
		if err := h.store.Record(c.Request().Context(), event(c, "patient.read", "patient/"+p.ID, p.ID)); err != nil {
			return err
		}
		out.Items = append(out.Items, patientJSON(p))
	}
	return writeJSON(c, http.StatusOK, out)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
