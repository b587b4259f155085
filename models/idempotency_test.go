package models

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestIdempotencyClaims walks a key through its states: a claim, a retry
// while it runs, a stale claim taken over, the first writer refused, a
// committed write without a stored response, and a stored response.
func TestIdempotencyClaims(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	_, k, err := s.CreateKey(ctx, "portal", RolePortal)
	if err != nil {
		t.Fatal(err)
	}
	start := s.now()
	s.Now = func() time.Time { return start }

	first, prior, err := s.ClaimIdempotencyKey(ctx, k.ID, "key-1", "hash-a")
	if err != nil || first == nil || prior != nil {
		t.Fatalf("first claim: %v %v %v", first, prior, err)
	}
	again, prior, err := s.ClaimIdempotencyKey(ctx, k.ID, "key-1", "hash-a")
	if err != nil || again != nil || prior == nil || !prior.Pending() {
		t.Fatalf("retry while running: %v %+v %v", again, prior, err)
	}
	// Another request under the same key is never taken over.
	s.Now = func() time.Time { return start.Add(ClaimStaleAfter + time.Second) }
	other, prior, err := s.ClaimIdempotencyKey(ctx, k.ID, "key-1", "hash-b")
	if err != nil || other != nil || prior.RequestHash != "hash-a" {
		t.Fatalf("different request: %v %+v %v", other, prior, err)
	}
	// The same request, once the claim is stale, takes it over.
	second, prior, err := s.ClaimIdempotencyKey(ctx, k.ID, "key-1", "hash-a")
	if err != nil || second == nil || prior != nil {
		t.Fatalf("stale claim not taken over: %v %+v %v", second, prior, err)
	}
	// The first writer, still running, may no longer write.
	p1 := &Patient{ID: "p1", ExternalID: "MRN-1", CreatedBy: k.ID}
	err = s.CreatePatient(WithClaim(ctx, first), p1, Event{Actor: k.ID, Action: "patient.create"})
	if !errors.Is(err, ErrClaimLost) {
		t.Fatalf("the superseded writer wrote: %v", err)
	}
	if _, err := s.Patient(ctx, "p1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("superseded write stored a patient: %v", err)
	}
	// The retry writes; until its response is stored, others see that
	// the write happened, and a committed claim is never taken over.
	p2 := &Patient{ID: "p2", ExternalID: "MRN-2", CreatedBy: k.ID}
	if err := s.CreatePatient(WithClaim(ctx, second), p2, Event{Actor: k.ID, Action: "patient.create"}); err != nil {
		t.Fatal(err)
	}
	// Right after the commit, before the response is stored, a retry is
	// told the first request is still running, not that its response
	// was lost.
	if none, prior, err := s.ClaimIdempotencyKey(ctx, k.ID, "key-1", "hash-a"); err != nil || none != nil || !prior.Pending() {
		t.Fatalf("a write committed a moment ago: %v %+v %v", none, prior, err)
	}
	s.Now = func() time.Time { return start.Add(3 * ClaimStaleAfter) }
	none, prior, err := s.ClaimIdempotencyKey(ctx, k.ID, "key-1", "hash-a")
	if err != nil || none != nil || !prior.Unrecorded() {
		t.Fatalf("committed write: %v %+v %v", none, prior, err)
	}
	if err := s.CompleteIdempotencyKey(ctx, second, &IdempotentResponse{Status: 201, ContentType: "application/json", Body: []byte(`{"id":"p2"}`)}); err != nil {
		t.Fatal(err)
	}
	_, prior, err = s.ClaimIdempotencyKey(ctx, k.ID, "key-1", "hash-a")
	if err != nil || prior.Status != 201 || string(prior.Body) != `{"id":"p2"}` {
		t.Fatalf("stored response: %+v %v", prior, err)
	}
	// A released claim (the request failed and wrote nothing) frees the key.
	c, _, err := s.ClaimIdempotencyKey(ctx, k.ID, "key-2", "hash-c")
	if err != nil || c == nil {
		t.Fatal(err)
	}
	if err := s.ReleaseIdempotencyKey(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c, _, err = s.ClaimIdempotencyKey(ctx, k.ID, "key-2", "hash-c"); err != nil || c == nil {
		t.Fatalf("released key not free: %v", err)
	}
	checkChain(t, s)
}
