package models

import (
	"context"
	"time"
)

// DocumentRevision is a later revision of a record's PDF: the stored
// document with incremental updates appended, such as a fresh document
// time-stamp. Revision n (from 1) starts with revision n-1's bytes, the
// stored document being revision 0. It is never updated or deleted, and
// each is recorded by an audit event (ActionRetimestamp) whose data_hash
// is RevisionDataHash of the previous and the new SHA-256.
type DocumentRevision struct {
	SubmissionID string `gorm:"primaryKey"`
	Revision     int    `gorm:"primaryKey"`
	SHA256       string
	Size         int
	PDF          []byte
	Reason       string
	CreatedAt    time.Time
}

// ActionRetimestamp is the audit action of a new document revision that
// re-time-stamps a record.
const ActionRetimestamp = "document.retimestamp"

// RevisionDataHash is what a revision's event seals: the SHA-256 of the
// previous revision's and the new revision's hex SHA-256 joined by a
// colon.
func RevisionDataHash(prevSHA, newSHA string) string {
	return sha256Hex([]byte(prevSHA + ":" + newSHA))
}

// AddDocumentRevision stores rev and its audit event in one transaction.
// A revision number already taken (another writer was first) is an
// error.
func (s *Store) AddDocumentRevision(ctx context.Context, rev *DocumentRevision, ev Event) (*AuditEvent, error) {
	return s.write(ctx, ev, rev)
}

// LatestDocument returns the newest revision of a record's PDF: the
// latest DocumentRevision, or the stored document as revision 0; or
// ErrNotFound.
func (s *Store) LatestDocument(ctx context.Context, submissionID string) (*DocumentRevision, error) {
	var rev DocumentRevision
	err := s.db.WithContext(ctx).Where("submission_id = ?", submissionID).Order("revision DESC").Take(&rev).Error
	if err == nil {
		return &rev, nil
	}
	if err = translate(err); err != ErrNotFound {
		return nil, err
	}
	d, err := s.Document(ctx, submissionID)
	if err != nil {
		return nil, err
	}
	return &DocumentRevision{SubmissionID: d.SubmissionID, SHA256: d.SHA256, Size: d.Size, PDF: d.PDF, CreatedAt: d.CreatedAt}, nil
}

// DocumentRevisionBySHA256 returns the info (no bytes) of the document
// revision with this hex SHA-256, or ErrNotFound.
func (s *Store) DocumentRevisionBySHA256(ctx context.Context, sha string) (*DocumentRevision, error) {
	var rev DocumentRevision
	err := s.db.WithContext(ctx).Select("submission_id", "revision", "sha256", "size", "reason", "created_at").
		Where("sha256 = ?", sha).Take(&rev).Error
	if err != nil {
		return nil, translate(err)
	}
	return &rev, nil
}

// SubmissionIDs returns up to limit submission ids after after, in order:
// for jobs that walk every record.
func (s *Store) SubmissionIDs(ctx context.Context, after string, limit int) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Model(&Submission{}).Where("id > ?", after).Order("id").Limit(limit).Pluck("id", &ids).Error
	if err != nil {
		return nil, translate(err)
	}
	return ids, nil
}
