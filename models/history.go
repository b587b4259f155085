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

// References returns the records (withdrawals, reviews) that refer to a
// record, oldest first.
func (s *Store) References(ctx context.Context, submissionID string) ([]Submission, error) {
	var out []Submission
	err := s.db.WithContext(ctx).Where("refers_to = ?", submissionID).Order("created_at, id").Find(&out).Error
	return out, translate(err)
}
