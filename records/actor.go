package records

import (
	"github.com/consentry/consentry/models"
)

// Actor is who acts: the API key a request came with, and the client it
// came from. Every audit event names it.
type Actor struct {
	KeyID   string
	KeyName string
	Role    string
	// IP and UserAgent are the client's, as the adapter saw them; the
	// user agent is already cut to visible ASCII.
	IP        string
	UserAgent string
}

// event starts an audit event of this actor.
func (a Actor) event(action, subject, patientID string) models.Event {
	return models.Event{
		Actor: a.KeyID, Role: a.Role, Action: action, Subject: subject, PatientID: patientID,
		IP: a.IP, UserAgent: a.UserAgent,
	}
}

// sees reports whether the actor may see a record or patient created by
// the key createdBy: a portal sees only what it created.
func (a Actor) sees(createdBy string) bool {
	return a.Role != models.RolePortal || a.KeyID == createdBy
}
