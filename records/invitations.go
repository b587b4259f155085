package records

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// Invitation states, as InvitationView.Status gives them.
const (
	InvitationOpen      = "open"
	InvitationCompleted = "completed"
	InvitationExpired   = "expired"
	InvitationRevoked   = "revoked"
)

// DownloadGrace is how long after its last form was signed an invitation
// still lets its patient download the records made through it.
const DownloadGrace = time.Hour

// InvitationForm is one form an invitation asks for, and the record
// signed for it, if any.
type InvitationForm struct {
	Kind         string `json:"kind"`
	Title        string `json:"title"`
	SubmissionID string `json:"submission_id,omitempty"`
}

// InvitationView is the invitation resource, as its issuer reads it.
type InvitationView struct {
	ID        string           `json:"id"`
	PatientID string           `json:"patient_id"`
	Forms     []InvitationForm `json:"forms"`
	Status    string           `json:"status"`
	CreatedAt time.Time        `json:"created_at"`
	ExpiresAt time.Time        `json:"expires_at"`
	RevokedAt *time.Time       `json:"revoked_at,omitempty"`
	// CompletedAt is when its last form was signed.
	CompletedAt *time.Time `json:"completed_at,omitempty"`
	// Kiosk invitations are opened on the clinic's tablets; ClaimedAt is
	// when one took it.
	Kiosk     bool       `json:"kiosk"`
	ClaimedAt *time.Time `json:"claimed_at,omitempty"`
}

// URL is where the invitation is read.
func (v *InvitationView) URL() string { return "/v1/invitations/" + v.ID }

// CreatedInvitation is a new invitation with its token, shown once.
type CreatedInvitation struct {
	InvitationView
	Token string `json:"token"`
}

// invitationState is a stored invitation with the records made through it.
type invitationState struct {
	inv  *models.Invitation
	subs []models.Submission
}

func (st *invitationState) signed(kind string) *models.Submission {
	for i := range st.subs {
		if st.subs[i].Form == kind {
			return &st.subs[i]
		}
	}
	return nil
}

// completedAt is when the last form was signed, or nil while one is open.
func (st *invitationState) completedAt() *time.Time {
	var last time.Time
	for _, k := range st.inv.FormKinds() {
		sub := st.signed(k)
		if sub == nil {
			return nil
		}
		if sub.CreatedAt.After(last) {
			last = sub.CreatedAt
		}
	}
	last = last.UTC()
	return &last
}

func (st *invitationState) status(now time.Time) string {
	switch {
	case st.inv.RevokedAt != nil:
		return InvitationRevoked
	case st.completedAt() != nil:
		return InvitationCompleted
	case !now.Before(st.inv.ExpiresAt):
		return InvitationExpired
	}
	return InvitationOpen
}

func (s *Service) invitationView(st *invitationState, now time.Time) *InvitationView {
	v := &InvitationView{
		ID: st.inv.ID, PatientID: st.inv.PatientID, Status: st.status(now),
		CreatedAt: st.inv.CreatedAt.UTC(), ExpiresAt: st.inv.ExpiresAt.UTC(), CompletedAt: st.completedAt(),
	}
	if st.inv.RevokedAt != nil {
		at := st.inv.RevokedAt.UTC()
		v.RevokedAt = &at
	}
	v.Kiosk = st.inv.Kiosk
	if st.inv.ClaimedAt != nil {
		at := st.inv.ClaimedAt.UTC()
		v.ClaimedAt = &at
	}
	for _, k := range st.inv.FormKinds() {
		f := InvitationForm{Kind: k}
		if d, err := s.catalogue.Current(k); err == nil {
			f.Title = d.Title
		}
		if sub := st.signed(k); sub != nil {
			f.SubmissionID = sub.ID
		}
		v.Forms = append(v.Forms, f)
	}
	return v
}

func (s *Service) loadInvitation(ctx context.Context, id string) (*invitationState, error) {
	inv, err := s.store.Invitation(ctx, id)
	if err != nil {
		return nil, err
	}
	subs, err := s.store.InvitationSubmissions(ctx, id)
	if err != nil {
		return nil, err
	}
	return &invitationState{inv: inv, subs: subs}, nil
}

