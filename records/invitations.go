package records

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
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
