package models

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Webhook event types: what a registered endpoint may subscribe to.
const (
	// WebhookSubmissionCreated: a record was signed and stored (any form).
	WebhookSubmissionCreated = "submission.created"
	// WebhookScreeningUrgent: a stored record raised an urgent flag
	// (e.g. PHQ-9 item 9 above 0), sent after its submission.created.
	WebhookScreeningUrgent = "screening.urgent"
	// WebhookConsentWithdrawn: a withdrawal record was stored.
	WebhookConsentWithdrawn = "consent.withdrawn"
	// WebhookReviewCompleted: a clinician's review record was stored.
	WebhookReviewCompleted = "review.completed"
	// WebhookChainCheckpoint: a signed checkpoint of the audit chain's
	// head was stored.
	WebhookChainCheckpoint = "chain.checkpoint"
)

// WebhookEventTypes lists every event type, in the order the docs give
// them.
var WebhookEventTypes = []string{
	WebhookSubmissionCreated, WebhookScreeningUrgent, WebhookConsentWithdrawn,
	WebhookReviewCompleted, WebhookChainCheckpoint,
}

// WebhookEvent is one event a write tells of. Data holds ids, kinds,
// versions, hashes and rule ids only, never patient data; the store adds
// audit_seq, the seq of the write's audit event.
type WebhookEvent struct {
	Type string
	Data map[string]any
}

// webhookSecretPrefix starts every signing secret, as Standard Webhooks
// spells them.
const webhookSecretPrefix = "whsec_"

// WebhookEndpoint is a registered receiver of webhook events.
//
// Its Secret is stored as it is, not hashed like an API key: the
// dispatcher needs the secret itself to compute each HMAC, so a hash
// cannot serve. Encrypting it with a key kept beside the database (the
// data directory, the environment) would protect only a database copy
// taken without that key, at the price of a second secret to manage,
// rotate and back up on every replica; we chose to keep it in the
// database, which already holds the patient records themselves and is
// protected as such. The secret is shown once (create and rotate), never
// returned by a read, never logged, and never in an audit event.
type WebhookEndpoint struct {
	ID          string `gorm:"primaryKey"`
	URL         string
	Events      string // JSON array of event types
	Description string
	Secret      string
	// PreviousSecret still signs (beside Secret) until
	// PreviousSecretUntil after a rotation, so that a receiver can switch
	// over without dropping events.
	PreviousSecret      string
	PreviousSecretUntil *time.Time
	Active              bool
	CreatedBy           string
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// EventList decodes Events.
func (e *WebhookEndpoint) EventList() []string {
	var out []string
	_ = json.Unmarshal([]byte(e.Events), &out) // the store writes only valid arrays
	return out
}

// Subscribes reports whether the endpoint takes events of type t.
func (e *WebhookEndpoint) Subscribes(t string) bool {
	for _, x := range e.EventList() {
		if x == t {
			return true
		}
	}
	return false
}

// SigningSecrets are the secrets each delivery is signed with at now: the
// current one, and the previous one during a rotation's overlap.
func (e *WebhookEndpoint) SigningSecrets(now time.Time) []string {
	out := []string{e.Secret}
	if e.PreviousSecret != "" && e.PreviousSecretUntil != nil && now.Before(*e.PreviousSecretUntil) {
		out = append(out, e.PreviousSecret)
	}
	return out
}

// EncodeWebhookEvents is the stored form of a list of event types.
func EncodeWebhookEvents(events []string) string {
	if events == nil {
		events = []string{}
	}
	b, _ := json.Marshal(events) // strings always encode
	return string(b)
}

// NewWebhookSecret returns a new signing secret: "whsec_" and the
// standard base64 of 32 random bytes.
func NewWebhookSecret() (string, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	return webhookSecretPrefix + base64.StdEncoding.EncodeToString(raw[:]), nil
}

// CreateWebhookEndpoint stores ep with a new secret and its audit event
// in one transaction. It sets ID, Secret, CreatedAt and UpdatedAt.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, ep *WebhookEndpoint, ev Event) error {
	id, err := uuid.NewV7()
	if err != nil {
		return err
	}
	secret, err := NewWebhookSecret()
	if err != nil {
		return err
	}
	now := s.now()
	ep.ID, ep.Secret, ep.CreatedAt, ep.UpdatedAt = id.String(), secret, now, now
	ev.Subject = "webhook/" + ep.ID
	ev.DataHash = webhookDataHash(ep)
	_, err = s.write(ctx, ev, ep)
	return err
}

