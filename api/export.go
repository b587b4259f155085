package api

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// ExportStore is what an auditor's export reads.
type ExportStore interface {
	Patient(ctx context.Context, id string) (*models.Patient, error)
	RecordIDs(ctx context.Context, patientID string) ([]string, error)
	Submission(ctx context.Context, id string) (*models.Submission, error)
	Document(ctx context.Context, submissionID string) (*models.Document, error)
	PatientRecords(ctx context.Context, patientID string, until time.Time, forms ...string) ([]models.Submission, error)
	AuditEvents(ctx context.Context, f models.EventFilter) ([]models.AuditEvent, error)
	ChainHead(ctx context.Context) (*models.AuditEvent, error)
}

// manifestRecord describes one record in an export.
type manifestRecord struct {
	ID             string    `json:"id"`
	Form           string    `json:"form"`
	Version        string    `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	RefersTo       string    `json:"refers_to,omitempty"`
	BodySHA256     string    `json:"body_sha256"`
	DocumentSHA256 string    `json:"document_sha256"`
	DataHash       string    `json:"data_hash"`
	Pages          int       `json:"pages"`
	File           string    `json:"file"`
	Status         string    `json:"status,omitempty"`
}

// manifest is manifest.json of an export.
type manifest struct {
	PatientID  string             `json:"patient_id"`
	ExportedAt time.Time          `json:"exported_at"`
	Records    []manifestRecord   `json:"records"`
	Consents   []*consentStatus   `json:"consents"`
	Events     string             `json:"events_file"`
	EventCount int                `json:"event_count"`
	ChainHead  *models.AuditEvent `json:"chain_head,omitempty"`
	Verify     map[string]string  `json:"how_to_verify"`
}

// Export options.
type Export struct {
	Store     ExportStore
	Catalogue *forms.Catalogue
	// Reconsent is the re-consent interval for the consent statuses.
	Reconsent time.Duration
	// Progress, if set, is called after each record with done and total.
	Progress func(done, total int)
}

// Write streams a patient's ZIP: every record's PDF as stored, the
// patient's audit events as JSON lines, and manifest.json. One record is
// in memory at a time.
func (x *Export) Write(ctx context.Context, w io.Writer, patientID string, now time.Time) error {
	zw := zip.NewWriter(w)
	ids, err := x.Store.RecordIDs(ctx, patientID)
	if err != nil {
		return err
	}
	m := manifest{PatientID: patientID, ExportedAt: now.UTC(), Records: []manifestRecord{}, Events: "audit-events.jsonl",
		Verify: map[string]string{
			"document":  "sha256(records/<id>.pdf) equals document_sha256",
			"record":    "data_hash equals sha256(body_sha256 + \":\" + document_sha256), and equals the data_hash of the record's .create event",
			"event":     "hash equals sha256 of the compact JSON array [seq, at, actor, role, action, subject, patient_id, ip, user_agent, data_hash, prev_hash], at as 2006-01-02T15:04:05.000000Z",
			"signature": "each PDF's own signature, where sealed, verifies with any PDF reader",
		}}
	for i, id := range ids {
		sub, err := x.Store.Submission(ctx, id)
		if err != nil {
			return err
		}
		doc, err := x.Store.Document(ctx, id)
		if err != nil {
			return err
		}
		name := "records/" + id + ".pdf"
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: sub.CreatedAt.UTC()})
		if err != nil {
			return err
		}
		if _, err := fw.Write(doc.PDF); err != nil {
			return err
		}
		m.Records = append(m.Records, manifestRecord{
			ID: sub.ID, Form: sub.Form, Version: sub.Version, CreatedAt: sub.CreatedAt.UTC(), RefersTo: sub.RefersTo,
			BodySHA256: sub.BodySHA256, DocumentSHA256: doc.SHA256, DataHash: models.DataHash(sub.BodySHA256, doc.SHA256),
			Pages: doc.Pages, File: name,
		})
		if x.Progress != nil {
			x.Progress(i+1, len(ids))
		}
	}
	records, err := x.Store.PatientRecords(ctx, patientID, now)
	if err != nil {
		return err
	}
	m.Consents = consentStatuses(records, x.Catalogue, now.UTC(), x.Reconsent)
	if m.Consents == nil {
		m.Consents = []*consentStatus{}
	}
	status := map[string]string{}
	for _, cs := range m.Consents {
		status[cs.SubmissionID] = cs.Status
	}
	for i := range m.Records {
		m.Records[i].Status = status[m.Records[i].ID]
	}
	if m.EventCount, err = x.writeEvents(ctx, zw, patientID); err != nil {
		return err
	}
	if head, err := x.Store.ChainHead(ctx); err == nil {
		m.ChainHead = head
	} else if !errors.Is(err, models.ErrNotFound) {
		return err
	}
	fw, err := zw.Create("manifest.json")
	if err != nil {
		return err
	}
	enc := json.NewEncoder(fw)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return err
	}
	return zw.Close()
}

// writeEvents writes the patient's audit events, in sequence order, one
// JSON object a line.
func (x *Export) writeEvents(ctx context.Context, zw *zip.Writer, patientID string) (int, error) {
	fw, err := zw.Create("audit-events.jsonl")
	if err != nil {
		return 0, err
	}
	enc := json.NewEncoder(fw)
	enc.SetEscapeHTML(false)
	n := 0
	f := models.EventFilter{PatientID: patientID, Limit: 1000}
	for {
		batch, err := x.Store.AuditEvents(ctx, f)
		if err != nil {
			return n, err
		}
		more := len(batch) > f.Limit
		if more {
			batch = batch[:f.Limit]
		}
		for i := range batch {
			batch[i].At = batch[i].At.UTC()
			if err := enc.Encode(&batch[i]); err != nil {
				return n, err
			}
			n++
		}
		if !more {
			return n, nil
		}
		f.AfterSeq = batch[len(batch)-1].Seq
	}
}

// exportHandler serves GET /v1/patients/{id}/export.
type exportHandler struct {
	export *Export
	store  interface {
		Patient(ctx context.Context, id string) (*models.Patient, error)
		Record(ctx context.Context, ev models.Event) error
	}
	now func() time.Time
}

func (h *exportHandler) register(g *echo.Group) {
	g.GET("/patients/:id/export", h.get, allow(auditorOnly...))
}

func (h *exportHandler) get(c echo.Context) error {
	ctx := c.Request().Context()
	pt, err := readablePatient(c, h.store)
	if err != nil {
		return err
	}
	// The export is recorded before it is sent, so that it is itself in
	// the events it carries.
	if err := h.store.Record(ctx, event(c, "patient.export", "patient/"+pt.ID, pt.ID)); err != nil {
		return err
	}
	hdr := c.Response().Header()
	hdr.Set(echo.HeaderContentType, "application/zip")
	hdr.Set("Content-Disposition", `attachment; filename="consentry-export-`+pt.ID+`.zip"`)
	c.Response().WriteHeader(http.StatusOK)
	// Once streaming has begun an error can only cut the download short;
	// the truncated ZIP fails to open, and errorHandler logs the error.
	return h.export.Write(ctx, c.Response(), pt.ID, h.now())
}
