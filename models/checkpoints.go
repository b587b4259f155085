package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CheckpointTimeLayout is how a checkpoint's time is written in its
// signed bytes and in the checkpoint log: UTC, microseconds, "Z", as in an
// event's canonical bytes.
const CheckpointTimeLayout = eventTimeLayout

// Checkpoint is one row of checkpoints: the clinic's signed statement that
// the audit chain reached event Seq, whose hash is Hash, at time At. It
// holds no patient data.
type Checkpoint struct {
	// ID is the hex SHA-256 of the signed bytes (CheckpointBytes).
	ID   string `gorm:"primaryKey"`
	Seq  int64
	Hash string
	At   time.Time
	// Signature is the base64 signature over the signed bytes: ECDSA
	// (ASN.1 DER) or RSA PKCS #1 v1.5, both over SHA-256.
	Signature string
	// CertSHA256 is the hex SHA-256 of the signing certificate (DER).
	CertSHA256 string
	// TimestampToken is the base64 DER RFC 3161 time-stamp token over the
	// SHA-256 of the signed bytes, or "" when none was had.
	TimestampToken string
	// Writer names the process that made the checkpoint (random, one per
	// start), so that verification knows which log should hold it.
	Writer    string
	CreatedAt time.Time
}

// CheckpointBytes is the exact byte form a checkpoint's signature covers:
// the compact JSON array [seq, hash, at] with at as
// 2006-01-02T15:04:05.000000Z, no spaces, e.g.
//
//	[42,"9f86d081884c7d65…","2026-11-20T15:04:05.000000Z"]
func CheckpointBytes(seq int64, hash string, at time.Time) []byte {
	b := make([]byte, 0, 32+len(hash)+len(CheckpointTimeLayout))
	b = append(b, '[')
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, ',')
	b = strconv.AppendQuote(b, hash)
	b = append(b, ',', '"')
	b = at.UTC().AppendFormat(b, CheckpointTimeLayout)
	return append(b, '"', ']')
}

// CheckpointID is the id of the checkpoint stating seq, hash and at.
func CheckpointID(seq int64, hash string, at time.Time) string {
	sum := sha256.Sum256(CheckpointBytes(seq, hash, at))
	return hex.EncodeToString(sum[:])
}

// AddCheckpoint stores c, and a chain.checkpoint webhook event in the
// same transaction. A checkpoint already stored (the same statement, from
// another writer or a retry) is not an error, and no new event.
func (s *Store) AddCheckpoint(ctx context.Context, c *Checkpoint) error {
	if c.ID == "" {
		c.ID = CheckpointID(c.Seq, c.Hash, c.At)
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.now()
	}
	return s.execTx(ctx, func(db *gorm.DB) error {
		r := db.Clauses(clause.OnConflict{DoNothing: true}).Create(c)
		if r.Error != nil || r.RowsAffected == 0 {
			return r.Error
		}
		// A new checkpoint is a chain.checkpoint event, about no patient.
		return s.enqueueWebhooks(db, "", c.Seq, c.At, []WebhookEvent{{Type: WebhookChainCheckpoint, Data: map[string]any{
			"checkpoint_id": c.ID, "seq": c.Seq, "hash": c.Hash, "at": c.At.UTC().Format(time.RFC3339Nano),
			"cert_sha256": c.CertSHA256, "timestamped": c.TimestampToken != "",
		}}})
	})
}

// Checkpoints calls fn with every stored checkpoint, oldest (lowest seq)
// first, a batch at a time, so that memory stays flat however many there
// are.
func (s *Store) Checkpoints(ctx context.Context, fn func([]Checkpoint) error) error {
	db := s.db.WithContext(ctx)
	var lastSeq int64 = -1
	lastID := ""
	for {
		var batch []Checkpoint
		err := db.Where("seq > ? OR (seq = ? AND id > ?)", lastSeq, lastSeq, lastID).
			Order("seq, id").Limit(verifyBatch).Find(&batch).Error
		if err != nil {
			return translate(err)
		}
		if len(batch) > 0 {
			if err := fn(batch); err != nil {
				return err
			}
			last := batch[len(batch)-1]
			lastSeq, lastID = last.Seq, last.ID
		}
		if len(batch) < verifyBatch {
			return nil
		}
	}
}

// LatestCheckpoint returns the checkpoint of the highest seq, or
// ErrNotFound when there is none.
func (s *Store) LatestCheckpoint(ctx context.Context) (*Checkpoint, error) {
	var c Checkpoint
	if err := s.db.WithContext(ctx).Order("seq DESC, at DESC").Limit(1).Take(&c).Error; err != nil {
		return nil, translate(err)
	}
	return &c, nil
}

// EventHashes returns the hash of each event of seqs that the chain
// holds; a seq the chain lacks is absent from the map.
func (s *Store) EventHashes(ctx context.Context, seqs []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(seqs))
	db := s.db.WithContext(ctx)
	for len(seqs) > 0 {
		n := min(len(seqs), 500)
		var rows []AuditEvent
		if err := db.Select("seq", "hash").Where("seq IN ?", seqs[:n]).Find(&rows).Error; err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			out[r.Seq] = r.Hash
		}
		seqs = seqs[n:]
	}
	return out, nil
}
