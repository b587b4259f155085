package records

import (
	"context"

	"github.com/consentry/consentry/models"
)

// AuditEvents returns the audit events f selects, in sequence order (one
// more than f.Limit when there are more), and records the read.
func (s *Service) AuditEvents(ctx context.Context, a Actor, f models.EventFilter) ([]models.AuditEvent, error) {
	items, err := s.store.AuditEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].At = items[i].At.UTC()
	}
	if err := s.store.Record(ctx, a.event("audit.read", "audit/events", f.PatientID)); err != nil {
		return nil, err
	}
	return items, nil
}

// VerifyChain recomputes the audit chain and every stored document's
// hash, checks the chain against the signed checkpoints in the
// checkpoint log and the database (see Verify), and records the check.
func (s *Service) VerifyChain(ctx context.Context, a Actor, progress func(done int64)) (*models.Verification, error) {
	v, err := Verify(ctx, s.store, Anchor{Log: s.checkpointLog, Cert: s.sealer.Cert}, progress)
	if err != nil {
		return nil, err
	}
	if err := s.store.Record(ctx, a.event("audit.verify", "audit/chain", "")); err != nil {
		return nil, err
	}
	return v, nil
}
