package models

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// ClaimedDelivery is a delivery a dispatcher holds the lease of, with
// what it needs to send it.
type ClaimedDelivery struct {
	Delivery WebhookDelivery
	Message  WebhookMessage
	Endpoint WebhookEndpoint
}

// dueDelivery is the condition of a delivery that may be sent at now: it
// is pending, due, unclaimed (or its lease ran out), and no earlier event
// of the same patient is still pending at the same endpoint. Events about
// no patient (chain.checkpoint) wait for nothing.
const dueDelivery = `d.status = 'pending' AND d.next_attempt_at <= @now
	AND (d.claimed_until IS NULL OR d.claimed_until < @now)
	AND (d.patient_id = '' OR NOT EXISTS (SELECT 1 FROM webhook_deliveries e
		WHERE e.endpoint_id = d.endpoint_id AND e.patient_id = d.patient_id AND e.status = 'pending'
		AND (e.seq < d.seq OR (e.seq = d.seq AND e.id < d.id))))`

// DueWebhookEndpoints returns the ids of active endpoints that have a
// delivery to send at now.
func (s *Store) DueWebhookEndpoints(ctx context.Context, now time.Time) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Raw(`SELECT DISTINCT d.endpoint_id FROM webhook_deliveries d
		JOIN webhook_endpoints w ON w.id = d.endpoint_id
		WHERE w.active = @active AND `+dueDelivery, map[string]any{"now": now, "active": true}).Scan(&ids).Error
	return ids, translate(err)
}

// ClaimWebhookDeliveries takes the lease, until now+lease, of up to n
// deliveries of one active endpoint that may be sent at now, oldest event
// first, and returns them. On PostgreSQL, replicas claiming at once skip
// each other's rows (FOR UPDATE SKIP LOCKED), so that each delivery is
// claimed by one; on SQLite the one writer runs claims one at a time.
func (s *Store) ClaimWebhookDeliveries(ctx context.Context, endpointID string, n int, now time.Time, lease time.Duration) ([]ClaimedDelivery, error) {
	var out []ClaimedDelivery
	err := s.execTx(ctx, func(tx *gorm.DB) error {
		out = nil
		var ep WebhookEndpoint
		if err := tx.Where("id = ? AND active = ?", endpointID, true).Take(&ep).Error; err != nil {
			if err == gorm.ErrRecordNotFound {
				return nil // deleted or deactivated meanwhile
			}
			return err
		}
		q := `SELECT d.id FROM webhook_deliveries d WHERE d.endpoint_id = @ep AND ` + dueDelivery +
			` ORDER BY d.seq, d.id LIMIT @n`
		if s.engine == EnginePostgres {
			q += ` FOR UPDATE SKIP LOCKED`
		}
		var ids []string
		if err := tx.Raw(q, map[string]any{"ep": endpointID, "now": now, "n": n}).Scan(&ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		token := uuid.NewString()
		until := now.Add(lease)
		if err := tx.Model(&WebhookDelivery{}).Where("id IN ?", ids).
			Updates(map[string]any{"claimed_until": until, "claim_token": token}).Error; err != nil {
			return err
		}
		var ds []WebhookDelivery
		if err := tx.Where("id IN ?", ids).Order("seq, id").Find(&ds).Error; err != nil {
			return err
		}
		mids := make([]string, len(ds))
		for i, d := range ds {
			mids[i] = d.MessageID
		}
		var msgs []WebhookMessage
		if err := tx.Where("id IN ?", mids).Find(&msgs).Error; err != nil {
			return err
		}
		byID := make(map[string]WebhookMessage, len(msgs))
		for _, m := range msgs {
			byID[m.ID] = m
		}
		for _, d := range ds {
			out = append(out, ClaimedDelivery{Delivery: d, Message: byID[d.MessageID], Endpoint: ep})
		}
		return nil
	})
	return out, err
}

// execTx runs fn in a transaction of its own on PostgreSQL, and as one
// write of the writer's batches on SQLite (which is one transaction
// already).
func (s *Store) execTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if s.w != nil {
		return s.exec(ctx, fn)
	}
	return translate(s.db.WithContext(ctx).Transaction(fn))
}

// DeliveryOutcome is what became of one attempt.
type DeliveryOutcome struct {
	// Status is DeliveryDelivered, DeliveryPending (try again at
	// NextAttemptAt) or DeliveryDead.
	Status        string
	NextAttemptAt time.Time
	// Error is the failure's class, "" on success; HTTPStatus the
	// endpoint's answer, 0 without one.
	Error      string
	HTTPStatus int
	At         time.Time
}

