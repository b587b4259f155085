package models

import (
	"context"
	"time"
)

// PatientRecords returns every record of a patient signed at or before
// until, with bodies, oldest first: the material of a consent history.
// forms limits the result to those kinds; none means all.
func (s *Store) PatientRecords(ctx context.Context, patientID string, until time.Time, forms ...string) ([]Submission, error) {
	q := s.db.WithContext(ctx).Where("patient_id = ? AND created_at <= ?", patientID, until)
	if len(forms) > 0 {
		q = q.Where("form IN ?", forms)
	}
	var out []Submission
	err := q.Order("created_at, id").Find(&out).Error
	return out, translate(err)
}

// LatestRecord returns the patient's newest record of one form created at
// or before until, or ErrNotFound. It seeks the patient's records of that
// form by the (patient, form) index, reading only their ids and times,
// then the newest by its key: a submission looks up the latest treatment
// plan this way on every write. (With ORDER BY and LIMIT in one statement,
// SQLite walks the patient's whole history back in time instead, reading
// every record to test its form.)
func (s *Store) LatestRecord(ctx context.Context, patientID, form string, until time.Time) (*Submission, error) {
	var rows []struct {
		ID        string
		CreatedAt time.Time
	}
	// The time is compared here, not in SQL: with it there, SQLite (which
	// has no statistics) seeks every patient's records of the form by time.
	err := s.db.WithContext(ctx).Model(&Submission{}).Select("id, created_at").
		Where("patient_id = ? AND form = ?", patientID, form).Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	found := false
	var last struct {
		ID        string
		CreatedAt time.Time
	}
	for _, r := range rows {
		if r.CreatedAt.After(until) {
			continue
		}
		if !found || r.CreatedAt.After(last.CreatedAt) || r.CreatedAt.Equal(last.CreatedAt) && r.ID > last.ID {
			last, found = r, true
		}
	}
	if !found {
		return nil, ErrNotFound
	}
	return s.Submission(ctx, last.ID)
}

// References returns the records (withdrawals, reviews) that refer to a
// record, oldest first.
func (s *Store) References(ctx context.Context, submissionID string) ([]Submission, error) {
	var out []Submission
	err := s.db.WithContext(ctx).Where("refers_to = ?", submissionID).Order("created_at, id").Find(&out).Error
	return out, translate(err)
}

// FormRecords returns every record of one form created in [since, until),
// across patients, with bodies, oldest first: the material of a
// controlled-substance audit's export of administration records.
func (s *Store) FormRecords(ctx context.Context, form string, since, until time.Time) ([]Submission, error) {
	var out []Submission
	err := s.db.WithContext(ctx).Where("form = ? AND created_at >= ? AND created_at < ?", form, since, until).
		Order("created_at, id").Find(&out).Error
	return out, translate(err)
}

// RecordIDs returns the ids of a patient's records, oldest first.
func (s *Store) RecordIDs(ctx context.Context, patientID string) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Model(&Submission{}).Where("patient_id = ?", patientID).
		Order("created_at, id").Pluck("id", &ids).Error
	return ids, translate(err)
}

// ChainHead returns the newest audit event, or ErrNotFound on an empty
// chain.
func (s *Store) ChainHead(ctx context.Context) (*AuditEvent, error) {
	var e AuditEvent
	if err := s.db.WithContext(ctx).Order("seq DESC").Limit(1).Take(&e).Error; err != nil {
		return nil, translate(err)
	}
	return &e, nil
}
