package models

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

// kioskPrefix starts every kiosk token.
const kioskPrefix = "cst_"

// Kiosk is a clinic's tablet in kiosk mode: it opens the next waiting
// kiosk invitation without a link. Only the SHA-256 of its token is
// stored.
type Kiosk struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	Hash      string
	CreatedBy string // API key id
	CreatedAt time.Time
	RevokedAt *time.Time
}

// newSecret returns a random secret with a prefix.
func newSecret(prefix string) (string, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(raw[:]), nil
}

// CreateKiosk makes k's random token, stores k (with the token's hash)
// and its audit event, and returns the token: it is shown once.
func (s *Store) CreateKiosk(ctx context.Context, k *Kiosk, ev Event) (token string, err error) {
	if token, err = newSecret(kioskPrefix); err != nil {
		return "", err
	}
	k.Hash, k.CreatedAt = HashKey(token), s.now()
	if _, err := s.write(ctx, ev, k); err != nil {
		return "", err
	}
	return token, nil
}

// KioskBySecret returns the unrevoked kiosk whose token this is, or
// ErrNotFound; a kiosk whose creating key was revoked is not found.
func (s *Store) KioskBySecret(ctx context.Context, token string) (*Kiosk, error) {
	if !strings.HasPrefix(token, kioskPrefix) {
		return nil, ErrNotFound
	}
	var k Kiosk
	err := s.db.WithContext(ctx).Table("kiosks").Select("kiosks.*").
		Joins("JOIN api_keys ON api_keys.id = kiosks.created_by AND api_keys.revoked_at IS NULL").
		Where("kiosks.hash = ? AND kiosks.revoked_at IS NULL", HashKey(token)).Take(&k).Error
	if err != nil {
		return nil, translate(err)
	}
	return &k, nil
}

// WaitingKioskInvitations returns up to limit kiosk invitations that no
// kiosk has taken, that are not revoked and that expire after now,
// oldest first.
func (s *Store) WaitingKioskInvitations(ctx context.Context, now time.Time, limit int) ([]Invitation, error) {
	var out []Invitation
	err := s.db.WithContext(ctx).
		Where("kiosk = ? AND claimed_at IS NULL AND revoked_at IS NULL AND expires_at > ?", true, now).
		Order("created_at, id").Limit(limit).Find(&out).Error
	return out, translate(err)
}

// ClaimInvitation gives a waiting kiosk invitation a new token, marks it
// taken and appends ev, in one transaction, and returns the new token
// (the old one stops working). It returns ErrConflict when another kiosk
// took it first.
func (s *Store) ClaimInvitation(ctx context.Context, id string, ev Event) (token string, err error) {
	if token, err = newSecret(invitationPrefix); err != nil {
		return "", err
	}
	at := s.now()
	fn := func(tx *gorm.DB) error {
		res := tx.Model(&Invitation{}).Where("id = ? AND kiosk = ? AND claimed_at IS NULL", id, true).
			Updates(map[string]any{"hash": HashKey(token), "claimed_at": at})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errUnchanged
		}
		return nil
	}
	if _, err := s.writeFunc(ctx, ev, fn); err != nil {
		if errors.Is(err, errUnchanged) {
			return "", ErrConflict
		}
		return "", err
	}
	return token, nil
}

// KioskByID returns the kiosk with the given id, revoked or not, or
// ErrNotFound.
func (s *Store) KioskByID(ctx context.Context, id string) (*Kiosk, error) {
	var k Kiosk
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&k).Error; err != nil {
		return nil, translate(err)
	}
	return &k, nil
}

// RevokeKiosk marks a kiosk revoked and appends ev, in one transaction;
// it reports false (and appends nothing) when it already was.
func (s *Store) RevokeKiosk(ctx context.Context, id string, ev Event) (bool, error) {
	at := s.now()
	_, err := s.writeFunc(ctx, ev, func(tx *gorm.DB) error {
		res := tx.Model(&Kiosk{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", at)
		if res.Error == nil && res.RowsAffected == 0 {
			return errUnchanged
		}
		return res.Error
	})
	if errors.Is(err, errUnchanged) {
		return false, nil
	}
	return err == nil, err
}
