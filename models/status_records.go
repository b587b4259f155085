package models

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"
)

// StatusRecord is a record as consent status reads it: no body, its
// ConsentFacts instead.
type StatusRecord struct {
	ID        string
	Form      string
	Version   string
	CreatedAt time.Time
	RefersTo  string
	Facts     ConsentFacts
}

// statusQuery reads a patient's records in time order through
// submissions_by_patient_time, with their stored facts. It names no
// column that SQLite keeps after the body in a record's row (refers_to
// and ruleset were added later), so that no row's overflow pages are
// read.
const statusQuery = `SELECT submissions.id, submissions.form, submissions.version, submissions.created_at,
	consent_facts.refers_to, consent_facts.facts
	FROM submissions LEFT JOIN consent_facts ON consent_facts.submission_id = submissions.id
	WHERE submissions.patient_id = ? AND submissions.created_at <= ?
	ORDER BY submissions.created_at, submissions.id`

// StatusRecords returns every record of a patient signed at or before
// until, oldest first, each with its ConsentFacts: the material of
// consent status, without a body. A record stored before consent facts
// were kept has its facts derived from its body.
func (s *Store) StatusRecords(ctx context.Context, patientID string, until time.Time) ([]StatusRecord, error) {
	db := s.db.WithContext(ctx)
	rows, err := db.Raw(statusQuery, patientID, until).Rows()
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var (
		out    []StatusRecord
		legacy []string
		at     = map[string]int{}
	)
	for rows.Next() {
		var (
			r             StatusRecord
			refers, facts sql.NullString
		)
		if err := rows.Scan(&r.ID, &r.Form, &r.Version, &r.CreatedAt, &refers, &facts); err != nil {
			return nil, translate(err)
		}
		if !facts.Valid || json.Unmarshal([]byte(facts.String), &r.Facts) != nil {
			// No facts (an older record), or unreadable ones (Verify
			// names them): the body says.
			r.Facts = ConsentFacts{}
			legacy = append(legacy, r.ID)
			at[r.ID] = len(out)
		}
		r.RefersTo = refers.String
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	rows.Close()
	for len(legacy) > 0 {
		n := min(len(legacy), 100)
		var subs []Submission
		if err := db.Select("id", "form", "body", "refers_to").Where("id IN ?", legacy[:n]).Find(&subs).Error; err != nil {
			return nil, translate(err)
		}
		for _, sub := range subs {
			r := &out[at[sub.ID]]
			r.RefersTo, r.Facts = sub.RefersTo, ConsentFactsOf(sub.Form, []byte(sub.Body))
		}
		legacy = legacy[n:]
	}
	return out, nil
}
