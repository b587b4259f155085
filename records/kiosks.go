package records

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// KioskView is a paired tablet, without its token.
type KioskView struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

func kioskView(k *models.Kiosk) *KioskView {
	v := &KioskView{ID: k.ID, Name: k.Name, CreatedAt: k.CreatedAt.UTC()}
	if k.RevokedAt != nil {
		at := k.RevokedAt.UTC()
		v.RevokedAt = &at
	}
	return v
}

// CreatedKiosk is a newly paired tablet with its token, shown once.
type CreatedKiosk struct {
	KioskView
	Token string `json:"token"`
}

// Kiosk returns a paired tablet; an unknown id is NotFound.
func (s *Service) Kiosk(ctx context.Context, id string) (*KioskView, error) {
	k, err := s.store.KioskByID(ctx, id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, notFound("kiosk")
	}
	if err != nil {
		return nil, err
	}
	return kioskView(k), nil
}

// RevokeKiosk unpairs a tablet (a lost or retired one) with an audit
// event; its token stops working at once.
func (s *Service) RevokeKiosk(ctx context.Context, a Actor, id string) (*KioskView, error) {
	if _, err := s.Kiosk(ctx, id); err != nil {
		return nil, err
	}
	if _, err := s.store.RevokeKiosk(ctx, id, a.event("kiosk.revoke", "kiosk/"+id, "")); err != nil {
		return nil, err
	}
	return s.Kiosk(ctx, id)
}

// CreateKiosk pairs a clinic tablet for kiosk mode: it stores the kiosk
// (only its token's hash) with its audit event and returns the token.
func (s *Service) CreateKiosk(ctx context.Context, a Actor, body []byte) (*CreatedKiosk, error) {
	req, err := forms.ParseKiosk(s.validator, body)
	if err != nil {
		return nil, err
	}
	uid, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	k := &models.Kiosk{ID: uid.String(), Name: req.Name, CreatedBy: a.KeyID}
	token, err := s.store.CreateKiosk(ctx, k, a.event("kiosk.create", "kiosk/"+k.ID, ""))
	if err != nil {
		return nil, err
	}
	return &CreatedKiosk{KioskView: *kioskView(k), Token: token}, nil
}

// KioskActor resolves a kiosk token to the actor it makes, or answers
// models.ErrNotFound for a token that names no kiosk (or a revoked one).
func (s *Service) KioskActor(ctx context.Context, token string) (Actor, error) {
	k, err := s.store.KioskBySecret(ctx, token)
	if err != nil {
		return Actor{}, err
	}
	return Actor{KeyID: k.CreatedBy, KeyName: k.Name, Role: models.RoleKiosk, Kiosk: k.ID}, nil
}

// KioskHandoff is the next patient's invitation, as a kiosk takes it.
type KioskHandoff struct {
	InvitationID string `json:"invitation_id"`
	// Token is the invitation's new token: the page opens it as it would
	// a link's. Any earlier token of the invitation stops working.
	Token string `json:"token"`
}

var errNoneWaiting = &Error{Code: NotFound, Slug: "no-patient-waiting",
	Detail: "no kiosk invitation is waiting; make one with POST /v1/invitations and \"kiosk\": true"}

// KioskNext gives a kiosk the oldest kiosk invitation that no kiosk has
// taken yet (open, unexpired, unrevoked), with a fresh token, recording
// the hand-off as an audit event. It answers NotFound when none waits.
func (s *Service) KioskNext(ctx context.Context, a Actor) (*KioskHandoff, error) {
	if a.Kiosk == "" {
		return nil, &Error{Code: Forbidden, Slug: "forbidden", Detail: "this route takes a kiosk token"}
	}
	for range 3 {
		now := s.clock.Now()
		waiting, err := s.store.WaitingKioskInvitations(ctx, now, 20)
		if err != nil {
			return nil, err
		}
		if len(waiting) == 0 {
			return nil, errNoneWaiting
		}
		for _, inv := range waiting {
			// One signed through its link meanwhile is no longer waiting.
			if st, err := s.loadInvitation(ctx, inv.ID); err != nil || st.status(now) != InvitationOpen {
				if err != nil {
					return nil, err
				}
				continue
			}
			token, err := s.store.ClaimInvitation(ctx, inv.ID, a.event("invitation.claim", "invitation/"+inv.ID, inv.PatientID))
			if errors.Is(err, models.ErrConflict) {
				continue // another tablet took it a moment ago
			}
			if err != nil {
				return nil, err
			}
			return &KioskHandoff{InvitationID: inv.ID, Token: token}, nil
		}
	}
	return nil, errNoneWaiting
}
