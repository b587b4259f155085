package records

import (
	"slices"

	"github.com/consentry/consentry/models"
)

// Actor is who acts: the API key a request came with, or the patient
// with an invitation link, and the client it came from. Every audit
// event names it.
type Actor struct {
	KeyID   string
	KeyName string
	Role    string
	// IP and UserAgent are the client's, as the adapter saw them; the
	// user agent is already cut to visible ASCII.
	IP        string
	UserAgent string
	// Invitation is set when the patient acts through an invitation link
	// (Role is then models.RolePatient, and KeyID and KeyName are the key
	// that issued it): the actor signs only the invitation's forms, for its
	// patient, and reads only the records it made.
	Invitation *Invitee
	// Kiosk is set when a clinic's tablet in kiosk mode acts (Role is
	// models.RoleKiosk, KeyID the key that paired it): the kiosk's id.
	Kiosk string
}

// Invitee is what an invitation lets its patient do.
type Invitee struct {
	// ID is the invitation's id.
	ID        string
	PatientID string
	// Forms are the form kinds the invitation asks for.
	Forms []string
}

// event starts an audit event of this actor. A patient with an
// invitation is named by the invitation ("invitation/<id>").
func (a Actor) event(action, subject, patientID string) models.Event {
	actor := a.KeyID
	switch {
	case a.Invitation != nil:
		actor = "invitation/" + a.Invitation.ID
	case a.Kiosk != "":
		actor = "kiosk/" + a.Kiosk
	}
	return models.Event{
		Actor: actor, Role: a.Role, Action: action, Subject: subject, PatientID: patientID,
		IP: a.IP, UserAgent: a.UserAgent,
	}
}

// sees reports whether the actor may see a record or patient created by
// the key createdBy: a portal sees only what it created. A patient with
// an invitation is bound by the invitation instead (seesPatient,
// seesRecord).
func (a Actor) sees(createdBy string) bool {
	return a.Role != models.RolePortal || a.KeyID == createdBy
}

// seesPatient reports whether the actor may see the patient: a patient
// with an invitation sees only the invitation's patient.
func (a Actor) seesPatient(p *models.Patient) bool {
	return a.sees(p.CreatedBy) && (a.Invitation == nil || a.Invitation.PatientID == p.ID)
}

// seesRecord reports whether the actor may see a stored record: a patient
// with an invitation sees only the records made through it.
func (a Actor) seesRecord(sub *models.Submission) bool {
	return a.sees(sub.CreatedBy) && (a.Invitation == nil || a.Invitation.ID == sub.InvitationID)
}

// signs reports whether the actor may submit a form whose first signer
// submits with a key of role: a patient's forms come through a portal key
// or through an invitation.
func (a Actor) signs(role string) bool {
	if a.Invitation != nil {
		return role == models.RolePortal
	}
	return a.Role == role
}

// invitedTo reports whether the actor may sign a form of kind: any, but
// for a patient with an invitation only the invitation's forms.
func (a Actor) invitedTo(kind string) bool {
	return a.Invitation == nil || slices.Contains(a.Invitation.Forms, kind)
}
