package models

import (
	"context"
	"time"
)

// statusPending marks an idempotency key whose first request is still
// running.
const statusPending = 0

// IdempotentResponse is a write's stored response, replayed to retries.
type IdempotentResponse struct {
	KeyID       string `gorm:"primaryKey"`
	IdemKey     string `gorm:"primaryKey"`
	RequestHash string
	Status      int // 0 while the first request runs
	ContentType string
	Location    string
	Body        []byte
	CreatedAt   time.Time
}

// TableName is idempotency_keys.
func (IdempotentResponse) TableName() string { return "idempotency_keys" }

// Pending reports whether the first request with this key is still running.
func (r *IdempotentResponse) Pending() bool { return r.Status == statusPending }

// ClaimIdempotencyKey starts a request under an idempotency key. It returns
// (nil, nil) when the key is new and now claimed by the caller, or the
// stored response (perhaps still pending) when the key was used before.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, keyID, idemKey, requestHash string) (*IdempotentResponse, error) {
	claim := &IdempotentResponse{KeyID: keyID, IdemKey: idemKey, RequestHash: requestHash,
		Status: statusPending, Body: []byte{}, CreatedAt: s.now()}
	err := translate(s.db.WithContext(ctx).Create(claim).Error)
	if err == nil {
		return nil, nil
	}
	if !isConflict(err) {
		return nil, err
	}
	var prior IdempotentResponse
	if err := s.db.WithContext(ctx).Where("key_id = ? AND idem_key = ?", keyID, idemKey).Take(&prior).Error; err != nil {
		return nil, translate(err)
	}
	return &prior, nil
}

// CompleteIdempotencyKey stores the response of a claimed key.
func (s *Store) CompleteIdempotencyKey(ctx context.Context, r *IdempotentResponse) error {
	return translate(s.db.WithContext(ctx).Model(&IdempotentResponse{}).
		Where("key_id = ? AND idem_key = ?", r.KeyID, r.IdemKey).
		Updates(map[string]any{"status": r.Status, "content_type": r.ContentType, "location": r.Location, "body": r.Body}).Error)
}

// ReleaseIdempotencyKey forgets a claimed key whose request failed on the
// server's side, so that a retry runs again.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, keyID, idemKey string) error {
	return translate(s.db.WithContext(ctx).
		Where("key_id = ? AND idem_key = ? AND status = ?", keyID, idemKey, statusPending).
		Delete(&IdempotentResponse{}).Error)
}
