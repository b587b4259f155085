package records

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf/seal"
)

// RetimestampReport says what Retimestamp did.
type RetimestampReport struct {
	// Checked counts the records looked at.
	Checked int `json:"checked"`
	// Renewed lists the new revisions, one per record re-time-stamped.
	Renewed []RenewedDocument `json:"renewed"`
	// Untimestamped counts records with no time-stamp at all (sealed at
	// B-B), which Retimestamp leaves as they are.
	Untimestamped int `json:"untimestamped"`
	// Skipped lists records that need renewal but whose latest revision
	// does not verify, so that a time-stamp over it would prove nothing.
	Skipped []SkippedDocument `json:"skipped"`
}

// RenewedDocument is one new document revision.
type RenewedDocument struct {
	SubmissionID string `json:"submission_id"`
	Revision     int    `json:"revision"`
	SHA256       string `json:"sha256"`
	// Expiring is when the TSA certificate of the time-stamp it renews
	// expires.
	Expiring time.Time `json:"expiring"`
}

// SkippedDocument is a record Retimestamp did not renew, and why.
type SkippedDocument struct {
	SubmissionID string `json:"submission_id"`
	Reason       string `json:"reason"`
}

// retimestampBatch is how many record ids Retimestamp reads at a time.
const retimestampBatch = 200

// Retimestamp renews the long-term proof of every stored record whose
// latest time-stamp (its newest document time-stamp, else its signature
// time-stamp) comes from a TSA certificate that expires within before of
// now: it appends a fresh DSS and document time-stamp (PAdES B-LTA) to
// the record's latest revision and stores the result as the next
// document revision, with an audit event (action document.retimestamp,
// subject submission/<id>, data_hash models.RevisionDataHash of the
// previous and the new SHA-256). Earlier bytes never change: the stored
// document and every earlier revision stay as they are, each a prefix of
// the next. A TSA or revocation source that fails stops the run with
// ErrTimestampUnavailable; what was renewed until then stays.
func (s *Service) Retimestamp(ctx context.Context, a Actor, before time.Duration) (*RetimestampReport, error) {
	if s.sealer.TSA == nil {
		return nil, conflict("no-time-stamping-authority",
			"re-time-stamping needs a time-stamping authority: set CONSENTRY_TSA_URL")
	}
	now := s.clock.Now()
	deadline := now.Add(before)
	rep := &RetimestampReport{Renewed: []RenewedDocument{}, Skipped: []SkippedDocument{}}
	after := ""
	for {
		ids, err := s.store.SubmissionIDs(ctx, after, retimestampBatch)
		if err != nil {
			return rep, err
		}
		for _, id := range ids {
			if err := s.retimestampOne(ctx, a, id, now, deadline, rep); err != nil {
				return rep, err
			}
		}
		if len(ids) < retimestampBatch {
			return rep, nil
		}
		after = ids[len(ids)-1]
	}
}

// retimestampOne renews the record id if its latest time-stamp's TSA
// certificate expires by deadline.
func (s *Service) retimestampOne(ctx context.Context, a Actor, id string, now, deadline time.Time, rep *RetimestampReport) error {
	rep.Checked++
	latest, err := s.store.LatestDocument(ctx, id)
	if errors.Is(err, models.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	v, err := seal.VerifyAt(latest.PDF, now)
	if err != nil {
		return err
	}
	var tsa *seal.SignatureReport
	for i := range v.Signatures {
		if sg := &v.Signatures[i]; sg.TimeStamped && sg.TSACertificate != nil {
			tsa = sg // the last is the newest
		}
	}
	if tsa == nil {
		rep.Untimestamped++
		return nil
	}
	expiring := tsa.TSACertificate.NotAfter
	if expiring.After(deadline) {
		return nil
	}
	if !v.Valid() {
		rep.Skipped = append(rep.Skipped, SkippedDocument{SubmissionID: id, Reason: "its latest revision does not verify: " + joinProblems(v.Problems)})
		return nil
	}
	renewed, err := s.sealer.Retimestamp(ctx, latest.PDF)
	if errors.Is(err, seal.ErrTimestampUnavailable) || errors.Is(err, seal.ErrRevocationUnavailable) {
		return fmt.Errorf("%w: %v", ErrTimestampUnavailable, err)
	}
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(renewed, latest.PDF) {
		return errors.New("records: re-time-stamping changed earlier bytes") // seal's promise; never stored
	}
	sub, err := s.store.Submission(ctx, id)
	if err != nil {
		return err
	}
	rev := &models.DocumentRevision{
		SubmissionID: id, Revision: latest.Revision + 1, SHA256: sha256Hex(renewed), Size: len(renewed), PDF: renewed,
		Reason:    "re-time-stamped: the TSA certificate of the latest time-stamp expires " + expiring.UTC().Format(time.RFC3339),
		CreatedAt: now,
	}
	ev := a.event(models.ActionRetimestamp, "submission/"+id, sub.PatientID)
	ev.DataHash = models.RevisionDataHash(latest.SHA256, rev.SHA256)
	if _, err := s.store.AddDocumentRevision(ctx, rev, ev); err != nil {
		return err
	}
	rep.Renewed = append(rep.Renewed, RenewedDocument{SubmissionID: id, Revision: rev.Revision, SHA256: rev.SHA256, Expiring: expiring.UTC()})
	return nil
}

func joinProblems(p []string) string {
	var b bytes.Buffer
	for i, s := range p {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(s)
	}
	return b.String()
}
