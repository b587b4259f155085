package records

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// PatientView is the patient resource.
type PatientView struct {
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

func patientView(p *models.Patient) *PatientView {
	return &PatientView{
		ID: p.ID, ExternalID: p.ExternalID, GivenName: p.GivenName, FamilyName: p.FamilyName,
		BirthDate: p.BirthDate, Sex: p.Sex, Email: p.Email, Phone: p.Phone, CreatedAt: p.CreatedAt.UTC(),
		EmergencyContact: emergencyContact(p),
	}
}

// CreatePatient checks a patient body and stores the patient with its
// audit event. It answers a *forms.ValidationError naming every bad
// field, an *Error (Conflict) when the external id is taken, or the
// store's error.
func (s *Service) CreatePatient(ctx context.Context, a Actor, body []byte) (*PatientView, error) {
	req, err := forms.ParsePatient(s.validator, body, s.clock.Now())
	if err != nil {
		return nil, err
	}
	shown := map[string]string{"/given_name": req.GivenName, "/family_name": req.FamilyName, "/email": req.Email}
	if ec := req.EmergencyContact; ec != nil {
		shown["/emergency_contact/name"], shown["/emergency_contact/relationship"] = ec.Name, ec.Relationship
	}
	if errs := unprintable(shown); len(errs) > 0 {
		return nil, invalid(errs)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	p := &models.Patient{
		ID: id.String(), ExternalID: req.ExternalID, GivenName: req.GivenName, FamilyName: req.FamilyName,
		BirthDate: req.BirthDate, Sex: req.Sex, Email: req.Email, Phone: req.Phone, CreatedBy: a.KeyID,
	}
	if req.EmergencyContact != nil {
		p.EmergencyContact = string(mustJSON(req.EmergencyContact))
	}
	canon, err := forms.CanonicalJSON(body)
	if err != nil {
		return nil, err
	}
	ev := a.event("patient.create", "patient/"+p.ID, p.ID)
	ev.DataHash = sha256Hex(canon)
	err = s.store.CreatePatient(ctx, p, ev)
	if errors.Is(err, models.ErrConflict) {
		return nil, conflict("conflict", "a patient with this external_id already exists")
	}
	if err != nil {
		return nil, err
	}
	return patientView(p), nil
}

// readablePatient loads a patient the actor may see: NotFound when there
// is none, or when the actor is a portal that did not create it.
func (s *Service) readablePatient(ctx context.Context, a Actor, id string) (*models.Patient, error) {
	p, err := s.store.Patient(ctx, id)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !a.seesPatient(p)) {
		return nil, notFound("patient")
	}
	return p, err
}

// readPatient loads a patient the actor may see and records the read
// before any of its data goes out.
func (s *Service) readPatient(ctx context.Context, a Actor, id, action string) (*models.Patient, error) {
	p, err := s.readablePatient(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.store.Record(ctx, a.event(action, "patient/"+p.ID, p.ID)); err != nil {
		return nil, err
	}
	return p, nil
}

// Patient returns a patient the actor may see, recording the read.
func (s *Service) Patient(ctx context.Context, a Actor, id string) (*PatientView, error) {
	p, err := s.readPatient(ctx, a, id, "patient.read")
	if err != nil {
		return nil, err
	}
	return patientView(p), nil
}

// FindPatient returns the patients with an external id that the actor
// may see (a portal: the one it created, if any; everyone else: every
// portal's), recording the read of each.
func (s *Service) FindPatient(ctx context.Context, a Actor, externalID string) ([]*PatientView, error) {
	createdBy := ""
	if a.Role == models.RolePortal {
		createdBy = a.KeyID
	}
	found, err := s.store.PatientsByExternalID(ctx, externalID, createdBy)
	if err != nil {
		return nil, err
	}
	out := make([]*PatientView, 0, len(found))
	for i := range found {
		p := &found[i]
		if err := s.store.Record(ctx, a.event("patient.read", "patient/"+p.ID, p.ID)); err != nil {
			return nil, err
		}
		out = append(out, patientView(p))
	}
	return out, nil
}

// decodeJSON is json.Unmarshal for stored JSON the server wrote itself.
func decodeJSON(s string, v any) { _ = json.Unmarshal([]byte(s), v) }
