package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// The states of an idempotency key before its response is stored; a
// stored response's state is its HTTP status.
const (
	// statusPending marks a key whose first request is still running and
	// has stored nothing.
	statusPending = 0
	// statusCommitted marks a key whose request's write has committed
	// but whose response is not stored (yet, or ever, if the replica
	// died in between).
	statusCommitted = 1
)

// ClaimStaleAfter is how long a pending claim is honoured. A retry after
// that takes the claim over: the first request wrote nothing (its write
// would have marked the claim committed in the same transaction), and no
// request runs that long.
const ClaimStaleAfter = 2 * time.Minute

// ErrClaimLost means a write's idempotency claim was taken over by a
// retry because the write took longer than ClaimStaleAfter; the write is
// rolled back.
var ErrClaimLost = errors.New("models: idempotency claim taken over by a retry")

// IdempotentResponse is a write's stored response, replayed to retries.
type IdempotentResponse struct {
	KeyID       string `gorm:"primaryKey"`
	IdemKey     string `gorm:"primaryKey"`
	RequestHash string
	Status      int // statusPending, statusCommitted, or the HTTP status
	ContentType string
	Location    string
	Body        []byte
	// CreatedAt is when the claim was made or last taken over; it tells
	// one claim from the next.
	CreatedAt time.Time
}

// TableName is idempotency_keys.
func (IdempotentResponse) TableName() string { return "idempotency_keys" }

// Pending reports whether the first request with this key is still running.
func (r *IdempotentResponse) Pending() bool { return r.Status == statusPending }

// Unrecorded reports whether the first request's write committed but its
// response was never stored.
func (r *IdempotentResponse) Unrecorded() bool { return r.Status == statusCommitted }

// Claim is a request's hold on an idempotency key.
type Claim struct {
	KeyID, IdemKey string
	At             time.Time
}

type claimContextKey struct{}

// WithClaim returns a context whose writes mark the claim committed in
// their own transaction, so that a retry can tell a write that happened
// from one that did not.
func WithClaim(ctx context.Context, c *Claim) context.Context {
	return context.WithValue(ctx, claimContextKey{}, c)
}

// markCommitted marks the claim of tx's context, if any, as committed. It
// fails with ErrClaimLost when a retry has taken the claim over.
func markCommitted(tx *gorm.DB) error {
	c, _ := tx.Statement.Context.Value(claimContextKey{}).(*Claim)
	if c == nil {
		return nil
	}
	res := tx.Model(&IdempotentResponse{}).
		Where("key_id = ? AND idem_key = ? AND status = ? AND created_at = ?", c.KeyID, c.IdemKey, statusPending, c.At).
		Update("status", statusCommitted)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return ErrClaimLost
	}
	return nil
}

// ClaimIdempotencyKey starts a request under an idempotency key. It
// returns a claim when the key is new (or its earlier claim is stale and
// wrote nothing), or else the stored response, perhaps still pending.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, keyID, idemKey, requestHash string) (*Claim, *IdempotentResponse, error) {
	var (
		claim *Claim
		prior *IdempotentResponse
	)
	err := s.exec(ctx, func(db *gorm.DB) error {
		var err error
		claim, prior, err = s.claim(db, keyID, idemKey, requestHash)
		return err
	})
	return claim, prior, err
}

func (s *Store) claim(db *gorm.DB, keyID, idemKey, requestHash string) (*Claim, *IdempotentResponse, error) {
	now := s.now()
	claim := &IdempotentResponse{KeyID: keyID, IdemKey: idemKey, RequestHash: requestHash,
		Status: statusPending, Body: []byte{}, CreatedAt: now}
	err := translate(db.Create(claim).Error)
	if err == nil {
		return &Claim{KeyID: keyID, IdemKey: idemKey, At: now}, nil, nil
	}
	if !isConflict(err) {
		return nil, nil, err
	}
	var prior IdempotentResponse
	if err := db.Where("key_id = ? AND idem_key = ?", keyID, idemKey).Take(&prior).Error; err != nil {
		return nil, nil, translate(err)
	}
	if prior.Pending() && prior.RequestHash == requestHash && now.Sub(prior.CreatedAt) > ClaimStaleAfter {
		res := db.Model(&IdempotentResponse{}).
			Where("key_id = ? AND idem_key = ? AND status = ? AND created_at = ?", keyID, idemKey, statusPending, prior.CreatedAt).
			Update("created_at", now)
		if res.Error != nil {
			return nil, nil, translate(res.Error)
		}
		if res.RowsAffected == 1 {
			return &Claim{KeyID: keyID, IdemKey: idemKey, At: now}, nil, nil
		}
	}
	if prior.Status == statusCommitted && now.Sub(prior.CreatedAt) <= ClaimStaleAfter {
		// The first request's write has committed and its response is
		// about to be stored: to a retry that arrives in between, it is
		// still running. Only a claim left committed past ClaimStaleAfter
		// (its process died before storing the response) is unrecorded.
		prior.Status = statusPending
	}
	return nil, &prior, nil
}

// CompleteIdempotencyKey stores the response of a claimed key.
func (s *Store) CompleteIdempotencyKey(ctx context.Context, c *Claim, r *IdempotentResponse) error {
	return s.exec(ctx, func(db *gorm.DB) error {
		return db.Model(&IdempotentResponse{}).
			Where("key_id = ? AND idem_key = ? AND created_at = ? AND status IN ?", c.KeyID, c.IdemKey, c.At,
				[]int{statusPending, statusCommitted}).
			Updates(map[string]any{"status": r.Status, "content_type": r.ContentType, "location": r.Location, "body": r.Body}).Error
	})
}

// ReleaseIdempotencyKey forgets a claimed key whose request failed on the
// server's side and wrote nothing, so that a retry runs again.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, c *Claim) error {
	return s.exec(ctx, func(db *gorm.DB) error {
		return db.Where("key_id = ? AND idem_key = ? AND status = ? AND created_at = ?", c.KeyID, c.IdemKey, statusPending, c.At).
			Delete(&IdempotentResponse{}).Error
	})
}
