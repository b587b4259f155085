package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/testdb"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// startServe runs serve in the background until the returned stop is
// called, which returns serve's exit code.
func startServe(t *testing.T, env func(string) string) (stop func() int, logs *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, env, logs, logs) }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(logs.String(), `"msg":"listening"`) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server did not start: %s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop")
			return -1
		}
	}, logs
}

// readLog parses every line of a checkpoint log.
func readLog(t *testing.T, path string) []*records.CheckpointLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*records.CheckpointLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l, err := records.ParseCheckpointLine(sc.Bytes())
		if err != nil {
			t.Fatalf("%q: %v", sc.Text(), err)
		}
		out = append(out, l)
	}
	return out
}

// appendEvents adds n events to the chain straight through the store, as
// the server's requests would.
func appendEvents(t *testing.T, cfg *config, n int) *models.AuditEvent {
	t.Helper()
	store := openDB(t, cfg.DatabaseURL)
	ctx := context.Background()
	for range n {
		if err := store.Record(ctx, models.Event{Actor: "test", Role: models.RoleAuditor, Action: "audit.read", Subject: "audit/events"}); err != nil {
			t.Fatal(err)
		}
	}
	head, err := store.ChainHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	return head
}

// TestServeCheckpointsAtShutdown: serve checkpoints the head when it
// stops, only if the head moved, into the log it was given and the
// database.
func TestServeCheckpointsAtShutdown(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "elsewhere", "anchor.jsonl")
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": filepath.Join(dir, "data"), "CONSENTRY_ADDR": "127.0.0.1:0",
		"CONSENTRY_CHECKPOINT_LOG": logPath, "CONSENTRY_LOG_FORMAT": "json"})
	cfg, err := loadConfig(env)
	if err != nil {
		t.Fatal(err)
	}
	stop, logs := startServe(t, env)
	head := appendEvents(t, cfg, 3)
	if code := stop(); code != 0 {
		t.Fatalf("serve exit %d: %s", code, logs.String())
	}
	lines := readLog(t, logPath)
	if len(lines) != 1 || lines[0].Seq != head.Seq || lines[0].Hash != head.Hash {
		t.Fatalf("checkpoint log after shutdown: %+v, head %d", lines, head.Seq)
	}
	store := openDB(t, cfg.DatabaseURL)
	last, err := store.LatestCheckpoint(context.Background())
	if err != nil || last.ID != lines[0].ID() {
		t.Fatalf("stored checkpoint %+v, %v", last, err)
	}
	store.Close()

	// A restart with nothing new to say says nothing.
	stop, logs = startServe(t, env)
	if code := stop(); code != 0 {
		t.Fatalf("serve exit %d: %s", code, logs.String())
	}
	if n := len(readLog(t, logPath)); n != 1 {
		t.Errorf("%d checkpoints after a restart without new events", n)
	}
	var l struct{ Msg string }
	for _, line := range strings.Split(logs.String(), "\n") {
		if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "the last checkpoint failed" {
			t.Errorf("log: %s", line)
		}
	}
}

func TestCheckpointSettings(t *testing.T) {
	cfg, err := loadConfig(envOf(map[string]string{"CONSENTRY_DATA_DIR": "/srv/consentry"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.CheckpointLog != "/srv/consentry/checkpoints.jsonl" || cfg.CheckpointEvery != 1000 ||
		cfg.CheckpointInterval != time.Minute || cfg.CheckpointWitness != "" {
		t.Errorf("defaults %q %d %v %q", cfg.CheckpointLog, cfg.CheckpointEvery, cfg.CheckpointInterval, cfg.CheckpointWitness)
	}
	cfg, err = loadConfig(envOf(map[string]string{
		"CONSENTRY_CHECKPOINT_LOG": "/worm/cp.jsonl", "CONSENTRY_CHECKPOINT_WITNESS": "https://witness.example/cp",
		"CONSENTRY_CHECKPOINT_EVERY": "50", "CONSENTRY_CHECKPOINT_INTERVAL": "5s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.CheckpointLog != "/worm/cp.jsonl" || cfg.CheckpointEvery != 50 || cfg.CheckpointInterval != 5*time.Second ||
		cfg.CheckpointWitness != "https://witness.example/cp" {
		t.Errorf("settings %+v", cfg)
	}
	for _, bad := range []map[string]string{
		{"CONSENTRY_CHECKPOINT_EVERY": "0"},
		{"CONSENTRY_CHECKPOINT_EVERY": "often"},
		{"CONSENTRY_CHECKPOINT_INTERVAL": "60"},
		{"CONSENTRY_CHECKPOINT_INTERVAL": "1ms"},
		{"CONSENTRY_CHECKPOINT_WITNESS": "ftp://witness"},
		{"CONSENTRY_CHECKPOINT_WITNESS": "witness.example"},
	} {
		if _, err := loadConfig(envOf(bad)); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// TestVerifyCommandNamesARollback: consentry verify checks the chain
// against the checkpoint log, appends no event of its own, and exits 1
// when events the log vouches for are gone.
func TestVerifyCommandNamesARollback(t *testing.T) {
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": t.TempDir()})
	cfg, err := loadConfig(env)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"migrate"}, env, &out, &errOut); code != 0 {
		t.Fatalf("migrate: %d %s", code, errOut.String())
	}
	head := appendEvents(t, cfg, 5)
	store := openDB(t, cfg.DatabaseURL)
	sealer, err := loadSealer(cfg, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := newCheckpointer(cfg, store, sealer, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	if l, err := cp.Checkpoint(ctx); err != nil || l.Seq != head.Seq {
		t.Fatalf("checkpoint %+v, %v", l, err)
	}
	cp.Close(ctx)

	out.Reset()
	if code := run(ctx, []string{"verify"}, env, &out, &errOut); code != 0 || !strings.Contains(out.String(), "against 1 checkpoints") {
		t.Fatalf("verify of an untouched store: %d %s", code, out.String())
	}
	if h, _ := store.ChainHead(ctx); h.Seq != head.Seq {
		t.Errorf("verify appended events: head %d, was %d", h.Seq, head.Seq)
	}

	for _, stmt := range append(testdb.AllowEdits(store.Engine(), "audit_events"), "DELETE FROM audit_events WHERE seq > 2") {
		if err := store.DB().Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	out.Reset()
	if code := run(ctx, []string{"verify"}, env, &out, &errOut); code != 1 || !strings.Contains(out.String(), "PROBLEM rollback checkpoint/5") {
		t.Fatalf("verify after the tail was deleted: exit %d\n%s", code, out.String())
	}
	out.Reset()
	if code := run(ctx, []string{"verify", "--json"}, env, &out, &errOut); code != 1 {
		t.Fatalf("verify --json: exit %d", code)
	}
	var v models.Verification
	if err := json.Unmarshal(out.Bytes(), &v); err != nil || v.OK || v.CheckpointsChecked != 1 || v.Problems[0].Kind != models.ProblemRollback {
		t.Fatalf("verify --json: %v %s", err, out.String())
	}
}
