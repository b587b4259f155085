package models

import (
	"context"
	"time"
)

// EventFilter selects audit events. Zero fields do not filter.
type EventFilter struct {
	PatientID string
	Subject   string
	Actor     string
	Action    string
	Since     time.Time // inclusive
	Until     time.Time // exclusive
	AfterSeq  int64
	Limit     int
}

// AuditEvents returns events in sequence order, one more than Limit when
// there are more (the caller trims it and continues after the last kept).
func (s *Store) AuditEvents(ctx context.Context, f EventFilter) ([]AuditEvent, error) {
	q := s.db.WithContext(ctx).Where("seq > ?", f.AfterSeq)
	if f.PatientID != "" {
		q = q.Where("patient_id = ?", f.PatientID)
	}
	if f.Subject != "" {
		q = q.Where("subject = ?", f.Subject)
	}
	// With a patient or a subject, whose index holds a few events, the
	// actor and the action are plain filters: "|| ''" keeps the engine off
	// their indexes, which can hold millions of events and which SQLite,
	// without statistics, would otherwise pick as readily.
	filter := func(column string) string {
		if f.PatientID != "" || f.Subject != "" {
			return column + " || '' = ?"
		}
		return column + " = ?"
	}
	if f.Actor != "" {
		q = q.Where(filter("actor"), f.Actor)
	}
	if f.Action != "" {
		q = q.Where(filter("action"), f.Action)
	}
	if !f.Since.IsZero() {
		q = q.Where("at >= ?", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		q = q.Where("at < ?", f.Until.UTC())
	}
	var out []AuditEvent
	err := q.Order("seq").Limit(f.Limit + 1).Find(&out).Error
	return out, translate(err)
}
