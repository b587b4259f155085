package records_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/consentry/consentry/models"
)

// TestDownloadsComeFromTheCacheAndStillSeeOnlyTheirOwn: a second download
// of a record is served without reading its PDF again, still records its
// audit event, and another portal still gets NotFound.
func TestDownloadsComeFromTheCacheAndStillSeeOnlyTheirOwn(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	r, err := f.svc.Submit(ctx, f.portal, phq9(t, f.patient(), 0, 0, 0, 0, 0, 0, 0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	first, err := f.svc.Document(ctx, f.portal, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	events := f.count("audit_events")
	second, err := f.svc.Document(ctx, f.portal, r.ID)
	if err != nil || !bytes.Equal(first.PDF, second.PDF) || second.SHA256 != r.Document.SHA256 {
		t.Fatalf("second download: %v", err)
	}
	if n := f.count("audit_events"); n != events+1 {
		t.Errorf("a cached download appended %d events, want 1", n-events)
	}
	other := actor(t, f.store, "another portal", models.RolePortal)
	if _, err := f.svc.Document(ctx, other, r.ID); err == nil {
		t.Error("another portal downloaded a cached record")
	}
}
