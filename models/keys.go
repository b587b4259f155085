package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/google/uuid"
)

// Roles an API key may carry.
const (
	RolePortal    = "portal"
	RoleClinician = "clinician"
	RoleAuditor   = "auditor"
	RoleAdmin     = "admin"
)

// RolePatient is the role of a patient who acts through an invitation
// link: no API key carries it.
const RolePatient = "patient"

// RoleKiosk is the role of a clinic's tablet in kiosk mode: no API key
// carries it.
const RoleKiosk = "kiosk"

// Roles lists every role an API key may carry, in the order the docs give
// them.
var Roles = []string{RolePortal, RoleClinician, RoleAuditor, RoleAdmin}

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// keyPrefix starts every API key, so that leaked keys are easy to find.
const keyPrefix = "csk_"

// APIKey is a stored API key. Only the SHA-256 of the secret is stored.
type APIKey struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	Role      string
	Hash      string
	CreatedAt time.Time
	RevokedAt *time.Time
}

// HashKey returns the stored form of a secret key.
func HashKey(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateKey makes a new random key with a role and a name. The secret is
// returned once and never stored.
func (s *Store) CreateKey(ctx context.Context, name, role string) (secret string, key *APIKey, err error) {
	return s.createKey(ctx, name, role, false)
}

// CreateFirstKey is CreateKey for a store without keys: it returns
// ErrConflict when any key exists. Replicas that start together on an
// empty database make one first key between them.
func (s *Store) CreateFirstKey(ctx context.Context, name, role string) (secret string, key *APIKey, err error) {
	return s.createKey(ctx, name, role, true)
}

func (s *Store) createKey(ctx context.Context, name, role string, first bool) (secret string, key *APIKey, err error) {
	if !ValidRole(role) {
		return "", nil, fmt.Errorf("models: unknown role %q", role)
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", nil, err
	}
	secret = keyPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	id, err := uuid.NewV7()
	if err != nil {
		return "", nil, err
	}
	key = &APIKey{ID: id.String(), Name: name, Role: role, Hash: HashKey(secret), CreatedAt: s.now()}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if first {
			if err := s.lock(tx, lockFirstKey); err != nil {
				return err
			}
			var n int64
			if err := tx.Model(&APIKey{}).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("%w: the store already has keys", ErrConflict)
			}
		}
		return tx.Create(key).Error
	})
	if err != nil {
		return "", nil, translate(err)
	}
	return secret, key, nil
}

// KeyCacheTTL is how long KeyBySecret trusts a key it found without
// asking the database again: a key revoked in the database may still work
// for this long on each replica that used it just before. A secret that
// matched no key is never cached, so a new key works at once.
const KeyCacheTTL = 10 * time.Second

// cachedKey is a key KeyBySecret found, and when (monotonic clock, not
// the store's, which tests fix).
type cachedKey struct {
	key APIKey
	at  time.Time
}

// keyCacheSize bounds the keys KeyBySecret remembers.
const keyCacheSize = 4096

// KeyBySecret returns the unrevoked key whose secret this is, or
// ErrNotFound. Keys found are cached by the secret's hash for
// KeyCacheTTL; misses are not cached.
func (s *Store) KeyBySecret(ctx context.Context, secret string) (*APIKey, error) {
	h := HashKey(secret)
	if s.keys != nil {
		if c, ok := s.keys.Get(h); ok && time.Since(c.at) < KeyCacheTTL {
			k := c.key
			return &k, nil
		}
	}
	var k APIKey
	err := s.db.WithContext(ctx).Where("hash = ? AND revoked_at IS NULL", h).Take(&k).Error
	if err != nil {
		return nil, translate(err)
	}
	if s.keys != nil {
		s.keys.Add(h, cachedKey{key: k, at: time.Now()})
	}
	return &k, nil
}

// CountKeys returns how many keys exist, revoked ones included.
func (s *Store) CountKeys(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&APIKey{}).Count(&n).Error
	return n, translate(err)
}

// KeysNamed returns the unrevoked keys with a name and a role, oldest
// first.
func (s *Store) KeysNamed(ctx context.Context, name, role string) ([]APIKey, error) {
	var out []APIKey
	err := s.db.WithContext(ctx).Where("name = ? AND role = ? AND revoked_at IS NULL", name, role).
		Order("created_at, id").Find(&out).Error
	return out, translate(err)
}