// webhookDataHash is the audit event's hash of what an endpoint write
// stored: its URL, events and active flag, never its secret.
func webhookDataHash(ep *WebhookEndpoint) string {
	b, _ := json.Marshal([]any{ep.URL, ep.Events, ep.Active, ep.Description})
	return sha256Hex(b)
}

// WebhookEndpoint returns the endpoint with the given id, or ErrNotFound.
func (s *Store) WebhookEndpoint(ctx context.Context, id string) (*WebhookEndpoint, error) {
	var ep WebhookEndpoint
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&ep).Error; err != nil {
		return nil, translate(err)
	}
	return &ep, nil
}

// WebhookEndpoints returns every endpoint in id (creation) order.
func (s *Store) WebhookEndpoints(ctx context.Context) ([]WebhookEndpoint, error) {
	var out []WebhookEndpoint
	err := s.db.WithContext(ctx).Order("id").Find(&out).Error
	return out, translate(err)
}

// UpdateWebhookEndpoint stores ep's URL, events, description and active
// flag, and its audit event, in one transaction. It sets UpdatedAt, and
// returns ErrNotFound when the endpoint is gone.
func (s *Store) UpdateWebhookEndpoint(ctx context.Context, ep *WebhookEndpoint, ev Event) error {
	ep.UpdatedAt = s.now()
	ev.Subject = "webhook/" + ep.ID
	ev.DataHash = webhookDataHash(ep)
	_, err := s.writeFn(ctx, ev, func(tx *gorm.DB) error {
		r := tx.Model(&WebhookEndpoint{}).Where("id = ?", ep.ID).Updates(map[string]any{
			"url": ep.URL, "events": ep.Events, "description": ep.Description,
			"active": ep.Active, "updated_at": ep.UpdatedAt,
		})
		if r.Error == nil && r.RowsAffected == 0 {
			return ErrNotFound
		}
		return r.Error
	})
	return err
}

// RotateWebhookSecret gives the endpoint a new secret and returns it; the
// old one keeps signing beside it for overlap. The rotation is audited.
func (s *Store) RotateWebhookSecret(ctx context.Context, id string, overlap time.Duration, ev Event) (*WebhookEndpoint, error) {
	secret, err := NewWebhookSecret()
	if err != nil {
		return nil, err
	}
	now := s.now()
	until := now.Add(overlap)
	var ep WebhookEndpoint
	ev.Subject = "webhook/" + id
	_, err = s.writeFn(ctx, ev, func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", id).Take(&ep).Error; err != nil {
			return err
		}
		ep.PreviousSecret, ep.PreviousSecretUntil, ep.Secret, ep.UpdatedAt = ep.Secret, &until, secret, now
		return tx.Model(&WebhookEndpoint{}).Where("id = ?", id).Updates(map[string]any{
			"secret": ep.Secret, "previous_secret": ep.PreviousSecret,
			"previous_secret_until": until, "updated_at": now,
		}).Error
	})
	if err != nil {
		return nil, err
	}
	return &ep, nil
}

// DeleteWebhookEndpoint removes the endpoint and its deliveries (pending
// ones are never sent), with its audit event, in one transaction; the
// messages stay. It returns ErrNotFound when there is no such endpoint.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, id string, ev Event) error {
	ev.Subject = "webhook/" + id
	_, err := s.writeFn(ctx, ev, func(tx *gorm.DB) error {
		if err := tx.Where("endpoint_id = ?", id).Delete(&WebhookDelivery{}).Error; err != nil {
			return err
		}
		r := tx.Where("id = ?", id).Delete(&WebhookEndpoint{})
		if r.Error == nil && r.RowsAffected == 0 {
			return ErrNotFound
		}
		return r.Error
	})
	return err
}
