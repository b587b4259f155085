package models

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// newSubmission is a valid record of patient p with id id.
func newSubmission(s *Store, id, p, key string, n int) (*Submission, *Document, Event) {
	body := fmt.Sprintf(`{"n":%d}`, n)
	pdf := []byte(fmt.Sprintf("%%PDF-1.7 record %d", n))
	sub := &Submission{ID: id, Form: "kap-consent", Version: "2026-11", PatientID: p, CreatedBy: key,
		CreatedAt: s.now(), Body: body, BodySHA256: sha256Hex([]byte(body)), Scores: "{}", Flags: "[]"}
	doc := &Document{SubmissionID: id, SHA256: sha256Hex(pdf), Pages: 1, Size: len(pdf), PDF: pdf, CreatedAt: s.now()}
	ev := Event{Actor: key, Role: RolePortal, Action: "submission.create", Subject: "submission/" + id,
		PatientID: p, DataHash: DataHash(sub.BodySHA256, doc.SHA256)}
	return sub, doc, ev
}

// TestConcurrentWritesFailAlone runs 64 CreateSubmission calls at once,
// some of which must fail (a duplicate id, a lost idempotency claim):
// exactly the good ones are stored, each with its event, the chain
// verifies, and each caller gets its own answer. On SQLite they share the
// writer's batches.
func TestConcurrentWritesFailAlone(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	_, k, err := s.CreateKey(ctx, "portal", RolePortal)
	if err != nil {
		t.Fatal(err)
	}
	start := s.now()
	s.Now = func() time.Time { return start }
	p := &Patient{ID: "p1", ExternalID: "MRN-1", CreatedBy: k.ID}
	if err := s.CreatePatient(ctx, p, Event{Actor: k.ID, Action: "patient.create", Subject: "patient/p1"}); err != nil {
		t.Fatal(err)
	}
	// A record that exists already: writes with its id conflict.
	sub, doc, ev := newSubmission(s, "dup-0", "p1", k.ID, -1)
	if _, err := s.CreateSubmission(ctx, sub, doc, ev); err != nil {
		t.Fatal(err)
	}
	// Claims that a retry has taken over: their writes must fail.
	lost := map[int]*Claim{}
	for i := 3; i < 64; i += 8 {
		c, _, err := s.ClaimIdempotencyKey(ctx, k.ID, fmt.Sprint("idem-", i), "h")
		if err != nil || c == nil {
			t.Fatalf("claim: %v", err)
		}
		lost[i] = c
	}
	s.Now = func() time.Time { return start.Add(ClaimStaleAfter + time.Second) }
	for i := range lost {
		if c, _, err := s.ClaimIdempotencyKey(ctx, k.ID, fmt.Sprint("idem-", i), "h"); err != nil || c == nil {
			t.Fatalf("take over: %v", err)
		}
	}
	// Good claims, taken by writes that must mark them committed.
	good := map[int]*Claim{}
	for i := 5; i < 64; i += 8 {
		c, _, err := s.ClaimIdempotencyKey(ctx, k.ID, fmt.Sprint("idem-", i), "h")
		if err != nil || c == nil {
			t.Fatalf("claim: %v", err)
		}
		good[i] = c
	}

	const n = 64
	errs := make([]error, n)
	evs := make([]*AuditEvent, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("sub-%02d", i)
			if i%8 == 0 {
				id = "dup-0"
			}
			sub, doc, ev := newSubmission(s, id, "p1", k.ID, i)
			c := ctx
			if cl := lost[i]; cl != nil {
				c = WithClaim(ctx, cl)
			} else if cl := good[i]; cl != nil {
				c = WithClaim(ctx, cl)
			}
			evs[i], errs[i] = s.CreateSubmission(c, sub, doc, ev)
		}()
	}
	wg.Wait()
	stored := 1 // dup-0
	for i := range n {
		id := fmt.Sprintf("sub-%02d", i)
		switch {
		case i%8 == 0:
			if !errors.Is(errs[i], ErrConflict) {
				t.Errorf("write %d (duplicate id): %v, want ErrConflict", i, errs[i])
			}
			continue
		case lost[i] != nil:
			if !errors.Is(errs[i], ErrClaimLost) {
				t.Errorf("write %d (lost claim): %v, want ErrClaimLost", i, errs[i])
			}
			if _, err := s.Submission(ctx, id); !errors.Is(err, ErrNotFound) {
				t.Errorf("write %d (lost claim) stored its record: %v", i, err)
			}
			continue
		}
		if errs[i] != nil {
			t.Errorf("write %d: %v", i, errs[i])
			continue
		}
		stored++
		if evs[i] == nil || evs[i].Subject != "submission/"+id {
			t.Errorf("write %d got event %+v", i, evs[i])
		}
		if _, err := s.Submission(ctx, id); err != nil {
			t.Errorf("write %d not stored: %v", i, err)
		}
	}
	for i, c := range good {
		var r IdempotentResponse
		s.db.Where("key_id = ? AND idem_key = ?", c.KeyID, c.IdemKey).Take(&r)
		if !r.Unrecorded() {
			t.Errorf("write %d: claim status %d, want committed", i, r.Status)
		}
	}
	var subs, events int64
	s.db.Model(&Submission{}).Count(&subs)
	s.db.Model(&AuditEvent{}).Where("action = ?", "submission.create").Count(&events)
	if subs != int64(stored) || events != int64(stored) {
		t.Fatalf("%d submissions and %d events stored, want %d", subs, events, stored)
	}
	checkChain(t, s)
	v, err := s.Verify(ctx, nil)
	if err != nil || !v.OK {
		t.Fatalf("verify: %+v %v", v, err)
	}
	if s.Engine() == EngineSQLite {
		b, w := s.WriteStats()
		t.Logf("%d writes in %d batches", w, b)
	}
}

