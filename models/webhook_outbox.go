package models

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Delivery states.
const (
	// DeliveryPending: not yet delivered; due at NextAttemptAt.
	DeliveryPending = "pending"
	// DeliveryDelivered: the endpoint answered 2xx.
	DeliveryDelivered = "delivered"
	// DeliveryDead: every attempt failed, or the delivery ran out of
	// time; it is never tried again.
	DeliveryDead = "dead"
)

// WebhookMessage is one event as sent: its ID is the webhook-id header,
// the same on every attempt to every endpoint, so that receivers can
// drop duplicates.
type WebhookMessage struct {
	ID        string `gorm:"primaryKey"`
	Type      string
	PatientID string // "" for events about no patient
	Seq       int64  // the audit seq of the write it tells of
	Payload   string // the JSON body sent
	CreatedAt time.Time
}

// WebhookDelivery is one message to one endpoint: a row of the outbox.
type WebhookDelivery struct {
	ID            string `gorm:"primaryKey"`
	MessageID     string
	EndpointID    string
	PatientID     string
	Seq           int64
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	// ClaimedUntil and ClaimToken are the lease of the dispatcher that
	// is delivering it now, if any.
	ClaimedUntil *time.Time
	ClaimToken   string
	// LastError is the class of the last failure (e.g. "timeout",
	// "status", "refused_address"), never a response body.
	LastError     string
	LastStatus    int
	LastAttemptAt *time.Time
	DeliveredAt   *time.Time
	CreatedAt     time.Time
}

// webhookPayload is the body of every message, as Standard Webhooks
// suggests: type, timestamp and data.
type webhookPayload struct {
	Type      string         `json:"type"`
	Timestamp string         `json:"timestamp"`
	Data      map[string]any `json:"data"`
}

// enqueueWebhooks writes, inside tx, a message for each of hooks and a
// delivery of it to every endpoint that is active and subscribed now. seq
// and at are those of the write's audit event (seq orders a patient's
// events). A hook no endpoint takes is not written at all.
func (s *Store) enqueueWebhooks(tx *gorm.DB, patientID string, seq int64, at time.Time, hooks []WebhookEvent) error {
	if len(hooks) == 0 {
		return nil
	}
	var eps []WebhookEndpoint
	if err := tx.Select("id", "events").Where("active = ?", true).Find(&eps).Error; err != nil {
		return err
	}
	if len(eps) == 0 {
		return nil
	}
	now := s.now()
	for _, h := range hooks {
		var subs []string
		for i := range eps {
			if eps[i].Subscribes(h.Type) {
				subs = append(subs, eps[i].ID)
			}
		}
		if len(subs) == 0 {
			continue
		}
		data := make(map[string]any, len(h.Data)+1)
		for k, v := range h.Data {
			data[k] = v
		}
		data["audit_seq"] = seq
		body, err := json.Marshal(webhookPayload{Type: h.Type, Timestamp: at.UTC().Format(time.RFC3339Nano), Data: data})
		if err != nil {
			return err
		}
		mid, err := uuid.NewV7()
		if err != nil {
			return err
		}
		msg := &WebhookMessage{ID: "msg_" + mid.String(), Type: h.Type, PatientID: patientID, Seq: seq, Payload: string(body), CreatedAt: now}
		if err := tx.Create(msg).Error; err != nil {
			return err
		}
		ds := make([]*WebhookDelivery, len(subs))
		for i, ep := range subs {
			did, err := uuid.NewV7()
			if err != nil {
				return err
			}
			ds[i] = &WebhookDelivery{
				ID: did.String(), MessageID: msg.ID, EndpointID: ep, PatientID: patientID, Seq: seq,
				Status: DeliveryPending, NextAttemptAt: now, CreatedAt: now,
			}
		}
		if err := tx.Create(ds).Error; err != nil {
			return err
		}
	}
	return nil
}
