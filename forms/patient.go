package forms

import "time"

// EmergencyContact is who the clinic calls in an emergency.
type EmergencyContact struct {
	Name         string `json:"name" validate:"required,max=200,text"`
	Relationship string `json:"relationship" validate:"required,max=64,text"`
	Phone        string `json:"phone" validate:"required,e164"`
}

// PatientRequest is the body a portal posts to create a patient. Names may
// be in any script.
type PatientRequest struct {
	ExternalID       string            `json:"external_id" validate:"required,max=128,printascii,text"`
	GivenName        string            `json:"given_name" validate:"required,max=100,text"`
	FamilyName       string            `json:"family_name" validate:"required,max=100,text"`
	BirthDate        string            `json:"birth_date" validate:"required,datetime=2006-01-02"`
	Sex              string            `json:"sex" validate:"required,oneof=female male other unknown"`
	Email            string            `json:"email,omitempty" validate:"omitempty,max=254,email"`
	Phone            string            `json:"phone,omitempty" validate:"omitempty,e164"`
	EmergencyContact *EmergencyContact `json:"emergency_contact,omitempty"`
}

// earliestBirthDate is the oldest birth date accepted.
var earliestBirthDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// ParsePatient decodes and checks a patient body. now is the server's
// clock, for the birth-date check.
func ParsePatient(v *Validator, body []byte, now time.Time) (*PatientRequest, error) {
	var req PatientRequest
	p := decode(body, &req, "")
	if p.fatal() {
		return nil, p.err()
	}
	p = append(p, v.check(&req, "")...)
	if bd, err := time.Parse(time.DateOnly, req.BirthDate); err == nil {
		// The latest date on any clock on Earth (UTC+14).
		today := now.UTC().Add(14 * time.Hour)
		switch {
		case bd.After(today):
			p.add("/birth_date", "future", "must not be in the future")
		case bd.Before(earliestBirthDate):
			p.add("/birth_date", "min", "must be on or after 1900-01-01")
		}
	}
	if err := p.dedupe().err(); err != nil {
		return nil, err
	}
	return &req, nil
}