// TestCancelledWriteIsNotStored: a write whose context has ended before
// the writer starts it is not stored, and its caller hears so; writes
// around it go on.
func TestCancelledWriteIsNotStored(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	_, k, _ := s.CreateKey(ctx, "portal", RolePortal)
	if err := s.CreatePatient(ctx, &Patient{ID: "p1", ExternalID: "MRN-1", CreatedBy: k.ID}, Event{Actor: k.ID, Action: "patient.create"}); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	sub, doc, ev := newSubmission(s, "gone", "p1", k.ID, 1)
	_, err := s.CreateSubmission(cctx, sub, doc, ev)
	if err == nil || s.Engine() == EngineSQLite && (!errors.Is(err, ErrUnavailable) || !errors.Is(err, context.Canceled)) {
		t.Fatalf("cancelled write: %v, want ErrUnavailable and context.Canceled", err)
	}
	if _, err := s.Submission(ctx, "gone"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("cancelled write stored: %v", err)
	}
	// Under load: every caller's answer matches what is stored.
	var wg sync.WaitGroup
	errs := make([]error, 48)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, cancel := context.WithTimeout(ctx, time.Duration(i%4)*time.Millisecond)
			defer cancel()
			if i%4 == 3 {
				c = ctx
			}
			sub, doc, ev := newSubmission(s, fmt.Sprintf("s-%02d", i), "p1", k.ID, i)
			_, errs[i] = s.CreateSubmission(c, sub, doc, ev)
		}()
	}
	wg.Wait()
	for i, werr := range errs {
		_, err := s.Submission(ctx, fmt.Sprintf("s-%02d", i))
		switch {
		case werr == nil && err != nil:
			t.Errorf("write %d succeeded but is not stored: %v", i, err)
		case werr != nil && !errors.Is(err, ErrNotFound) && s.Engine() == EngineSQLite:
			// On SQLite an error always means not stored.
			t.Errorf("write %d failed (%v) but is stored", i, werr)
		case i%4 == 3 && werr != nil:
			t.Errorf("write %d without a deadline: %v", i, werr)
		}
	}
	checkChain(t, s)
	if v, err := s.Verify(ctx, nil); err != nil || !v.OK {
		t.Fatalf("verify: %+v %v", v, err)
	}
}

