package models

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Problem kinds a verification reports.
const (
	ProblemEventEdited      = "event_edited"      // an event's hash does not match its content
	ProblemEventLink        = "event_link"        // an event does not point at its predecessor
	ProblemEventMissing     = "event_missing"     // a sequence number is missing
	ProblemSubmissionEdited = "submission_edited" // a body does not match its hash or its event
	ProblemDocumentSwapped  = "document_swapped"  // a PDF does not match its hash or its event
	ProblemDocumentMissing  = "document_missing"  // a record has no PDF
	ProblemRecordUnlogged   = "record_unlogged"   // a record has no creating event
	ProblemRevisionInvalid  = "revision_invalid"  // a document revision does not match its hash or does not extend the one before
	ProblemRevisionUnlogged = "revision_unlogged" // a document revision has no event sealing its hash
	ProblemFactsEdited      = "facts_edited"      // the consent facts kept beside a record differ from its body

	// Checked against the signed checkpoints (records.Verify):
	ProblemRollback           = "rollback"            // the chain ends before a checkpoint's seq
	ProblemCheckpointMismatch = "checkpoint_mismatch" // the event at a checkpoint's seq has another hash, or is gone
	ProblemCheckpointInvalid  = "checkpoint_invalid"  // a checkpoint's signature fails, or its log line is garbled
	ProblemCheckpointUnlogged = "checkpoint_unlogged" // a stored checkpoint is missing from the checkpoint log
	ProblemCheckpointMissing  = "checkpoint_missing"  // a logged checkpoint is missing from the database
)

// VerifyProblem is one broken link found by Verify.
type VerifyProblem struct {
	Kind    string `json:"kind"`
	Subject string `json:"subject"`
	Detail  string `json:"detail"`
}

// Verification is the result of recomputing the chain and every hash.
type Verification struct {
	OK                 bool  `json:"ok"`
	EventsChecked      int64 `json:"events_checked"`
	SubmissionsChecked int64 `json:"submissions_checked"`
	DocumentsChecked   int64 `json:"documents_checked"`
	// CheckpointsChecked counts the distinct signed checkpoints (from the
	// checkpoint log and the database) the chain was compared with.
	CheckpointsChecked int64           `json:"checkpoints_checked"`
	Problems           []VerifyProblem `json:"problems"`
}

// verifyBatch is how many rows Verify reads at a time; memory stays flat
// however long the history is.
const verifyBatch = 2000

// MaxProblems bounds the report; a database edited wholesale would
// otherwise produce one problem per row.
const MaxProblems = 1000

const maxProblems = MaxProblems

// Verify recomputes the audit chain and the SHA-256 of every stored body
// and document, and checks each record against the data_hash its creating
// event sealed into the chain. progress, if not nil, is called after each
// batch with the number of rows checked so far.
func (s *Store) Verify(ctx context.Context, progress func(done int64)) (*Verification, error) {
	v := &Verification{Problems: []VerifyProblem{}}
	add := func(kind, subject, format string, args ...any) {
		if len(v.Problems) < maxProblems {
			v.Problems = append(v.Problems, VerifyProblem{Kind: kind, Subject: subject, Detail: fmt.Sprintf(format, args...)})
		}
	}
	if err := s.verifyEvents(ctx, v, add, progress); err != nil {
		return nil, err
	}
	if err := s.verifyRecords(ctx, v, add, progress); err != nil {
		return nil, err
	}
	v.OK = len(v.Problems) == 0
	return v, nil
}

// recordBatch is how many records, with their PDFs, Verify holds at once.
const recordBatch = 100

// verifyRecords checks every submission, its document, and the data_hash
// its creating event sealed.
func (s *Store) verifyRecords(ctx context.Context, v *Verification,
	add func(kind, subject, format string, args ...any), progress func(int64)) error {
	db := s.db.WithContext(ctx)
	after := ""
	for {
		var subs []Submission
		if err := db.Where("id > ?", after).Order("id").Limit(recordBatch).Find(&subs).Error; err != nil {
			return translate(err)
		}
		creates, err := s.createEvents(ctx, subs)
		if err != nil {
			return err
		}
		revisions, revEvents, err := s.revisionsOf(ctx, subs)
		if err != nil {
			return err
		}
		facts, err := s.storedFacts(ctx, subs)
		if err != nil {
			return err
		}
		for i := range subs {
			sub := &subs[i]
			subject := "submission/" + sub.ID
			v.SubmissionsChecked++
			if sha256Hex([]byte(sub.Body)) != sub.BodySHA256 {
				add(ProblemSubmissionEdited, subject, "the stored body does not match its SHA-256")
			}
			if f, ok := facts[sub.ID]; ok {
				derived := ConsentFactsOf(sub.Form, []byte(sub.Body))
				if f.RefersTo != sub.RefersTo || f.Facts != derived.Encode() {
					add(ProblemFactsEdited, subject, "the consent facts stored beside the record differ from its body")
				}
			}
			var doc Document
			err := db.Where("submission_id = ?", sub.ID).Take(&doc).Error
			if err != nil {
				if translate(err) != ErrNotFound {
					return translate(err)
				}
				add(ProblemDocumentMissing, subject, "the record's PDF is missing")
				continue
			}
			v.DocumentsChecked++
			if sha256Hex(doc.PDF) != doc.SHA256 {
				add(ProblemDocumentSwapped, subject, "the stored PDF does not match its SHA-256")
			}
			sealed, ok := creates[subject]
			switch {
			case !ok:
				add(ProblemRecordUnlogged, subject, "no audit event records the creation of this record")
			case sealed != DataHash(sub.BodySHA256, doc.SHA256):
				add(ProblemSubmissionEdited, subject, "the body or PDF hashes differ from those sealed in the audit chain")
			}
			checkRevisions(subject, &doc, revisions[sub.ID], revEvents[subject], add)
		}
		if progress != nil {
			progress(v.EventsChecked + v.SubmissionsChecked)
		}
		if len(subs) < recordBatch {
			return nil
		}
		after = subs[len(subs)-1].ID
	}
}