// FinishWebhookDelivery records an attempt's outcome and ends the lease
// token names. When the lease was lost (it ran out and another
// dispatcher claimed the delivery), nothing changes.
func (s *Store) FinishWebhookDelivery(ctx context.Context, id, token string, o DeliveryOutcome) error {
	set := map[string]any{
		"status": o.Status, "attempts": gorm.Expr("attempts + 1"), "last_error": o.Error,
		"last_status": o.HTTPStatus, "last_attempt_at": o.At, "claimed_until": nil, "claim_token": "",
	}
	if o.Status == DeliveryDelivered {
		set["delivered_at"] = o.At
	}
	if o.Status == DeliveryPending {
		set["next_attempt_at"] = o.NextAttemptAt
	}
	return s.exec(ctx, func(db *gorm.DB) error {
		return db.Model(&WebhookDelivery{}).Where("id = ? AND claim_token = ?", id, token).Updates(set).Error
	})
}

// ReleaseWebhookDelivery ends a lease without counting an attempt (the
// dispatcher is stopping), so that the delivery is due again at once.
func (s *Store) ReleaseWebhookDelivery(ctx context.Context, id, token string) error {
	return s.exec(ctx, func(db *gorm.DB) error {
		return db.Model(&WebhookDelivery{}).Where("id = ? AND claim_token = ?", id, token).
			Updates(map[string]any{"claimed_until": nil, "claim_token": ""}).Error
	})
}

// WebhookStats are the outbox's numbers for metrics.
type WebhookStats struct {
	// Pending deliveries: the backlog.
	Pending int64
	// Dead deliveries: given up on.
	Dead int64
	// Delivered deliveries.
	Delivered int64
	// FailedAttempts counts every attempt that failed, of every delivery
	// still stored.
	FailedAttempts int64
}

// WebhookStats counts the outbox's deliveries by state.
func (s *Store) WebhookStats(ctx context.Context) (WebhookStats, error) {
	var rows []struct {
		Status   string
		N        int64
		Attempts int64
	}
	err := s.db.WithContext(ctx).Raw(`SELECT status, COUNT(*) AS n, COALESCE(SUM(attempts), 0) AS attempts
		FROM webhook_deliveries GROUP BY status`).Scan(&rows).Error
	if err != nil {
		return WebhookStats{}, translate(err)
	}
	var st WebhookStats
	for _, r := range rows {
		switch r.Status {
		case DeliveryPending:
			st.Pending, st.FailedAttempts = r.N, st.FailedAttempts+r.Attempts
		case DeliveryDead:
			st.Dead, st.FailedAttempts = r.N, st.FailedAttempts+r.Attempts
		case DeliveryDelivered:
			// The last attempt of each succeeded.
			st.Delivered, st.FailedAttempts = r.N, st.FailedAttempts+r.Attempts-r.N
		}
	}
	return st, nil
}

// DeliveryFilter selects an endpoint's deliveries for WebhookDeliveries.
type DeliveryFilter struct {
	EndpointID string
	Status     string // optional
	After      string // continue after this delivery id
	Limit      int
}

// DeliveryPage is one page of deliveries, each with its message's type.
type DeliveryPage struct {
	Items []DeliveryView
	Next  string
}

// DeliveryView is a delivery with its event's type.
type DeliveryView struct {
	WebhookDelivery
	EventType string
}

// WebhookDeliveries returns an endpoint's deliveries in id (creation)
// order.
func (s *Store) WebhookDeliveries(ctx context.Context, f DeliveryFilter) (*DeliveryPage, error) {
	q := s.db.WithContext(ctx).Table("webhook_deliveries AS d").
		Select("d.*, m.type AS event_type").
		Joins("JOIN webhook_messages m ON m.id = d.message_id").
		Where("d.endpoint_id = ?", f.EndpointID)
	if f.Status != "" {
		q = q.Where("d.status = ?", f.Status)
	}
	if f.After != "" {
		q = q.Where("d.id > ?", f.After)
	}
	var items []DeliveryView
	if err := q.Order("d.id").Limit(f.Limit + 1).Scan(&items).Error; err != nil {
		return nil, translate(err)
	}
	page := &DeliveryPage{Items: items}
	if len(items) > f.Limit {
		page.Items = items[:f.Limit]
		page.Next = page.Items[f.Limit-1].ID
	}
	return page, nil
}