// TestKeyCache: a found key is served from the cache; a secret that
// matched nothing is asked again, so a key made later works at once.
func TestKeyCache(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	secret, k, err := s.CreateKey(ctx, "portal", RolePortal)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.KeyBySecret(ctx, secret); err != nil {
		t.Fatal(err)
	}
	// Revoked behind the cache's back: still served within KeyCacheTTL.
	if err := s.db.Model(&APIKey{}).Where("id = ?", k.ID).Update("revoked_at", time.Now()).Error; err != nil {
		t.Fatal(err)
	}
	if got, err := s.KeyBySecret(ctx, secret); err != nil || got.ID != k.ID {
		t.Fatalf("cached key: %+v %v", got, err)
	}
	// Past the TTL the database is asked again.
	s.keys.Add(HashKey(secret), cachedKey{key: *k, at: time.Now().Add(-KeyCacheTTL)})
	if _, err := s.KeyBySecret(ctx, secret); !errors.Is(err, ErrNotFound) {
		t.Fatalf("revoked key after the TTL: %v", err)
	}
	// Misses are not cached.
	if _, err := s.KeyBySecret(ctx, "csk_later"); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	later := &APIKey{ID: "later", Name: "later", Role: RolePortal, Hash: HashKey("csk_later"), CreatedAt: s.now()}
	if err := s.db.Create(later).Error; err != nil {
		t.Fatal(err)
	}
	if got, err := s.KeyBySecret(ctx, "csk_later"); err != nil || got.ID != "later" {
		t.Fatalf("new key: %+v %v", got, err)
	}
}

