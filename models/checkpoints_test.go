package models

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCheckpointBytes(t *testing.T) {
	at := time.Date(2026, 11, 20, 15, 4, 5, 123456789, time.FixedZone("CET", 3600))
	got := string(CheckpointBytes(42, "ab12", at))
	if want := `[42,"ab12","2026-11-20T14:04:05.123456Z"]`; got != want {
		t.Errorf("CheckpointBytes = %s, want %s", got, want)
	}
	if CheckpointID(42, "ab12", at) != sha256Hex([]byte(got)) {
		t.Error("CheckpointID is not the SHA-256 of the signed bytes")
	}
}

// TestCheckpointsAreStoredOnceAndAppendOnly: a checkpoint is stored once
// however often it is added, listed in seq order across batches, and the
// database refuses to edit or delete it.
func TestCheckpointsAreStoredOnceAndAppendOnly(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	if _, err := s.LatestCheckpoint(ctx); err != ErrNotFound {
		t.Fatalf("LatestCheckpoint on an empty table: %v", err)
	}
	at := time.Date(2026, 11, 20, 15, 4, 5, 0, time.UTC)
	n := verifyBatch + 3
	for i := n; i >= 1; i-- {
		c := &Checkpoint{Seq: int64(i), Hash: fmt.Sprintf("%064d", i), At: at, Signature: "c2ln", CertSHA256: "cert", Writer: "w"}
		if err := s.AddCheckpoint(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	again := &Checkpoint{Seq: 7, Hash: fmt.Sprintf("%064d", 7), At: at, Signature: "c2ln", CertSHA256: "cert", Writer: "other"}
	if err := s.AddCheckpoint(ctx, again); err != nil {
		t.Fatalf("adding the same checkpoint again: %v", err)
	}
	var seqs []int64
	err := s.Checkpoints(ctx, func(b []Checkpoint) error {
		for _, c := range b {
			seqs = append(seqs, c.Seq)
			if c.ID != CheckpointID(c.Seq, c.Hash, c.At) {
				t.Errorf("checkpoint %d: id %s", c.Seq, c.ID)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seqs) != n {
		t.Fatalf("%d checkpoints listed, want %d", len(seqs), n)
	}
	for i, seq := range seqs {
		if seq != int64(i+1) {
			t.Fatalf("checkpoint %d has seq %d", i, seq)
		}
	}
	last, err := s.LatestCheckpoint(ctx)
	if err != nil || last.Seq != int64(n) || !last.At.Equal(at) {
		t.Fatalf("LatestCheckpoint = %+v, %v", last, err)
	}
	for _, stmt := range []string{"UPDATE checkpoints SET seq = 99 WHERE seq = 1", "DELETE FROM checkpoints WHERE seq = 2"} {
		if err := s.db.Exec(stmt).Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", stmt, err)
		}
	}
	if s.Engine() == EnginePostgres {
		if err := s.db.Exec("TRUNCATE checkpoints").Error; err == nil {
			t.Error("TRUNCATE checkpoints was allowed")
		}
	}
}

func TestEventHashes(t *testing.T) {
	s := mustStore(t)
	seedRecords(t, s, 2)
	got, err := s.EventHashes(context.Background(), []int64{1, 3, 999})
	if err != nil {
		t.Fatal(err)
	}
	head, _ := s.ChainHead(context.Background())
	if len(got) != 2 || got[1] == "" || got[3] == "" || head.Seq != 5 {
		t.Fatalf("EventHashes = %v (head %d)", got, head.Seq)
	}
	var e AuditEvent
	s.db.Where("seq = 3").Take(&e)
	if got[3] != e.Hash {
		t.Errorf("hash of 3 = %s, want %s", got[3], e.Hash)
	}
}
