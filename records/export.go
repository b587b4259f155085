package records

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/consentry/consentry/models"
)

// ManifestRecord describes one record in an export.
type ManifestRecord struct {
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

// Manifest is manifest.json of an export.
type Manifest struct {
	PatientID  string           `json:"patient_id"`
	ExportedAt time.Time        `json:"exported_at"`
	Records    []ManifestRecord `json:"records"`
	Consents   []*ConsentStatus `json:"consents"`
	// Acknowledgements are the clinicians' acknowledgements of urgent
	// flags.
	Acknowledgements []AcknowledgementRef `json:"acknowledgements"`
	Events           string               `json:"events_file"`
	EventCount       int                  `json:"event_count"`
	ChainHead        *models.AuditEvent   `json:"chain_head,omitempty"`
	Verify           map[string]string    `json:"how_to_verify"`
}

// Export is an auditor's bundle of one patient's records, ready to
// stream: its read is already recorded.
type Export struct {
	s         *Service
	patientID string
	at        time.Time
	// Progress, if set, is called after each record with done and total.
	Progress func(done, total int)
}

// Export checks that the actor may see the patient and records the export
// before anything is sent, so that the export is itself among the events
// it carries. Write then streams the bundle.
func (s *Service) Export(ctx context.Context, a Actor, patientID string) (*Export, error) {
	pt, err := s.readPatient(ctx, a, patientID, "patient.export")
	if err != nil {
		return nil, err
	}
	return &Export{s: s, patientID: pt.ID, at: s.clock.Now()}, nil
}

// PatientID is the id of the patient exported.
func (x *Export) PatientID() string { return x.patientID }

// Write streams a patient's ZIP: every record's PDF as stored, the
// patient's audit events as JSON lines, and manifest.json. One record is
// in memory at a time. Every entry carries a real time (never the ZIP
// format's zero, 1980): a PDF its record's, the others the export's.
func (x *Export) Write(ctx context.Context, w io.Writer) error {
	patientID, now, store := x.patientID, x.at, x.s.store
	zw := zip.NewWriter(w)
	ids, err := store.RecordIDs(ctx, patientID)
	if err != nil {
		return err
	}
	m := Manifest{PatientID: patientID, ExportedAt: now.UTC(), Records: []ManifestRecord{}, Events: "audit-events.jsonl",
		Verify: map[string]string{
			"document":  "sha256(records/<id>.pdf) equals document_sha256",
			"record":    "data_hash equals sha256(body_sha256 + \":\" + document_sha256), and equals the data_hash of the record's .create event",
			"event":     "hash equals sha256 of the compact JSON array [seq, at, actor, role, action, subject, patient_id, ip, user_agent, data_hash, prev_hash], at as 2006-01-02T15:04:05.000000Z",
			"signature": "each PDF's own signature, where sealed, verifies with any PDF reader",
		}}
	for i, id := range ids {
		sub, err := store.Submission(ctx, id)
		if err != nil {
			return err
		}
		doc, err := store.Document(ctx, id)
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
		m.Records = append(m.Records, ManifestRecord{
			ID: sub.ID, Form: sub.Form, Version: sub.Version, CreatedAt: sub.CreatedAt.UTC(), RefersTo: sub.RefersTo,
			BodySHA256: sub.BodySHA256, DocumentSHA256: doc.SHA256, DataHash: models.DataHash(sub.BodySHA256, doc.SHA256),
			Pages: doc.Pages, File: name,
		})
		if x.Progress != nil {
			x.Progress(i+1, len(ids))
		}
	}
	records, err := store.PatientRecords(ctx, patientID, now)
	if err != nil {
		return err
	}
	facts := statusRecordsOf(records)
	m.Consents = consentStatuses(facts, x.s.catalogue, now.UTC(), x.s.reconsent)
	if m.Consents == nil {
		m.Consents = []*ConsentStatus{}
	}
	m.Acknowledgements = acknowledgementsOf(facts)
	status := map[string]string{}
	for _, cs := range m.Consents {
		status[cs.SubmissionID] = cs.Status
	}
	for i := range m.Records {
		m.Records[i].Status = status[m.Records[i].ID]
	}
	if m.EventCount, err = writeEvents(ctx, store, zw, patientID, now); err != nil {
		return err
	}
	if head, err := store.ChainHead(ctx); err == nil {
		m.ChainHead = head
	} else if !errors.Is(err, models.ErrNotFound) {
		return err
	}
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: "manifest.json", Method: zip.Deflate, Modified: now.UTC()})
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
// JSON object a line, dated at the export's time.
func writeEvents(ctx context.Context, store Store, zw *zip.Writer, patientID string, at time.Time) (int, error) {
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: "audit-events.jsonl", Method: zip.Deflate, Modified: at.UTC()})
	if err != nil {
		return 0, err
	}
	enc := json.NewEncoder(fw)
	enc.SetEscapeHTML(false)
	n := 0
	f := models.EventFilter{PatientID: patientID, Limit: 1000}
	for {
		batch, err := store.AuditEvents(ctx, f)
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
