package forms

// InvitationRequest is the body of POST /v1/invitations: a one-time link
// for one patient to sign a list of forms.
type InvitationRequest struct {
	PatientID string `json:"patient_id" validate:"required,uuid"`
	// Forms are the form kinds to sign, in the order the page shows them.
	Forms []string `json:"forms" validate:"required,min=1,max=12,unique,dive,required,max=64"`
	// ExpiresInHours is how long the link works: 1 to 720 hours, 72 when
	// left out.
	ExpiresInHours int `json:"expires_in_hours,omitempty" validate:"omitempty,min=1,max=720"`
	// Kiosk puts the invitation in the queue the clinic's tablets open,
	// one patient after another, without a link.
	Kiosk bool `json:"kiosk,omitempty"`
}

// KioskRequest is the body of POST /v1/kiosks: a clinic tablet to pair.
type KioskRequest struct {
	Name string `json:"name" validate:"required,max=100,text"`
}

// ParseKiosk decodes and checks a kiosk body, naming every bad field.
func ParseKiosk(v *Validator, body []byte) (*KioskRequest, error) {
	var req KioskRequest
	p := decode(body, &req, "")
	if p.fatal() {
		return nil, p.err()
	}
	p = append(p, v.check(&req, "")...)
	if err := p.dedupe().err(); err != nil {
		return nil, err
	}
	return &req, nil
}

// DefaultInvitationHours is how long an invitation works when its request
// does not say.
const DefaultInvitationHours = 72

// ParseInvitation decodes and checks an invitation body by its tags,
// naming every bad field at once. Whether the forms exist and the patient
// signs them is the use case's to check.
func ParseInvitation(v *Validator, body []byte) (*InvitationRequest, error) {
	var req InvitationRequest
	p := decode(body, &req, "")
	if p.fatal() {
		return nil, p.err()
	}
	p = append(p, v.check(&req, "")...)
	if err := p.dedupe().err(); err != nil {
		return nil, err
	}
	if req.ExpiresInHours == 0 {
		req.ExpiresInHours = DefaultInvitationHours
	}
	return &req, nil
}