// TestBatchCommitFailureStoresNothing: when the COMMIT of a batch fails
// (here a deferred foreign key checked only then), every caller of the
// batch gets the error and nothing of the batch is stored.
func TestBatchCommitFailureStoresNothing(t *testing.T) {
	s := mustStore(t)
	if s.Engine() != EngineSQLite {
		t.Skip("the batch writer runs on SQLite only")
	}
	ctx := context.Background()
	_, k, _ := s.CreateKey(ctx, "portal", RolePortal)
	if err := s.CreatePatient(ctx, &Patient{ID: "p1", ExternalID: "MRN-1", CreatedBy: k.ID}, Event{Actor: k.ID, Action: "patient.create"}); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Exec(`CREATE TABLE commit_probe (x TEXT REFERENCES patients(id) DEFERRABLE INITIALLY DEFERRED)`).Error; err != nil {
		t.Fatal(err)
	}
	var ops []*writeOp
	for i := range 4 {
		sub, doc, ev := newSubmission(s, fmt.Sprintf("c-%d", i), "p1", k.ID, i)
		ops = append(ops, &writeOp{ctx: ctx, rows: []any{sub, doc}, ev: &ev, done: make(chan writeResult, 1)})
	}
	ops = append(ops, &writeOp{ctx: ctx, done: make(chan writeResult, 1), fn: func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO commit_probe VALUES ('no such patient')`).Error
	}})
	s.runBatch(ops)
	for i, op := range ops {
		if r := <-op.done; r.err == nil {
			t.Errorf("op %d: no error from a failed commit", i)
		}
	}
	var n int64
	s.db.Model(&Submission{}).Count(&n)
	if n != 0 {
		t.Fatalf("%d submissions stored by a failed batch", n)
	}
	// The store goes on writing.
	sub, doc, ev := newSubmission(s, "after", "p1", k.ID, 9)
	if _, err := s.CreateSubmission(ctx, sub, doc, ev); err != nil {
		t.Fatalf("write after the failed batch: %v", err)
	}
	checkChain(t, s)
}

// TestPanickingWriteFailsAlone: a write that panics inside the writer
// fails alone; the writes of its batch commit and the writer goes on.
func TestPanickingWriteFailsAlone(t *testing.T) {
	s := mustStore(t)
	if s.Engine() != EngineSQLite {
		t.Skip("the batch writer runs on SQLite only")
	}
	ctx := context.Background()
	_, k, _ := s.CreateKey(ctx, "portal", RolePortal)
	if err := s.CreatePatient(ctx, &Patient{ID: "p1", ExternalID: "MRN-1", CreatedBy: k.ID}, Event{Actor: k.ID, Action: "patient.create"}); err != nil {
		t.Fatal(err)
	}
	var ops []*writeOp
	for i := range 3 {
		sub, doc, ev := newSubmission(s, fmt.Sprintf("ok-%d", i), "p1", k.ID, i)
		ops = append(ops, &writeOp{ctx: ctx, rows: []any{sub, doc}, ev: &ev, done: make(chan writeResult, 1)})
		if i == 1 {
			ops = append(ops, &writeOp{ctx: ctx, done: make(chan writeResult, 1), fn: func(tx *gorm.DB) error {
				if err := tx.Exec(`INSERT INTO patients (id, external_id, created_by) VALUES ('half', 'MRN-H', 'k')`).Error; err != nil {
					return err
				}
				panic("boom")
			}})
		}
	}
	s.runBatch(ops)
	for i, op := range ops {
		r := <-op.done
		if (i == 2) != (r.err != nil) {
			t.Errorf("op %d: %v", i, r.err)
		}
	}
	if _, err := s.Patient(ctx, "half"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the panicking write's row was stored: %v", err)
	}
	var n int64
	s.db.Model(&Submission{}).Count(&n)
	if n != 3 {
		t.Fatalf("%d submissions stored, want 3", n)
	}
	checkChain(t, s)
	if v, err := s.Verify(ctx, nil); err != nil || !v.OK {
		t.Fatalf("verify: %+v %v", v, err)
	}
}

// TestReadsAndWritesShareBatches: read events and writes, some failing,
// arrive together; every read is logged, exactly the good writes are
// stored with their events, and the chain holds them all in order.
func TestReadsAndWritesShareBatches(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	_, k, _ := s.CreateKey(ctx, "portal", RolePortal)
	const n = 48
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch i % 3 {
			case 0:
				errs[i] = s.Record(ctx, Event{Actor: k.ID, Action: "patient.read", Subject: fmt.Sprint("patient/", i)})
			case 1:
				p := &Patient{ID: fmt.Sprint("p", i), ExternalID: fmt.Sprint("MRN-", i), CreatedBy: k.ID}
				errs[i] = s.CreatePatient(ctx, p, Event{Actor: k.ID, Action: "patient.create", Subject: "patient/" + p.ID})
			case 2:
				// The same external id as write i-1: one of the two conflicts.
				p := &Patient{ID: fmt.Sprint("p", i), ExternalID: fmt.Sprint("MRN-", i-1), CreatedBy: k.ID}
				errs[i] = s.CreatePatient(ctx, p, Event{Actor: k.ID, Action: "patient.create", Subject: "patient/" + p.ID})
			}
		}()
	}
	wg.Wait()
	created := 0
	for i := range n {
		switch {
		case i%3 == 0 && errs[i] != nil:
			t.Errorf("read %d: %v", i, errs[i])
		case i%3 == 2:
			a, b := errs[i-1], errs[i]
			if (a == nil) == (b == nil) || !errors.Is(a, ErrConflict) && !errors.Is(b, ErrConflict) {
				t.Errorf("writes %d and %d: %v, %v; want one stored and one ErrConflict", i-1, i, a, b)
			}
			created++
		}
	}
	var reads, creates, patients int64
	s.db.Model(&AuditEvent{}).Where("action = ?", "patient.read").Count(&reads)
	s.db.Model(&AuditEvent{}).Where("action = ?", "patient.create").Count(&creates)
	s.db.Model(&Patient{}).Count(&patients)
	if reads != n/3 || creates != int64(created) || patients != int64(created) {
		t.Fatalf("%d reads, %d create events, %d patients; want %d, %d, %d", reads, creates, patients, n/3, created, created)
	}
	checkChain(t, s)
}
