package records

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/consentry/consentry/models"
)

// The patient's side of an invitation: what the portal's page does with
// the token of its link.

// Refusals of an invitation that may no longer be used.
var (
	errInvitationUsed = &Error{Code: Gone, Slug: "invitation-used",
		Detail: "every form of this invitation has been signed; ask the clinic for a new link if you need one"}
	errInvitationExpired = &Error{Code: Gone, Slug: "invitation-expired",
		Detail: "this invitation has expired; ask the clinic for a new link"}
	errInvitationRevoked = &Error{Code: Gone, Slug: "invitation-revoked",
		Detail: "this invitation was withdrawn by the clinic; ask the clinic for a new link"}
)

// usable loads the actor's invitation and refuses it when it is revoked,
// expired or (unless forDownload) completed. A download of a completed
// invitation's records is allowed for DownloadGrace after its last
// signature, and never after the invitation expires. The first use after
// expiry records the expiry as an audit event.
func (s *Service) usable(ctx context.Context, a Actor, forDownload bool) (*invitationState, error) {
	if a.Invitation == nil {
		return nil, &Error{Code: Forbidden, Slug: "forbidden", Detail: "this route takes an invitation link, not an API key"}
	}
	st, err := s.loadInvitation(ctx, a.Invitation.ID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	switch st.status(now) {
	case InvitationRevoked:
		return nil, errInvitationRevoked
	case InvitationCompleted:
		done := st.completedAt()
		if !forDownload || now.Sub(*done) > DownloadGrace || !now.Before(st.inv.ExpiresAt) {
			return nil, errInvitationUsed
		}
	case InvitationExpired:
		if st.inv.ExpiredAt == nil {
			ev := a.event("invitation.expire", "invitation/"+st.inv.ID, st.inv.PatientID)
			if _, err := s.store.ExpireInvitation(ctx, st.inv.ID, ev); err != nil {
				return nil, err
			}
		}
		return nil, errInvitationExpired
	}
	return st, nil
}

// PortalSession is what the patient's page gets for an invitation: the
// patient it is for, and each form to sign with its definition and JSON
// Schema.
type PortalSession struct {
	InvitationID string `json:"invitation_id"`
	Clinic       string `json:"clinic"`
	Patient      struct {
		ID        string `json:"id"`
		GivenName string `json:"given_name"`
	} `json:"patient"`
	ExpiresAt time.Time    `json:"expires_at"`
	Forms     []PortalForm `json:"forms"`
	Kiosk     bool         `json:"-"`
}

// PortalForm is one form of a session: its definition in force, and the
// record already signed for it, if any.
type PortalForm struct {
	Kind         string    `json:"kind"`
	SubmissionID string    `json:"submission_id,omitempty"`
	Definition   *FormView `json:"definition"`
}

// OpenInvitation is the patient opening their link: it refuses a used,
// expired or revoked invitation and records the use as an audit event.
func (s *Service) OpenInvitation(ctx context.Context, a Actor) (*PortalSession, error) {
	st, err := s.usable(ctx, a, false)
	if err != nil {
		return nil, err
	}
	pt, err := s.store.Patient(ctx, st.inv.PatientID)
	if err != nil {
		return nil, err
	}
	if err := s.store.Record(ctx, a.event("invitation.open", "invitation/"+st.inv.ID, pt.ID)); err != nil {
		return nil, err
	}
	out := &PortalSession{InvitationID: st.inv.ID, Clinic: s.clinic, ExpiresAt: st.inv.ExpiresAt.UTC()}
	out.Patient.ID, out.Patient.GivenName = pt.ID, pt.GivenName
	for _, k := range st.inv.FormKinds() {
		d, err := s.catalogue.Current(k)
		if err != nil {
			return nil, err
		}
		f := PortalForm{Kind: k, Definition: describe(d)}
		if sub := st.signed(k); sub != nil {
			f.SubmissionID = sub.ID
		}
		out.Forms = append(out.Forms, f)
	}
	return out, nil
}

// SubmitInvitation is the patient signing one of the invitation's forms:
// Submit, restricted to the invitation's patient and forms, each form
// once. It answers Gone for an invitation that may no longer be used and
// Conflict for a form already signed through it.
func (s *Service) SubmitInvitation(ctx context.Context, a Actor, body []byte) (*Receipt, error) {
	st, err := s.usable(ctx, a, false)
	if err != nil {
		return nil, err
	}
	var head struct {
		Form string `json:"form"`
	}
	// A peek only: Submit decodes the body strictly.
	if json.Unmarshal(body, &head) == nil && slices.Contains(st.inv.FormKinds(), head.Form) && st.signed(head.Form) != nil {
		return nil, errAlreadySigned
	}
	r, err := s.Submit(ctx, a, body)
	if errors.Is(err, models.ErrConflict) {
		return nil, errAlreadySigned
	}
	if err != nil {
		return nil, err
	}
	invitationURLs(r)
	return r, nil
}

// invitationURLs points a receipt's document at the route its patient
// downloads it from.
func invitationURLs(r *Receipt) {
	r.Document.URL = "/v1/invitation/submissions/" + r.ID + "/pdf"
}

var errAlreadySigned = conflict("already-signed", "this form has already been signed through this invitation")

// InvitationRecord returns the receipt of a record made through the
// actor's invitation, recording the read.
func (s *Service) InvitationRecord(ctx context.Context, a Actor, id string) (*Receipt, error) {
	if _, err := s.usable(ctx, a, true); err != nil {
		return nil, err
	}
	v, err := s.Submission(ctx, a, id)
	if err != nil {
		return nil, err
	}
	invitationURLs(&v.Receipt)
	return &v.Receipt, nil
}

// InvitationDocument returns the sealed PDF of a record made through the
// actor's invitation, exactly as stored, recording the read.
func (s *Service) InvitationDocument(ctx context.Context, a Actor, id string) (*models.Document, error) {
	if _, err := s.usable(ctx, a, true); err != nil {
		return nil, err
	}
	return s.Document(ctx, a, id)
}
