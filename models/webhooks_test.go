package models

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// TestWebhookOutboxIsWrittenWithTheRecord: a write's events reach the
// outbox in its transaction, once per active subscribed endpoint; a write
// that fails leaves no message behind; an unsubscribed or inactive
// endpoint gets nothing.
func TestWebhookOutboxIsWrittenWithTheRecord(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	_, admin, err := s.CreateKey(ctx, "admin", RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(events []string, active bool) *WebhookEndpoint {
		ep := &WebhookEndpoint{URL: "https://example.org/h", Events: EncodeWebhookEvents(events), Active: active, CreatedBy: admin.ID}
		if err := s.CreateWebhookEndpoint(ctx, ep, Event{Actor: admin.ID, Role: RoleAdmin, Action: "webhook.create"}); err != nil {
			t.Fatal(err)
		}
		return ep
	}
	both := mk([]string{WebhookSubmissionCreated, WebhookReviewCompleted}, true)
	mk([]string{WebhookReviewCompleted}, true)
	mk([]string{WebhookSubmissionCreated}, false)

	p := &Patient{ID: "p-1", ExternalID: "MRN-1", CreatedBy: admin.ID, EmergencyContact: ""}
	ev := Event{Actor: admin.ID, Role: RoleAdmin, Action: "patient.create", Subject: "patient/p-1", PatientID: "p-1",
		Webhooks: []WebhookEvent{{Type: WebhookSubmissionCreated, Data: map[string]any{"submission_id": "s-1"}}}}
	if err := s.CreatePatient(ctx, p, ev); err != nil {
		t.Fatal(err)
	}
	// The same id again: a conflict, rolled back with its outbox rows.
	if err := s.CreatePatient(ctx, &Patient{ID: "p-1", ExternalID: "MRN-2", CreatedBy: admin.ID}, ev); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate patient: %v", err)
	}
	var msgs []WebhookMessage
	s.DB().Find(&msgs)
	var ds []WebhookDelivery
	s.DB().Find(&ds)
	if len(msgs) != 1 || len(ds) != 1 || ds[0].EndpointID != both.ID || ds[0].Status != DeliveryPending || ds[0].PatientID != "p-1" {
		t.Fatalf("messages %+v deliveries %+v", msgs, ds)
	}
	var body struct {
		Type string         `json:"type"`
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(msgs[0].Payload), &body); err != nil {
		t.Fatal(err)
	}
	head, _ := s.ChainHead(ctx)
	if body.Type != WebhookSubmissionCreated || body.Data["audit_seq"] != float64(head.Seq) || msgs[0].Seq != head.Seq {
		t.Errorf("payload %s, head seq %d", msgs[0].Payload, head.Seq)
	}

	// A claim takes the lease; a second claim finds nothing; a lost
	// token changes nothing; the outcome ends the lease.
	now := time.Now().UTC()
	c, err := s.ClaimWebhookDeliveries(ctx, both.ID, 10, now.Add(time.Second), time.Minute)
	if err != nil || len(c) != 1 || c[0].Message.ID != msgs[0].ID || c[0].Endpoint.Secret == "" {
		t.Fatalf("claim %+v %v", c, err)
	}
	if again, err := s.ClaimWebhookDeliveries(ctx, both.ID, 10, now.Add(time.Second), time.Minute); err != nil || len(again) != 0 {
		t.Fatalf("second claim %+v %v", again, err)
	}
	if err := s.FinishWebhookDelivery(ctx, c[0].Delivery.ID, "not-the-token", DeliveryOutcome{Status: DeliveryDelivered, At: now}); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.WebhookStats(ctx); st.Pending != 1 {
		t.Fatalf("a lost lease changed the delivery: %+v", st)
	}
	err = s.FinishWebhookDelivery(ctx, c[0].Delivery.ID, c[0].Delivery.ClaimToken,
		DeliveryOutcome{Status: DeliveryPending, Error: "status", HTTPStatus: 503, At: now, NextAttemptAt: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueWebhookEndpoints(ctx, now.Add(time.Minute)); len(due) != 0 {
		t.Errorf("a delivery backing off is due: %v", due)
	}
	if st, _ := s.WebhookStats(ctx); st.Pending != 1 || st.FailedAttempts != 1 {
		t.Errorf("stats %+v", st)
	}

	// Deleting the endpoint takes its deliveries with it.
	if err := s.DeleteWebhookEndpoint(ctx, both.ID, Event{Actor: admin.ID, Role: RoleAdmin, Action: "webhook.delete"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWebhookEndpoint(ctx, both.ID, Event{Actor: admin.ID, Role: RoleAdmin, Action: "webhook.delete"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if st, _ := s.WebhookStats(ctx); st.Pending != 0 {
		t.Errorf("stats after delete %+v", st)
	}
}

// TestCheckpointsAreWebhookEvents: a new checkpoint writes a
// chain.checkpoint message; the same checkpoint again does not.
func TestCheckpointsAreWebhookEvents(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	_, admin, _ := s.CreateKey(ctx, "admin", RoleAdmin)
	ep := &WebhookEndpoint{URL: "https://example.org/h", Events: EncodeWebhookEvents([]string{WebhookChainCheckpoint}), Active: true, CreatedBy: admin.ID}
	if err := s.CreateWebhookEndpoint(ctx, ep, Event{Actor: admin.ID, Role: RoleAdmin, Action: "webhook.create"}); err != nil {
		t.Fatal(err)
	}
	head, _ := s.ChainHead(ctx)
	c := &Checkpoint{Seq: head.Seq, Hash: head.Hash, At: time.Now().UTC().Truncate(time.Microsecond), Signature: "sig", CertSHA256: "cert", Writer: "w"}
	for range 2 {
		cc := *c
		if err := s.AddCheckpoint(ctx, &cc); err != nil {
			t.Fatal(err)
		}
	}
	var msgs []WebhookMessage
	s.DB().Find(&msgs)
	if len(msgs) != 1 || msgs[0].Type != WebhookChainCheckpoint || msgs[0].PatientID != "" {
		t.Fatalf("messages %+v", msgs)
	}
}