// CreateInvitation checks an invitation body (a patient the actor sees,
// forms the patient signs) and stores a new invitation with its audit
// event. The token in the answer is shown once; only its hash is stored.
// It answers a *forms.ValidationError naming every bad field, or the
// store's error.
func (s *Service) CreateInvitation(ctx context.Context, a Actor, body []byte) (*CreatedInvitation, error) {
	req, err := forms.ParseInvitation(s.validator, body)
	if err != nil {
		return nil, err
	}
	var errs []forms.FieldError
	for i, k := range req.Forms {
		ptr := "/forms/" + strconv.Itoa(i)
		d, err := s.catalogue.Current(k)
		switch {
		case err != nil:
			errs = append(errs, forms.FieldError{Pointer: ptr, Code: "unknown_form", Message: "no form has this kind; GET /v1/forms lists them"})
		case signerRole(d) != models.RolePortal:
			errs = append(errs, forms.FieldError{Pointer: ptr, Code: "not_patient_form", Message: "this form is signed by a clinician, not the patient"})
		}
	}
	pt, err := s.store.Patient(ctx, req.PatientID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !a.seesPatient(pt)) {
		errs = append(errs, forms.FieldError{Pointer: "/patient_id", Code: "unknown_patient",
			Message: "no patient has this id; create the patient with POST /v1/patients first"})
	} else if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	uid, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	inv := &models.Invitation{
		ID: uid.String(), PatientID: pt.ID, Forms: strings.Join(req.Forms, ","), CreatedBy: a.KeyID,
		ExpiresAt: now.Add(time.Duration(req.ExpiresInHours) * time.Hour).UTC(), Kiosk: req.Kiosk,
	}
	canon, err := forms.CanonicalJSON(body)
	if err != nil {
		return nil, err
	}
	ev := a.event("invitation.create", "invitation/"+inv.ID, pt.ID)
	ev.DataHash = sha256Hex(canon)
	token, err := s.store.CreateInvitation(ctx, inv, ev)
	if err != nil {
		return nil, err
	}
	return &CreatedInvitation{InvitationView: *s.invitationView(&invitationState{inv: inv}, now), Token: token}, nil
}

// readableInvitation loads an invitation its issuer's role may see: a
// portal sees only the invitations it issued.
func (s *Service) readableInvitation(ctx context.Context, a Actor, id string) (*invitationState, error) {
	st, err := s.loadInvitation(ctx, id)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !a.sees(st.inv.CreatedBy)) {
		return nil, notFound("invitation")
	}
	return st, err
}

// Invitation returns an invitation the actor may see, recording the read.
func (s *Service) Invitation(ctx context.Context, a Actor, id string) (*InvitationView, error) {
	st, err := s.readableInvitation(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.store.Record(ctx, a.event("invitation.read", "invitation/"+id, st.inv.PatientID)); err != nil {
		return nil, err
	}
	return s.invitationView(st, s.clock.Now()), nil
}

// RevokeInvitation ends an invitation the actor may see, with an audit
// event; its link stops working at once. Revoking a revoked invitation
// changes nothing.
func (s *Service) RevokeInvitation(ctx context.Context, a Actor, id string) (*InvitationView, error) {
	st, err := s.readableInvitation(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.RevokeInvitation(ctx, id, a.event("invitation.revoke", "invitation/"+id, st.inv.PatientID)); err != nil {
		return nil, err
	}
	if st, err = s.loadInvitation(ctx, id); err != nil {
		return nil, err
	}
	return s.invitationView(st, s.clock.Now()), nil
}

// Invitee resolves an invitation token to the actor it makes, or answers
// models.ErrNotFound for a token that names no invitation (or one whose
// issuing key was revoked). Whether the invitation may still be used is
// each use case's to check.
func (s *Service) Invitee(ctx context.Context, token string) (Actor, error) {
	inv, err := s.store.InvitationBySecret(ctx, token)
	if err != nil {
		return Actor{}, err
	}
	return Actor{
		KeyID: inv.CreatedBy, KeyName: inv.IssuerName + ", invitation " + inv.ID, Role: models.RolePatient,
		Invitation: &Invitee{ID: inv.ID, PatientID: inv.PatientID, Forms: inv.FormKinds()},
	}, nil
}
