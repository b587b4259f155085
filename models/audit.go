package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// GenesisHash is the prev_hash of the first audit event.
var GenesisHash = strings.Repeat("0", 64)

// eventTimeLayout is the time format inside an event's canonical bytes.
const eventTimeLayout = "2006-01-02T15:04:05.000000Z"

// Event is what a caller says about one write or read of patient data. It
// never holds names, answers, signatures or keys: only ids and hashes.
type Event struct {
	Actor     string // API key id
	Role      string
	Action    string // e.g. "submission.create", "document.read"
	Subject   string // e.g. "submission/<id>"
	PatientID string // the patient the data belongs to, or ""
	IP        string
	UserAgent string
	// DataHash is the hex SHA-256 of what was written, or "" for a read.
	DataHash string
	// Webhooks are the webhook events the write tells of: the store
	// writes them to the outbox in the write's transaction, after the
	// audit event, with its seq (see enqueueWebhooks). Not part of the
	// audit event.
	Webhooks []WebhookEvent
}

// AuditEvent is one stored link of the audit chain.
type AuditEvent struct {
	Seq       int64     `gorm:"primaryKey;autoIncrement:false" json:"seq"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	Role      string    `json:"role"`
	Action    string    `json:"action"`
	Subject   string    `json:"subject"`
	PatientID string    `json:"patient_id,omitempty"`
	IP        string    `json:"ip"`
	UserAgent string    `json:"user_agent"`
	DataHash  string    `json:"data_hash,omitempty"`
	PrevHash  string    `json:"prev_hash"`
	Hash      string    `json:"hash"`
}

// CanonicalBytes is the exact byte form an event's hash covers: a compact
// JSON array of seq, at (UTC, microseconds, "Z"), actor, role, action,
// subject, patient_id, ip, user_agent, data_hash and prev_hash, in that
// order, as encoding/json writes it without HTML escaping.
//
// It is written by hand because chain verification builds it for every
// event: json.Encoder over a []any cost about 3.3 µs and 18 allocations an
// event. Strings of plain printable ASCII without a quote or backslash
// (ids, hashes, roles, most user agents) are copied as they are; any other
// string goes through encoding/json, so the bytes are always encoding/json's
// (TestCanonicalBytesMatchEncodingJSON checks).
func (e *AuditEvent) CanonicalBytes() []byte {
	fields := [...]string{e.Actor, e.Role, e.Action, e.Subject, e.PatientID, e.IP, e.UserAgent, e.DataHash, e.PrevHash}
	n := 64
	for _, f := range fields {
		n += len(f)
	}
	return appendCanonical(make([]byte, 0, n), e.Seq, e.At, &fields)
}

// canonicalFields is how many string fields an event's canonical bytes
// hold after seq and at: actor, role, action, subject, patient_id, ip,
// user_agent, data_hash and prev_hash.
const canonicalFields = 9

// appendCanonical appends the canonical bytes (see CanonicalBytes) of the
// event with seq, at and fields to b. Chain verification calls it with
// the raw column bytes of each row, so that no strings are made.
func appendCanonical[S ~string | ~[]byte](b []byte, seq int64, at time.Time, fields *[canonicalFields]S) []byte {
	b = append(b, '[')
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, ',', '"')
	b = at.UTC().AppendFormat(b, eventTimeLayout)
	b = append(b, '"')
	for _, s := range fields {
		b = append(b, ',')
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONString appends s as encoding/json writes a string without
// HTML escaping.
func appendJSONString[S ~string | ~[]byte](b []byte, s S) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			var w strings.Builder
			enc := json.NewEncoder(&w)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(string(s)) // a string always encodes
			return append(b, strings.TrimSuffix(w.String(), "\n")...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// ComputeHash returns the hex SHA-256 of the event's canonical bytes.
func (e *AuditEvent) ComputeHash() string {
	sum := sha256.Sum256(e.CanonicalBytes())
	return hex.EncodeToString(sum[:])
}

// appendEvent adds ev to the chain inside tx, after the current head.
// Appends are serialised by the chain lock (see lock), held from here to
// the end of tx: callers append last, so the lock is held only for the
// insert and the commit. Readers never wait for it.
func (s *Store) appendEvent(tx *gorm.DB, ev Event) (*AuditEvent, error) {
	out, err := s.appendEvents(tx, []Event{ev})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// appendEvents adds evs to the chain inside tx, in order, as appendEvent
// does for one.
func (s *Store) appendEvents(tx *gorm.DB, evs []Event) ([]*AuditEvent, error) {
	if err := s.lock(tx, lockChain); err != nil {
		return nil, err
	}
	var head AuditEvent
	prev, seq := GenesisHash, int64(1)
	err := tx.Order("seq DESC").Limit(1).Find(&head).Error
	if err != nil {
		return nil, err
	}
	if head.Seq > 0 {
		prev, seq = head.Hash, head.Seq+1
	}
	at := s.now()
	out := make([]*AuditEvent, len(evs))
	for i, ev := range evs {
		e := &AuditEvent{
			Seq: seq + int64(i), At: at, Actor: ev.Actor, Role: ev.Role, Action: ev.Action,
			Subject: ev.Subject, PatientID: ev.PatientID, IP: ev.IP, UserAgent: ev.UserAgent,
			DataHash: ev.DataHash, PrevHash: prev,
		}
		e.Hash = e.ComputeHash()
		prev, out[i] = e.Hash, e
	}
	if err := tx.Create(out).Error; err != nil {
		return nil, err
	}
	return out, nil
}

// write stores rows and the audit event of their creation in one
// transaction: the rows, then the request's idempotency claim marked
// committed (see WithClaim), then the event, last, so that the chain lock
// is held only for the insert and the commit.
func (s *Store) write(ctx context.Context, ev Event, rows ...any) (*AuditEvent, error) {
	if s.w != nil {
		return s.submit(ctx, &writeOp{ctx: ctx, rows: rows, ev: &ev})
	}
	var out *AuditEvent
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, row := range rows {
			if err := tx.Create(row).Error; err != nil {
				return err
			}
		}
		if err := markCommitted(tx); err != nil {
			return err
		}
		e, err := s.appendEvent(tx, ev)
		if err != nil {
			return err
		}
		out = e
		return s.enqueueWebhooks(tx, ev.PatientID, e.Seq, e.At, ev.Webhooks)
	})
	return out, translate(err)
}

// writeFn runs fn and appends the audit event of its write in one
// transaction, as write does for rows.
func (s *Store) writeFn(ctx context.Context, ev Event, fn func(tx *gorm.DB) error) (*AuditEvent, error) {
	if s.w != nil {
		return s.submit(ctx, &writeOp{ctx: ctx, fn: fn, ev: &ev})
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
		if err != nil {
			return err
		}
		out = e
		return s.enqueueWebhooks(tx, ev.PatientID, e.Seq, e.At, ev.Webhooks)
	})
	return out, translate(err)
}

// Record appends an event for a read of patient data, and returns once it
// is committed. Reads that arrive together share one transaction (a group
// commit): the first to find no append under way appends every event
// queued by then, and the rest wait for its commit. So a busy replica
// takes the chain lock once for many reads rather than once for each.
func (s *Store) Record(ctx context.Context, ev Event) error {
	if s.w != nil {
		// On SQLite reads join the writer's batches (see writer.go).
		_, err := s.submit(ctx, &writeOp{ctx: context.Background(), ev: &ev, read: true})
		return err
	}
	done := make(chan error, 1)
	if !s.reads.enqueue(queuedRead{ev: ev, done: done}) {
		s.flushReads()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		// The event may still be appended: the read was attempted.
		return fmt.Errorf("%w: %v", ErrUnavailable, ctx.Err())
	}
}

// maxReadBatch bounds the events of one group commit.
const maxReadBatch = 256

// queuedRead is a read event waiting for its group commit.
type queuedRead struct {
	ev   Event
	done chan<- error
}

// readQueue holds read events waiting to be appended.
type readQueue struct {
	mu       sync.Mutex
	queue    []queuedRead
	flushing bool
}

// enqueue adds r and reports whether an append is already under way; if
// not, the caller must flush.
func (q *readQueue) enqueue(r queuedRead) (flushing bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queue = append(q.queue, r)
	flushing = q.flushing
	q.flushing = true
	return flushing
}

// take removes up to maxReadBatch queued events, oldest first, or ends
// the flush when there are none. The event of the request that started a
// flush is always in its first batch: a flush starts only on an empty
// queue.
func (q *readQueue) take() []queuedRead {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := min(len(q.queue), maxReadBatch)
	if n == 0 {
		q.flushing = false
		return nil
	}
	batch := append([]queuedRead(nil), q.queue[:n]...)
	q.queue = q.queue[n:]
	return batch
}

// flushReads appends one batch of queued read events in one transaction
// and hands the rest, if any, to a new goroutine, so that the request that
// started the flush goes on as soon as its own event is in.
func (s *Store) flushReads() {
	batch := s.reads.take()
	if batch == nil {
		return
	}
	evs := make([]Event, len(batch))
	for i, r := range batch {
		evs[i] = r.ev
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	err := translate(s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		_, err := s.appendEvents(tx, evs)
		return err
	}))
	cancel()
	for _, r := range batch {
		r.done <- err
	}
	go s.flushReads()
}
