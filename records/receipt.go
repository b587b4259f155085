package records

import (
	"encoding/json"
	"time"

	"github.com/consentry/consentry/models"
)

// DocumentRef describes a record's PDF in a receipt.
type DocumentRef struct {
	SHA256 string `json:"sha256"`
	Pages  int    `json:"pages"`
	Size   int    `json:"size"`
	URL    string `json:"url"`
}

// Receipt is what a client gets for a stored record.
type Receipt struct {
	ID         string         `json:"id"`
	Form       string         `json:"form"`
	Version    string         `json:"version"`
	PatientID  string         `json:"patient_id"`
	CreatedAt  time.Time      `json:"created_at"`
	BodySHA256 string         `json:"body_sha256"`
	Scores     map[string]any `json:"scores"`
	Flags      []any          `json:"flags"`
	// Ruleset is the screening rule set the scores and flags come from.
	Ruleset  string      `json:"ruleset,omitempty"`
	Document DocumentRef `json:"document"`
	// AuditSeq is the seq of the audit event that recorded the record's
	// creation, on the receipt a write answers; with it the record can be
	// checked later against the chain and its checkpoints. A record read
	// back later does not carry it (zero, left out).
	AuditSeq int64 `json:"audit_seq,omitempty"`
}

// URL is where the record is read.
func (r *Receipt) URL() string { return "/v1/submissions/" + r.ID }

// SubmissionView is a stored record with its body.
type SubmissionView struct {
	Receipt
	Body json.RawMessage `json:"body"`
}

func receiptOf(s *models.Submission, d *models.Document) Receipt {
	r := Receipt{
		ID: s.ID, Form: s.Form, Version: s.Version, PatientID: s.PatientID,
		CreatedAt: s.CreatedAt.UTC(), BodySHA256: s.BodySHA256,
		Scores: map[string]any{}, Flags: []any{}, Ruleset: s.Ruleset,
		Document: DocumentRef{SHA256: d.SHA256, Pages: d.Pages, Size: d.Size, URL: "/v1/submissions/" + s.ID + "/pdf"},
	}
	_ = json.Unmarshal([]byte(s.Scores), &r.Scores)
	_ = json.Unmarshal([]byte(s.Flags), &r.Flags)
	if r.Scores == nil {
		r.Scores = map[string]any{}
	}
	if r.Flags == nil {
		r.Flags = []any{}
	}
	return r
}
