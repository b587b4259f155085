package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

// invitationPrefix starts every invitation token, so that a leaked one is
// easy to tell from an API key.
const invitationPrefix = "csi_"

// Invitation is a stored one-time link for one patient and a list of
// forms. Only the SHA-256 of its token is stored.
type Invitation struct {
	ID        string `gorm:"primaryKey"`
	Hash      string
	PatientID string
	// Forms are the form kinds the patient is asked to sign, in order,
	// separated by commas.
	Forms     string
	CreatedBy string // API key id
	CreatedAt time.Time
	ExpiresAt time.Time
	// RevokedAt is when the invitation was revoked, or nil.
	RevokedAt *time.Time
	// ExpiredAt is when the store recorded the invitation's expiry (the
	// first use after ExpiresAt), or nil.
	ExpiredAt *time.Time
	// Kiosk invitations are opened on the clinic's tablets (KioskNext)
	// rather than through a link.
	Kiosk bool
	// ClaimedAt is when a kiosk took the invitation, or nil.
	ClaimedAt *time.Time
	// IssuerName is the issuing key's name, read by InvitationBySecret
	// only; it is not a column.
	IssuerName string `gorm:"->;-:migration"`
}

// FormKinds returns the invitation's forms, in order.
func (inv *Invitation) FormKinds() []string {
	if inv.Forms == "" {
		return nil
	}
	return strings.Split(inv.Forms, ",")
}

// CreateInvitation makes inv's random token, stores inv (with the token's
// hash) and its audit event in one transaction, and returns the token:
// it is shown once and never stored.
func (s *Store) CreateInvitation(ctx context.Context, inv *Invitation, ev Event) (token string, err error) {
	if token, err = newSecret(invitationPrefix); err != nil {
		return "", err
	}
	inv.Hash = HashKey(token)
	inv.CreatedAt = s.now()
	if _, err := s.write(ctx, ev, inv); err != nil {
		return "", err
	}
	return token, nil
}

// InvitationBySecret returns the invitation whose token this is, whatever
// its state (revoked, expired or used), with its issuing key's name, or
// ErrNotFound. An invitation whose issuing key was revoked is not found.
func (s *Store) InvitationBySecret(ctx context.Context, token string) (*Invitation, error) {
	if !strings.HasPrefix(token, invitationPrefix) {
		return nil, ErrNotFound
	}
	var inv Invitation
	err := s.db.WithContext(ctx).Table("invitations").
		Select("invitations.*, api_keys.name AS issuer_name").
		Joins("JOIN api_keys ON api_keys.id = invitations.created_by AND api_keys.revoked_at IS NULL").
		Where("invitations.hash = ?", HashKey(token)).Take(&inv).Error
	if err != nil {
		return nil, translate(err)
	}
	return &inv, nil
}

// Invitation returns the invitation with the given id, or ErrNotFound.
func (s *Store) Invitation(ctx context.Context, id string) (*Invitation, error) {
	var inv Invitation
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&inv).Error; err != nil {
		return nil, translate(err)
	}
	return &inv, nil
}

// InvitationSubmissions returns the records made through an invitation,
// oldest first, without their bodies.
func (s *Store) InvitationSubmissions(ctx context.Context, invitationID string) ([]Submission, error) {
	var out []Submission
	err := s.db.WithContext(ctx).Omit("body").Where("invitation_id = ?", invitationID).Order("id").Find(&out).Error
	return out, translate(err)
}

// errUnchanged stops a state change that another request made first; no
// event is appended for it.
var errUnchanged = errors.New("models: invitation already in that state")

// RevokeInvitation marks an invitation revoked at the store's time and
// appends ev, in one transaction. It reports false (and appends nothing)
// when the invitation was already revoked.
func (s *Store) RevokeInvitation(ctx context.Context, id string, ev Event) (bool, error) {
	return s.markInvitation(ctx, id, "revoked_at", ev)
}

// ExpireInvitation records that an invitation has expired and appends ev,
// in one transaction, once: it reports false (and appends nothing) when
// the expiry was already recorded.
func (s *Store) ExpireInvitation(ctx context.Context, id string, ev Event) (bool, error) {
	return s.markInvitation(ctx, id, "expired_at", ev)
}

// markInvitation sets column (revoked_at or expired_at) of a row where it
// is still NULL, with ev, in one write.
func (s *Store) markInvitation(ctx context.Context, id, column string, ev Event) (bool, error) {
	at := s.now()
	fn := func(tx *gorm.DB) error {
		res := tx.Model(&Invitation{}).Where("id = ? AND "+column+" IS NULL", id).Update(column, at)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errUnchanged
		}
		return nil
	}
	_, err := s.writeFunc(ctx, ev, fn)
	if errors.Is(err, errUnchanged) {
		return false, nil
	}
	return err == nil, err
}

// writeFunc runs fn and appends ev in one transaction (on SQLite, one
// write of the writer's batches).
func (s *Store) writeFunc(ctx context.Context, ev Event, fn func(tx *gorm.DB) error) (*AuditEvent, error) {
	if s.w != nil {
		e, err := s.submit(ctx, &writeOp{ctx: ctx, fn: fn, ev: &ev})
		return e, translate(err)
	}
	var out *AuditEvent
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := fn(tx); err != nil {
			return err
		}
		if err := markCommitted(tx); err != nil {
			return err
		}
		e, err := s.appendEvent(tx, ev)
		out = e
		return err
	})
	return out, translate(err)
}