// checkRevisions checks a record's document revisions, in order: each
// numbered one more than the one before, matching its SHA-256, starting
// with the bytes of the one before (the document for the first), and
// sealed by an event whose data_hash is RevisionDataHash of the two.
func checkRevisions(subject string, doc *Document, revs []DocumentRevision, sealed map[string]bool,
	add func(kind, subject, format string, args ...any)) {
	prevPDF, prevSHA := doc.PDF, doc.SHA256
	for i := range revs {
		r := &revs[i]
		switch {
		case r.Revision != i+1:
			add(ProblemRevisionInvalid, subject, "document revision %d follows revision %d", r.Revision, i)
		case sha256Hex(r.PDF) != r.SHA256:
			add(ProblemRevisionInvalid, subject, "document revision %d does not match its SHA-256", r.Revision)
		case len(r.PDF) <= len(prevPDF) || !bytes.Equal(r.PDF[:len(prevPDF)], prevPDF):
			add(ProblemRevisionInvalid, subject, "document revision %d does not start with the bytes of revision %d", r.Revision, i)
		}
		if !sealed[RevisionDataHash(prevSHA, r.SHA256)] {
			add(ProblemRevisionUnlogged, subject, "no audit event seals document revision %d", r.Revision)
		}
		prevPDF, prevSHA = r.PDF, r.SHA256
	}
}

// revisionsOf returns the document revisions of subs, by submission id in
// revision order, and the data_hashes of their re-time-stamp events, by
// subject.
func (s *Store) revisionsOf(ctx context.Context, subs []Submission) (map[string][]DocumentRevision, map[string]map[string]bool, error) {
	if len(subs) == 0 {
		return nil, nil, nil
	}
	ids := make([]string, len(subs))
	subjects := make([]string, len(subs))
	for i, sub := range subs {
		ids[i], subjects[i] = sub.ID, "submission/"+sub.ID
	}
	db := s.db.WithContext(ctx)
	var revs []DocumentRevision
	if err := db.Where("submission_id IN ?", ids).Order("submission_id, revision").Find(&revs).Error; err != nil {
		return nil, nil, translate(err)
	}
	if len(revs) == 0 {
		return nil, nil, nil
	}
	out := map[string][]DocumentRevision{}
	for _, r := range revs {
		out[r.SubmissionID] = append(out[r.SubmissionID], r)
	}
	var events []AuditEvent
	err := db.Select("subject", "data_hash").Where("subject IN ? AND action = ?", subjects, ActionRetimestamp).Find(&events).Error
	if err != nil {
		return nil, nil, translate(err)
	}
	sealed := map[string]map[string]bool{}
	for _, e := range events {
		if sealed[e.Subject] == nil {
			sealed[e.Subject] = map[string]bool{}
		}
		sealed[e.Subject][e.DataHash] = true
	}
	return out, sealed, nil
}

// storedFacts returns the consent_facts rows of subs, by submission id.
func (s *Store) storedFacts(ctx context.Context, subs []Submission) (map[string]consentFactsRow, error) {
	if len(subs) == 0 {
		return nil, nil
	}
	ids := make([]string, len(subs))
	for i, sub := range subs {
		ids[i] = sub.ID
	}
	var rows []consentFactsRow
	if err := s.db.WithContext(ctx).Where("submission_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make(map[string]consentFactsRow, len(rows))
	for _, r := range rows {
		out[r.SubmissionID] = r
	}
	return out, nil
}

// createEvents maps each record's subject to the data_hash of the event
// that created it.
func (s *Store) createEvents(ctx context.Context, subs []Submission) (map[string]string, error) {
	subjects := make([]string, len(subs))
	for i, sub := range subs {
		subjects[i] = "submission/" + sub.ID
	}
	var events []AuditEvent
	err := s.db.WithContext(ctx).Select("subject", "data_hash").
		Where("subject IN ? AND action LIKE ?", subjects, "%.create").Find(&events).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make(map[string]string, len(events))
	for _, e := range events {
		out[e.Subject] = e.DataHash
	}
	return out, nil
}

// DataHash is what a record's creating event seals: the SHA-256 of the
// body's and the document's hex SHA-256 joined by a colon.
func DataHash(bodySHA, docSHA string) string {
	return sha256Hex([]byte(bodySHA + ":" + docSHA))
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
