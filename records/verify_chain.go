package records

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"

	"github.com/consentry/consentry/models"
)

// ChainStore is what chain verification needs of the database;
// *models.Store is the one implementation.
type ChainStore interface {
	Verify(ctx context.Context, progress func(int64)) (*models.Verification, error)
	ChainHead(ctx context.Context) (*models.AuditEvent, error)
	Checkpoints(ctx context.Context, fn func([]models.Checkpoint) error) error
	EventHashes(ctx context.Context, seqs []int64) (map[int64]string, error)
}

// Anchor is what the chain is checked against beyond itself: the
// checkpoint log (the authority, kept outside the database) and the
// clinic's certificate that signs the checkpoints.
type Anchor struct {
	// Log is the checkpoint log's path; "" checks the database's
	// checkpoints only.
	Log string
	// Cert verifies every checkpoint's signature.
	Cert *x509.Certificate
}

// anchored is one distinct checkpoint, from the log, the database or both.
type anchored struct {
	line        *CheckpointLine
	inLog, inDB bool
	logLine     int
	writer      string
}

// Verify recomputes the audit chain and every stored record's hashes
// (models.Store.Verify), then checks the chain against the signed
// checkpoints in anchor's log and in the database: every checkpoint's
// signature, the event at its seq and its hash, and that the log and the
// database hold the same checkpoints. A chain that ends before a
// checkpoint is a ProblemRollback: events the clinic once signed for are
// gone. It records nothing; Service.VerifyChain records the check.
func Verify(ctx context.Context, store ChainStore, anchor Anchor, progress func(done int64)) (*models.Verification, error) {
	v, err := store.Verify(ctx, progress)
	if err != nil {
		return nil, err
	}
	add := func(kind, subject, format string, args ...any) {
		if len(v.Problems) < models.MaxProblems {
			v.Problems = append(v.Problems, models.VerifyProblem{Kind: kind, Subject: subject, Detail: fmt.Sprintf(format, args...)})
		}
	}
	seen := map[string]*anchored{}
	logWriters := map[string]bool{}
	logMissing := false
	if anchor.Log != "" {
		err := readCheckpointLog(anchor.Log, func(n int, line []byte) {
			subject := fmt.Sprintf("checkpoint-log/%d", n)
			l, err := ParseCheckpointLine(line)
			if err != nil {
				add(models.ProblemCheckpointInvalid, subject, "line %d of the checkpoint log is not a checkpoint: %v", n, err)
				return
			}
			if err := VerifyCheckpoint(l, anchor.Cert); err != nil {
				add(models.ProblemCheckpointInvalid, subject, "line %d of the checkpoint log (checkpoint %d): %v", n, l.Seq, err)
				return
			}
			logWriters[l.Writer] = true
			if a := seen[l.ID()]; a != nil {
				return // the same statement twice (a shared log, a retry)
			}
			seen[l.ID()] = &anchored{line: l, inLog: true, logLine: n, writer: l.Writer}
		})
		switch {
		case errors.Is(err, fs.ErrNotExist):
			logMissing = true
		case err != nil:
			return nil, fmt.Errorf("records: read the checkpoint log: %w", err)
		}
	}
	alg := ""
	if anchor.Cert != nil {
		alg = algOf(anchor.Cert)
	}
	var stored int64
	err = store.Checkpoints(ctx, func(batch []models.Checkpoint) error {
		for i := range batch {
			c := &batch[i]
			stored++
			l := lineOf(c, alg)
			if err := VerifyCheckpoint(l, anchor.Cert); err != nil {
				add(models.ProblemCheckpointInvalid, fmt.Sprintf("checkpoint/%d", c.Seq),
					"the database's checkpoint %d (made %s): %v", c.Seq, l.At, err)
				continue
			}
			if a := seen[c.ID]; a != nil {
				a.inDB = true
				continue
			}
			seen[c.ID] = &anchored{line: l, inDB: true, writer: c.Writer}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	all := make([]*anchored, 0, len(seen))
	for _, a := range seen {
		all = append(all, a)
	}
	slices.SortFunc(all, func(a, b *anchored) int {
		if a.line.Seq != b.line.Seq {
			return int(min(max(a.line.Seq-b.line.Seq, -1), 1))
		}
		return bytes.Compare([]byte(a.line.At), []byte(b.line.At))
	})
	v.CheckpointsChecked = int64(len(all))

	// The log and the database hold the same checkpoints. A stored
	// checkpoint whose writer never wrote to this log was logged by
	// another replica, elsewhere.
	if anchor.Log != "" {
		if logMissing && stored > 0 {
			add(models.ProblemCheckpointUnlogged, "checkpoint-log",
				"the checkpoint log %s does not exist, but the database holds %d checkpoints", anchor.Log, stored)
		}
		for _, a := range all {
			subject := fmt.Sprintf("checkpoint/%d", a.line.Seq)
			switch {
			case a.inLog && !a.inDB:
				add(models.ProblemCheckpointMissing, subject,
					"checkpoint %d (made %s, line %d of the checkpoint log) is not in the database", a.line.Seq, a.line.At, a.logLine)
			case a.inDB && !a.inLog && logWriters[a.writer]:
				add(models.ProblemCheckpointUnlogged, subject,
					"checkpoint %d (made %s) is in the database but not in the checkpoint log its writer appends to", a.line.Seq, a.line.At)
			}
		}
	}

	// The chain reaches every checkpoint, and agrees with it.
	var headSeq int64
	head, err := store.ChainHead(ctx)
	switch {
	case err == nil:
		headSeq = head.Seq
	case !errors.Is(err, models.ErrNotFound):
		return nil, err
	}
	var within []int64
	var beyond []*anchored
	for _, a := range all {
		if a.line.Seq > headSeq {
			beyond = append(beyond, a)
		} else {
			within = append(within, a.line.Seq)
		}
	}
	if len(beyond) > 0 {
		last := beyond[len(beyond)-1]
		add(models.ProblemRollback, fmt.Sprintf("checkpoint/%d", last.line.Seq),
			"the chain ends at event %d, but checkpoint %d (made %s, %s) states that it reached event %d with hash %s: "+
				"at least %d acknowledged events are gone (an older copy of the database restored, its WAL lost or cut, or its tail deleted); "+
				"%d checkpoints lie beyond the end, the first at event %d",
			headSeq, last.line.Seq, last.line.At, where(last), last.line.Seq, last.line.Hash,
			last.line.Seq-headSeq, len(beyond), beyond[0].line.Seq)
	}
	hashes, err := store.EventHashes(ctx, slices.Compact(within))
	if err != nil {
		return nil, err
	}
	for _, a := range all {
		if a.line.Seq > headSeq {
			continue
		}
		subject := fmt.Sprintf("checkpoint/%d", a.line.Seq)
		got, ok := hashes[a.line.Seq]
		switch {
		case !ok:
			add(models.ProblemCheckpointMismatch, subject,
				"checkpoint %d (made %s, %s) names event %d, which the chain no longer holds", a.line.Seq, a.line.At, where(a), a.line.Seq)
		case got != a.line.Hash:
			add(models.ProblemCheckpointMismatch, subject,
				"event %d has hash %s, but checkpoint %d (made %s, %s) signed %s: the chain was rewritten from there on",
				a.line.Seq, got, a.line.Seq, a.line.At, where(a), a.line.Hash)
		}
	}
	v.OK = len(v.Problems) == 0
	return v, nil
}

// where says where a checkpoint was found.
func where(a *anchored) string {
	switch {
	case a.inLog && a.inDB:
		return fmt.Sprintf("line %d of the checkpoint log and the database", a.logLine)
	case a.inLog:
		return fmt.Sprintf("line %d of the checkpoint log", a.logLine)
	default:
		return "the database"
	}
}

// readCheckpointLog calls fn with each line of the log at path (numbered
// from 1, without its newline). A line too long to be a checkpoint, and a
// last line without its newline (a write cut short), are passed on as
// they are, for fn to refuse.
func readCheckpointLog(path string, fn func(n int, line []byte)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// Too long: skip to the end of it.
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.ReadSlice('\n')
			}
			fn(n, bytes.Repeat([]byte{'x'}, maxCheckpointLine+1))
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			continue
		}
		if errors.Is(err, io.EOF) {
			if len(line) > 0 {
				fn(n, line) // no newline: cut short
			}
			return nil
		}
		if err != nil {
			return err
		}
		fn(n, bytes.TrimSuffix(line, []byte("\n")))
	}
}
