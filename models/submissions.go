package models

import (
	"context"
	"time"
)

// Submission is a stored, signed record. It is never updated or deleted.
type Submission struct {
	ID         string `gorm:"primaryKey"`
	Form       string
	Version    string
	PatientID  string
	CreatedBy  string // API key id
	CreatedAt  time.Time
	Body       string // the canonical submission body, JSON
	BodySHA256 string
	Scores     string // JSON object
	Flags      string // JSON array
	// RefersTo is, for a withdrawal or a review, the record it is about.
	RefersTo string
	// Ruleset is the screening rule set Scores and Flags were computed
	// with, or "".
	Ruleset string
	// InvitationID is the invitation the patient signed this record
	// through, or "".
	InvitationID string
	// Facts, when set, are stored beside the record by CreateSubmission
	// (consent_facts); they must be ConsentFactsOf its form and body.
	Facts *ConsentFacts `gorm:"-"`
}

// Document is the signed PDF of a submission: the record's bytes as
// stored at signing, served as they are.
type Document struct {
	SubmissionID string `gorm:"primaryKey"`
	SHA256       string
	Pages        int
	Size         int
	PDF          []byte
	CreatedAt    time.Time
}

// CreateSubmission stores a submission, its document and its audit event
// in one transaction. The caller sets every field, CreatedAt included,
// because the PDF already shows that time.
func (s *Store) CreateSubmission(ctx context.Context, sub *Submission, doc *Document, ev Event) (*AuditEvent, error) {
	if sub.Facts == nil {
		return s.write(ctx, ev, sub, doc)
	}
	facts := &consentFactsRow{SubmissionID: sub.ID, RefersTo: sub.RefersTo, Facts: sub.Facts.Encode()}
	return s.write(ctx, ev, sub, doc, facts)
}

// Submission returns the submission with the given id, or ErrNotFound.
func (s *Store) Submission(ctx context.Context, id string) (*Submission, error) {
	var sub Submission
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&sub).Error; err != nil {
		return nil, translate(err)
	}
	return &sub, nil
}

// Document returns the stored PDF of a submission, or ErrNotFound.
func (s *Store) Document(ctx context.Context, submissionID string) (*Document, error) {
	var d Document
	if err := s.db.WithContext(ctx).Where("submission_id = ?", submissionID).Take(&d).Error; err != nil {
		return nil, translate(err)
	}
	return &d, nil
}

// DocumentInfo returns a document's hash, pages and size without its bytes.
func (s *Store) DocumentInfo(ctx context.Context, submissionID string) (*Document, error) {
	var d Document
	err := s.db.WithContext(ctx).Select(documentInfoColumns).
		Where("submission_id = ?", submissionID).Take(&d).Error
	if err != nil {
		return nil, translate(err)
	}
	return &d, nil
}

// documentInfoColumns are a document's columns without its bytes. They
// leave out created_at too (it is the record's time): SQLite keeps it
// after the PDF in the row, so reading it would walk the PDF's pages.
var documentInfoColumns = []string{"submission_id", "sha256", "pages", "size"}

// SubmissionFilter selects a patient's submissions for ListSubmissions.
type SubmissionFilter struct {
	PatientID string
	Form      string // optional
	CreatedBy string // optional API key id
	After     string // continue after this submission id
	Limit     int
}

// SubmissionPage is one page of a patient's submissions.
type SubmissionPage struct {
	// Items have no Body.
	Items []Submission
	// Documents holds each item's document info (no PDF bytes), by id.
	Documents map[string]Document
	// Next is the id to continue after, or "" on the last page.
	Next string
}

// listColumns are a list page's columns: a receipt's, no body (and not
// refers_to, which a receipt does not show). On SQLite the index the list
// seeks (submissions_by_patient_id) holds them all.
var listColumns = []string{"id", "form", "version", "patient_id", "created_by", "created_at", "body_sha256", "ruleset", "scores", "flags"}

// ListSubmissions returns a patient's submissions in id (creation) order.
func (s *Store) ListSubmissions(ctx context.Context, f SubmissionFilter) (*SubmissionPage, error) {
	db := s.db.WithContext(ctx)
	q := db.Select(listColumns).Where("patient_id = ?", f.PatientID)
	if f.Form != "" {
		q = q.Where("form = ?", f.Form)
	}
	if f.CreatedBy != "" {
		q = q.Where("created_by = ?", f.CreatedBy)
	}
	if f.After != "" {
		q = q.Where("id > ?", f.After)
	}
	var items []Submission
	if err := q.Order("id").Limit(f.Limit + 1).Find(&items).Error; err != nil {
		return nil, translate(err)
	}
	page := &SubmissionPage{Items: items, Documents: map[string]Document{}}
	if len(items) > f.Limit {
		page.Items = items[:f.Limit]
		page.Next = page.Items[f.Limit-1].ID
	}
	if len(page.Items) == 0 {
		return page, nil
	}
	ids := make([]string, len(page.Items))
	for i, it := range page.Items {
		ids[i] = it.ID
	}
	var docs []Document
	err := db.Select(documentInfoColumns).
		Where("submission_id IN ?", ids).Find(&docs).Error
	if err != nil {
		return nil, translate(err)
	}
	for _, d := range docs {
		page.Documents[d.SubmissionID] = d
	}
	return page, nil
}

// DocumentBySHA256 returns the info (no bytes) of the stored document with
// this hex SHA-256, or ErrNotFound.
func (s *Store) DocumentBySHA256(ctx context.Context, sha string) (*Document, error) {
	var d Document
	err := s.db.WithContext(ctx).Select("submission_id", "sha256", "pages", "size", "created_at").
		Where("sha256 = ?", sha).Take(&d).Error
	if err != nil {
		return nil, translate(err)
	}
	return &d, nil
}
