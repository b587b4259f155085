package models

import (
	"context"
	"time"
)

// Patient is a stored patient. Submissions keep their own copy of the
// patient block as it stood when signed.
type Patient struct {
	ID               string `gorm:"primaryKey"`
	ExternalID       string
	GivenName        string
	FamilyName       string
	BirthDate        string
	Sex              string
	Email            string
	Phone            string
	EmergencyContact string // JSON object, or ""
	CreatedBy        string // API key id
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// CreatePatient stores p with its audit event in one transaction. It sets
// CreatedAt and UpdatedAt, and returns ErrConflict when the external id is
// taken.
func (s *Store) CreatePatient(ctx context.Context, p *Patient, ev Event) error {
	now := s.now()
	p.CreatedAt, p.UpdatedAt = now, now
	_, err := s.write(ctx, ev, p)
	return err
}

// Patient returns the patient with the given id, or ErrNotFound.
func (s *Store) Patient(ctx context.Context, id string) (*Patient, error) {
	var p Patient
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&p).Error; err != nil {
		return nil, translate(err)
	}
	return &p, nil
}

// PatientsByExternalID returns the patients with the given external id,
// oldest first: of the key createdBy only, or of every key when createdBy
// is "". An external id is unique per creating key, so a key finds at
// most one.
func (s *Store) PatientsByExternalID(ctx context.Context, externalID, createdBy string) ([]Patient, error) {
	q := s.db.WithContext(ctx).Where("external_id = ?", externalID)
	if createdBy != "" {
		q = q.Where("created_by = ?", createdBy)
	}
	var out []Patient
	if err := q.Order("created_by").Limit(100).Find(&out).Error; err != nil {
		return nil, translate(err)
	}
	return out, nil
}
