package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
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
// order, without HTML escaping.
func (e *AuditEvent) CanonicalBytes() []byte {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// An array of an int and strings always encodes.
	_ = enc.Encode([]any{e.Seq, e.At.UTC().Format(eventTimeLayout), e.Actor, e.Role, e.Action,
		e.Subject, e.PatientID, e.IP, e.UserAgent, e.DataHash, e.PrevHash})
	return []byte(strings.TrimSuffix(b.String(), "\n"))
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
	e := &AuditEvent{
		Seq: seq, At: s.now(), Actor: ev.Actor, Role: ev.Role, Action: ev.Action,
		Subject: ev.Subject, PatientID: ev.PatientID, IP: ev.IP, UserAgent: ev.UserAgent,
		DataHash: ev.DataHash, PrevHash: prev,
	}
	e.Hash = e.ComputeHash()
	if err := tx.Create(e).Error; err != nil {
		return nil, err
	}
	return e, nil
}

// Record appends an event on its own, for reads of patient data.
func (s *Store) Record(ctx context.Context, ev Event) error {
	return translate(s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		_, err := s.appendEvent(tx, ev)
		return err
	}))
}
