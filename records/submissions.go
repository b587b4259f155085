package records

import (
	"context"
	"encoding/json"
	"errors"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/consentry/consentry/models"
)

func newDocumentCache() *lru.Cache[string, cachedDocument] {
	c, err := lru.New[string, cachedDocument](documentCacheSize)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return c
}

// readable loads a record the actor may see: NotFound when there is none,
// or when the actor is a portal that did not create it.
func (s *Service) readable(ctx context.Context, a Actor, id string) (*models.Submission, error) {
	sub, err := s.store.Submission(ctx, id)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !a.seesRecord(sub)) {
		return nil, notFound("submission")
	}
	return sub, err
}

// Submission returns a record the actor may see, with its body, recording
// the read.
func (s *Service) Submission(ctx context.Context, a Actor, id string) (*SubmissionView, error) {
	sub, err := s.readable(ctx, a, id)
	if err != nil {
		return nil, err
	}
	d, err := s.store.DocumentInfo(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	if err := s.store.Record(ctx, a.event("submission.read", "submission/"+sub.ID, sub.PatientID)); err != nil {
		return nil, err
	}
	return &SubmissionView{Receipt: receiptOf(sub, d), Body: json.RawMessage(sub.Body)}, nil
}

// Document returns a record's PDF exactly as stored at signing, recording
// the read. Stored records and their PDFs never change, so they are kept
// in a bounded in-process cache: a download reads the store only for its
// audit event.
func (s *Service) Document(ctx context.Context, a Actor, id string) (*models.Document, error) {
	var (
		sub *models.Submission
		d   *models.Document
	)
	if c, ok := s.documents.Get(id); ok {
		sub, d = c.sub, c.doc
		if !a.seesRecord(sub) {
			return nil, notFound("submission")
		}
	} else {
		var err error
		if sub, err = s.readable(ctx, a, id); err != nil {
			return nil, err
		}
		if d, err = s.store.Document(ctx, sub.ID); err != nil {
			return nil, err
		}
		s.documents.Add(id, cachedDocument{sub: sub, doc: d})
	}
	if err := s.store.Record(ctx, a.event("document.read", "submission/"+sub.ID, sub.PatientID)); err != nil {
		return nil, err
	}
	return d, nil
}

// LatestDocument returns a record's newest PDF: the last revision that
// re-time-stamping appended (each an exact extension of the one before),
// or the PDF as stored at signing when there is none, recording the read
// like Document. Revisions are read from the store, not the cache: one
// may be appended at any time.
func (s *Service) LatestDocument(ctx context.Context, a Actor, id string) (*models.DocumentRevision, error) {
	sub, err := s.readable(ctx, a, id)
	if err != nil {
		return nil, err
	}
	rev, err := s.store.LatestDocument(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	if err := s.store.Record(ctx, a.event("document.read", "submission/"+sub.ID, sub.PatientID)); err != nil {
		return nil, err
	}
	return rev, nil
}

// cachedDocument is a stored record and its PDF, as the download cache
// keeps them. Neither is ever changed after it is stored.
type cachedDocument struct {
	sub *models.Submission
	doc *models.Document
}

// documentCacheSize is how many records' PDFs the download cache keeps:
// about 100 KB each, so some 50 MB at most.
const documentCacheSize = 512

// RecordPage is one page of a patient's records; Next is the position
// after its last item, or "" on the last page.
type RecordPage struct {
	Items []Receipt
	Next  string
}

// ListSubmissions returns a page of a patient's records, in creation order, of
// one form or all: a portal sees only the records it created. after is a
// position a previous page gave ("" for the first page).
func (s *Service) ListSubmissions(ctx context.Context, a Actor, patientID, form, after string, limit int) (*RecordPage, error) {
	pt, err := s.readablePatient(ctx, a, patientID)
	if err != nil {
		return nil, err
	}
	f := models.SubmissionFilter{PatientID: pt.ID, Form: form, After: after, Limit: limit}
	if a.Role == models.RolePortal {
		f.CreatedBy = a.KeyID
	}
	page, err := s.store.ListSubmissions(ctx, f)
	if err != nil {
		return nil, err
	}
	if err := s.store.Record(ctx, a.event("submission.list", "patient/"+pt.ID, pt.ID)); err != nil {
		return nil, err
	}
	out := &RecordPage{Items: make([]Receipt, 0, len(page.Items)), Next: page.Next}
	for i := range page.Items {
		d := page.Documents[page.Items[i].ID]
		out.Items = append(out.Items, receiptOf(&page.Items[i], &d))
	}
	return out, nil
}
