package records_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/internal/testdb"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
	"github.com/consentry/consentry/screening"
)

// anchoredFixture is a fixture with a Checkpointer and a Service that
// checks the chain against the checkpointer's log.
type anchoredFixture struct {
	*fixture
	cp      *records.Checkpointer
	logPath string
	svc     *records.Service
	pid     string
	auditor records.Actor
}

func newAnchored(t *testing.T) *anchoredFixture {
	t.Helper()
	f := newFixture(t)
	cp, logPath := f.checkpointer(nil)
	svc, err := records.New(records.Config{
		Store: f.store, Catalogue: forms.Builtin(), Screener: screening.DefaultScreener(), Sealer: f.sealer,
		Clock: f.clock, ClinicName: "Test Clinic", CheckpointLog: logPath,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &anchoredFixture{fixture: f, cp: cp, logPath: logPath, svc: svc, pid: f.patient(),
		auditor: actor(t, f.store, "auditor", models.RoleAuditor)}
}

// submit stores n PHQ-9s through the whole pipeline.
func (a *anchoredFixture) submit(n int) {
	a.t.Helper()
	for range n {
		if _, err := a.svc.Submit(context.Background(), a.portal, phq9(a.t, a.pid, 0, 1, 0, 1, 0, 1, 0, 1, 0)); err != nil {
			a.t.Fatal(err)
		}
	}
}

func (a *anchoredFixture) checkpoint() *records.CheckpointLine {
	a.t.Helper()
	l, err := a.cp.Checkpoint(context.Background())
	if err != nil || l == nil {
		a.t.Fatalf("checkpoint: %v, %v", l, err)
	}
	return l
}

// verify runs the API's verification (Service.VerifyChain).
func (a *anchoredFixture) verify() *models.Verification {
	a.t.Helper()
	v, err := a.svc.VerifyChain(context.Background(), a.auditor, nil)
	if err != nil {
		a.t.Fatal(err)
	}
	return v
}

// tamperDB edits the database straight, the append-only triggers lifted
// first, as someone with access to the database (a superuser) could.
func tamperDB(t *testing.T, store *models.Store, stmts ...string) {
	t.Helper()
	for _, stmt := range append(testdb.AllowEdits(store.Engine(), testdb.AppendOnlyTables...), stmts...) {
		if err := store.DB().Exec(stmt).Error; err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

// wantProblem fails unless v is not ok and names kind at subject.
func wantProblem(t *testing.T, v *models.Verification, kind, subject string) {
	t.Helper()
	if v.OK {
		t.Fatalf("verification passed: %+v", v)
	}
	for _, p := range v.Problems {
		if p.Kind == kind && (subject == "" || p.Subject == subject) {
			return
		}
	}
	t.Fatalf("problems %+v lack %s at %s", v.Problems, kind, subject)
}

func wantOK(t *testing.T, v *models.Verification, checkpoints int64) {
	t.Helper()
	if !v.OK || len(v.Problems) != 0 || v.CheckpointsChecked != checkpoints {
		t.Fatalf("verification of an untouched store: ok %v, %d checkpoints checked (want %d), problems %+v",
			v.OK, v.CheckpointsChecked, checkpoints, v.Problems)
	}
}

func TestVerifyUntouchedStoreWithCheckpoints(t *testing.T) {
	a := newAnchored(t)
	a.submit(2)
	a.checkpoint()
	a.reads(5)
	a.checkpoint()
	a.reads(3) // events after the last checkpoint are fine
	wantOK(t, a.verify(), 2)
	wantOK(t, a.verify(), 2) // and so is the event the first check recorded
}

// TestVerifyNamesDeletedTailEvents: events deleted from the end of the
// chain leave no gap in it, but the checkpoint names the loss.
func TestVerifyNamesDeletedTailEvents(t *testing.T) {
	a := newAnchored(t)
	a.submit(2)
	a.reads(4)
	cp := a.checkpoint()
	tamperDB(t, a.store, fmt.Sprintf("DELETE FROM audit_events WHERE seq > %d", cp.Seq-3))
	v := a.verify()
	wantProblem(t, v, models.ProblemRollback, fmt.Sprintf("checkpoint/%d", cp.Seq))
	if p := v.Problems[0]; !strings.Contains(p.Detail, fmt.Sprintf("ends at event %d", cp.Seq-3)) {
		t.Errorf("rollback detail %q", p.Detail)
	}
}

// TestVerifyNamesARewrittenTail: the tail deleted and the chain grown
// again past the checkpoint: the event at its seq has another hash.
func TestVerifyNamesARewrittenTail(t *testing.T) {
	a := newAnchored(t)
	a.submit(1)
	a.reads(4)
	cp := a.checkpoint()
	tamperDB(t, a.store, fmt.Sprintf("DELETE FROM audit_events WHERE seq > %d", cp.Seq-2))
	// Other events than the deleted ones (the same ones, at the fixed
	// clock's time, would hash the same: nothing would have changed).
	for range 5 {
		if err := a.store.Record(context.Background(), models.Event{Actor: a.auditor.KeyID, Role: models.RoleAuditor,
			Action: "audit.read", Subject: "audit/events"}); err != nil {
			t.Fatal(err)
		}
	}
	v := a.verify()
	wantProblem(t, v, models.ProblemCheckpointMismatch, fmt.Sprintf("checkpoint/%d", cp.Seq))
	for _, p := range v.Problems {
		if p.Kind == models.ProblemRollback {
			t.Errorf("a chain longer than the checkpoint reported as %+v", p)
		}
	}
}

// TestVerifyNamesARestoredOlderCopy: the database put back to an earlier
// state after more records were acknowledged and checkpointed. On SQLite
// the file is copied while the store is quiet and put back; on
// PostgreSQL the later rows are deleted as a superuser would, triggers
// disabled.
func TestVerifyNamesARestoredOlderCopy(t *testing.T) {
	a := newAnchored(t)
	ctx := context.Background()
	a.submit(2)
	a.checkpoint()
	before, _ := a.store.ChainHead(ctx)
	var restore func() *models.Store
	if a.store.Engine() == models.EngineSQLite {
		path := strings.TrimPrefix(a.url, "sqlite:")
		quiesce(t, a.store)
		backup := filepath.Join(t.TempDir(), "backup.db")
		copyFile(t, path, backup, -1)
		restore = func() *models.Store {
			a.store.Close()
			copyFile(t, backup, path, -1)
			os.Remove(path + "-wal")
			os.Remove(path + "-shm")
			return reopen(t, a.url)
		}
	} else {
		var sinceSub string
		restore = func() *models.Store {
			tamperDB(t, a.store,
				fmt.Sprintf("DELETE FROM documents WHERE submission_id IN (SELECT id FROM submissions WHERE id > '%s')", sinceSub),
				fmt.Sprintf("DELETE FROM consent_facts WHERE submission_id IN (SELECT id FROM submissions WHERE id > '%s')", sinceSub),
				fmt.Sprintf("DELETE FROM submissions WHERE id > '%s'", sinceSub),
				fmt.Sprintf("DELETE FROM checkpoints WHERE seq > %d", before.Seq),
				fmt.Sprintf("DELETE FROM audit_events WHERE seq > %d", before.Seq))
			return a.store
		}
		ids, _ := a.store.RecordIDs(ctx, a.pid)
		sinceSub = ids[len(ids)-1]
	}
	a.submit(2)
	a.reads(2)
	later := a.checkpoint()
	store := restore()
	v, err := records.Verify(ctx, store, records.Anchor{Log: a.logPath, Cert: a.sealer.Cert}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantProblem(t, v, models.ProblemRollback, fmt.Sprintf("checkpoint/%d", later.Seq))
	wantProblem(t, v, models.ProblemCheckpointMissing, fmt.Sprintf("checkpoint/%d", later.Seq))
	for _, p := range v.Problems {
		if p.Kind != models.ProblemRollback && p.Kind != models.ProblemCheckpointMissing {
			t.Errorf("the restored copy is otherwise whole, yet: %+v", p)
		}
	}
}

// TestVerifyNamesALostOrCutWAL (SQLite): after a crash the WAL holds the
// last acknowledged transactions; losing the -wal file, or cutting its
// end off, silently drops them, and the checkpoint names the loss.
func TestVerifyNamesALostOrCutWAL(t *testing.T) {
	if testdb.Engine() != "sqlite" {
		t.Skip("SQLite's write-ahead log")
	}
	const frame = 24 + 4096 // a WAL frame: its header and one page
	for _, tt := range []struct {
		name string
		wal  func(size int64) int64 // how much of the -wal file survives; -1 none
		// rollback: events are lost; else only the checkpoint's own row.
		rollback bool
	}{
		{"lost -wal file", func(int64) int64 { return -1 }, true},
		{"WAL cut in half", func(size int64) int64 { return size / 2 }, true},
		{"last frames of the WAL cut", func(size int64) int64 { return size - 12*frame - 100 }, true},
		{"last WAL frame cut short", func(size int64) int64 { return size - 100 }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := newAnchored(t)
			a.submit(1)
			a.checkpoint()
			path := strings.TrimPrefix(a.url, "sqlite:")
			quiesce(t, a.store) // the database file holds everything so far
			a.reads(20)
			cp := a.checkpoint() // only in the WAL, as the events it names
			// The crash: the files as they are on disk, the store idle.
			crash := filepath.Join(t.TempDir(), "consentry.db")
			copyFile(t, path, crash, -1)
			fi, err := os.Stat(path + "-wal")
			if err != nil || fi.Size() == 0 {
				t.Fatalf("no WAL to cut: %v", err)
			}
			if keep := tt.wal(fi.Size()); keep >= 0 {
				copyFile(t, path+"-wal", crash+"-wal", keep)
			}
			store := reopen(t, "sqlite:"+crash)
			v, err := records.Verify(context.Background(), store, records.Anchor{Log: a.logPath, Cert: a.sealer.Cert}, nil)
			if err != nil {
				t.Fatal(err)
			}
			head, _ := store.ChainHead(context.Background())
			if tt.rollback {
				wantProblem(t, v, models.ProblemRollback, fmt.Sprintf("checkpoint/%d", cp.Seq))
			} else {
				// The cut took the checkpoint's own row and no event: the
				// chain still reaches it, and the log names the loss.
				wantProblem(t, v, models.ProblemCheckpointMissing, fmt.Sprintf("checkpoint/%d", cp.Seq))
				if head.Seq != cp.Seq || len(v.Problems) != 1 {
					t.Errorf("chain ends at %d, problems %+v", head.Seq, v.Problems)
				}
			}
			t.Logf("chain ends at %d of %d after the crash; %+v", head.Seq, cp.Seq, v.Problems)
		})
	}
}

// TestVerifyNamesAnEditedOrGarbledLogLine: a log line whose signed bytes
// were changed no longer verifies; a line that is not a checkpoint is
// named by its number.
func TestVerifyNamesAnEditedOrGarbledLogLine(t *testing.T) {
	a := newAnchored(t)
	a.reads(3)
	first := a.checkpoint()
	a.reads(3)
	a.checkpoint()
	raw, err := os.ReadFile(a.logPath)
	if err != nil {
		t.Fatal(err)
	}
	// Move the first checkpoint back one event, as someone hiding a loss
	// would, keeping its signature.
	edited := bytes.Replace(raw, []byte(fmt.Sprintf(`"seq":%d,`, first.Seq)), []byte(fmt.Sprintf(`"seq":%d,`, first.Seq-1)), 1)
	edited = append(edited, "{\"seq\": 99, garbage\n"...)
	if err := os.WriteFile(a.logPath, edited, 0o600); err != nil {
		t.Fatal(err)
	}
	v := a.verify()
	wantProblem(t, v, models.ProblemCheckpointInvalid, "checkpoint-log/1")
	wantProblem(t, v, models.ProblemCheckpointInvalid, "checkpoint-log/3")
	// The database's copy of the first is now in no line of the log.
	wantProblem(t, v, models.ProblemCheckpointUnlogged, fmt.Sprintf("checkpoint/%d", first.Seq))
}

// TestVerifyNamesCheckpointsInOnlyOnePlace: a checkpoint deleted from the
// database, a line deleted from the log, and the log itself gone.
func TestVerifyNamesCheckpointsInOnlyOnePlace(t *testing.T) {
	a := newAnchored(t)
	a.reads(2)
	first := a.checkpoint()
	a.reads(2)
	second := a.checkpoint()
	tamperDB(t, a.store, fmt.Sprintf("DELETE FROM checkpoints WHERE seq = %d", second.Seq))
	wantProblem(t, a.verify(), models.ProblemCheckpointMissing, fmt.Sprintf("checkpoint/%d", second.Seq))

	a.reads(1)
	a.checkpoint()
	raw, _ := os.ReadFile(a.logPath)
	lines := strings.SplitAfter(string(raw), "\n")
	os.WriteFile(a.logPath, []byte(strings.Join(lines[1:], "")), 0o600)
	wantProblem(t, a.verify(), models.ProblemCheckpointUnlogged, fmt.Sprintf("checkpoint/%d", first.Seq))

	os.Remove(a.logPath)
	wantProblem(t, a.verify(), models.ProblemCheckpointUnlogged, "checkpoint-log")
}

// TestVerifyNamesAForgedStoredCheckpoint: a row added to the database's
// checkpoints that the clinic's key did not sign.
func TestVerifyNamesAForgedStoredCheckpoint(t *testing.T) {
	a := newAnchored(t)
	a.reads(2)
	cp := a.checkpoint()
	forged := &models.Checkpoint{Seq: cp.Seq + 50, Hash: cp.Hash, At: cp.Time(), Signature: cp.Signature,
		CertSHA256: cp.CertSHA256, Writer: "intruder"}
	if err := a.store.AddCheckpoint(context.Background(), forged); err != nil {
		t.Fatal(err)
	}
	v := a.verify()
	wantProblem(t, v, models.ProblemCheckpointInvalid, fmt.Sprintf("checkpoint/%d", cp.Seq+50))
	for _, p := range v.Problems {
		if p.Kind == models.ProblemRollback {
			t.Errorf("a forged checkpoint counted as a rollback: %+v", p)
		}
	}
}

// quiesce moves everything in SQLite's WAL into the database file and
// empties the WAL, so that the file alone is a whole copy.
func quiesce(t *testing.T, store *models.Store) {
	t.Helper()
	var busy, logFrames, done int
	if err := store.DB().Raw("PRAGMA wal_checkpoint(TRUNCATE)").Row().Scan(&busy, &logFrames, &done); err != nil || busy != 0 {
		t.Fatalf("wal_checkpoint: busy %d, %v", busy, err)
	}
}

// copyFile copies src to dst, only its first n bytes when n >= 0.
func copyFile(t *testing.T, src, dst string, n int64) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	var r io.Reader = in
	if n >= 0 {
		r = io.LimitReader(in, n)
	}
	if _, err := io.Copy(out, r); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func reopen(t *testing.T, url string) *models.Store {
	t.Helper()
	store, err := models.Open(url, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return store
}
