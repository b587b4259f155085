package models

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
)

// On SQLite every write goes through one writer goroutine (a group
// commit). A write is queued; the writer takes every write waiting, up to
// maxWriteBatch, and runs them in one transaction: each inside its own
// SAVEPOINT, its audit event appended last and chained to the previous
// write's, then one COMMIT, so that synchronous=FULL costs one fsync per
// batch and no request sleeps in SQLite's busy handler.
//
// Failure semantics:
//   - A write whose statements fail (a unique conflict, a lost
//     idempotency claim, a trigger's refusal) is rolled back to its
//     savepoint: only its caller gets the error, and the rest of the batch
//     goes on.
//   - A failure that says the database itself is in trouble (busy, full,
//     an I/O error: unavailable), or a failure of the COMMIT, rolls back
//     the whole batch: every caller whose write had not failed on its own
//     gets the error (ErrUnavailable when it is one), and nothing of the
//     batch is stored.
//   - A caller whose context ends before the writer starts its write is
//     taken out of the batch and gets ErrUnavailable wrapping the
//     context's error: its write is then certainly not stored. Once its
//     write has started, the caller waits for the batch's outcome,
//     whatever its context says, and gets the true answer: stored (nil)
//     or not (an error). A batch is bounded by batchTimeout.
//
// PostgreSQL keeps one transaction per write: replicas share the
// database, and appends take turns on the advisory chain lock.

// maxWriteBatch bounds the writes of one batch.
const maxWriteBatch = 256

// batchTimeout bounds one batch's transaction.
const batchTimeout = 30 * time.Second

// States of a queued write.
const (
	writeQueued int32 = iota
	writeStarted
	writeCancelled
)

// writeOp is one queued write: rows to insert and an event to append
// (a write), or an event alone (a read), or fn alone (any other write).
type writeOp struct {
	ctx   context.Context // for its values (the idempotency claim) only
	rows  []any
	ev    *Event
	read  bool // a read event: no rows, no idempotency claim
	fn    func(tx *gorm.DB) error
	state atomic.Int32
	done  chan writeResult // buffered, 1
}

type writeResult struct {
	ev  *AuditEvent
	err error
}

// writer is the SQLite store's single writer.
type writer struct {
	mu     sync.Mutex
	queue  []*writeOp
	wake   chan struct{} // cap 1
	quit   chan struct{}
	exited chan struct{}
	// Stats for benchmarks and tests.
	batches, ops atomic.Int64
}

func newWriter() *writer {
	return &writer{wake: make(chan struct{}, 1), quit: make(chan struct{}), exited: make(chan struct{})}
}

// WriteStats reports how many batches the SQLite writer has committed (or
// tried to) and how many writes they held; zero on PostgreSQL.
func (s *Store) WriteStats() (batches, writes int64) {
	if s.w == nil {
		return 0, 0
	}
	return s.w.batches.Load(), s.w.ops.Load()
}

// exec runs fn, a write without an audit event: on SQLite as one write
// of the writer's batches (in its own savepoint), elsewhere on its own.
// fn's errors are translated.
func (s *Store) exec(ctx context.Context, fn func(db *gorm.DB) error) error {
	if s.w == nil {
		return translate(fn(s.db.WithContext(ctx)))
	}
	_, err := s.submit(ctx, &writeOp{ctx: ctx, fn: fn})
	return err
}

// submit queues op and waits for its outcome (see the failure semantics
// above).
func (s *Store) submit(ctx context.Context, op *writeOp) (*AuditEvent, error) {
	op.done = make(chan writeResult, 1)
	w := s.w
	w.mu.Lock()
	select {
	case <-w.quit:
		w.mu.Unlock()
		return nil, fmt.Errorf("%w: the store is closed", ErrUnavailable)
	default:
	}
	w.queue = append(w.queue, op)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	select {
	case r := <-op.done:
		return r.ev, r.err
	case <-ctx.Done():
		if op.state.CompareAndSwap(writeQueued, writeCancelled) {
			return nil, fmt.Errorf("%w: %w", ErrUnavailable, ctx.Err())
		}
		r := <-op.done
		return r.ev, r.err
	}
}

// take removes up to maxWriteBatch queued writes, oldest first.
func (w *writer) take() []*writeOp {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := min(len(w.queue), maxWriteBatch)
	if n == 0 {
		return nil
	}
	batch := append([]*writeOp(nil), w.queue[:n]...)
	clear(w.queue[:n])
	w.queue = w.queue[n:]
	return batch
}

// runWriter is the writer goroutine.
func (s *Store) runWriter() {
	w := s.w
	defer close(w.exited)
	for {
		select {
		case <-w.wake:
		case <-w.quit:
			// Answer what is left.
			for b := w.take(); b != nil; b = w.take() {
				for _, op := range b {
					op.done <- writeResult{err: fmt.Errorf("%w: the store is closed", ErrUnavailable)}
				}
			}
			return
		}
		for b := w.take(); b != nil; b = w.take() {
			s.runBatch(b)
		}
	}
}

// stopWriter ends the writer goroutine, answering writes still queued.
func (s *Store) stopWriter() {
	if s.w == nil {
		return
	}
	s.w.mu.Lock()
	select {
	case <-s.w.quit:
	default:
		close(s.w.quit)
	}
	s.w.mu.Unlock()
	<-s.w.exited
}

// runBatch runs batch in one transaction and answers each caller.
func (s *Store) runBatch(batch []*writeOp) {
	started := batch[:0:0]
	for _, op := range batch {
		if op.state.CompareAndSwap(writeQueued, writeStarted) {
			started = append(started, op)
		}
	}
	// Cancelled ops already returned to their callers; nobody reads done.
	if len(started) == 0 {
		return
	}
	results := make([]writeResult, len(started))
	ok := make([]bool, len(started)) // the op's own statements succeeded
	s.w.batches.Add(1)
	s.w.ops.Add(int64(len(started)))

	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	fatal := func(err error) {
		err = translate(err)
		for j, op := range started {
			if !ok[j] && results[j].err != nil {
				op.done <- results[j]
				continue
			}
			op.done <- writeResult{err: err}
		}
	}
	// The batch runs on one connection with its own BEGIN and COMMIT, not
	// database/sql's Tx: a COMMIT that fails can leave SQLite's
	// transaction open, and database/sql would then hand the connection
	// back to the pool as it is. Here a failed batch is always rolled
	// back, or its connection thrown away.
	sqlDB, err := s.db.DB()
	if err != nil {
		fatal(err)
		return
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		fatal(err)
		return
	}
	defer conn.Close()
	tx := s.db.Session(&gorm.Session{NewDB: true, Context: ctx})
	tx.Statement.ConnPool = conn
	abort := func(err error) {
		if rerr := tx.Exec("ROLLBACK").Error; rerr != nil && !strings.Contains(rerr.Error(), "no transaction is active") {
			// Not known to be rolled back: never reuse the connection.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		fatal(err)
	}
	if err := tx.Exec("BEGIN IMMEDIATE").Error; err != nil {
		fatal(err)
		return
	}
	// The head of the chain: BEGIN IMMEDIATE holds SQLite's write lock,
	// so nobody else appends until the commit.
	var head AuditEvent
	if err := tx.Order("seq DESC").Limit(1).Find(&head).Error; err != nil {
		abort(err)
		return
	}
	prev, seq := GenesisHash, int64(1)
	if head.Seq > 0 {
		prev, seq = head.Hash, head.Seq+1
	}
	// Read events need no savepoint (a read's insert fails only when the
	// database does): a run of them is appended in one insert.
	var reads []*AuditEvent
	var readIdx []int
	flushReads := func() error {
		if len(reads) == 0 {
			return nil
		}
		if err := tx.Create(reads).Error; err != nil {
			return err
		}
		for i, j := range readIdx {
			ok[j], results[j] = true, writeResult{ev: reads[i]}
		}
		reads, readIdx = nil, nil
		return nil
	}
	for j, op := range started {
		if op.read {
			e := s.newEvent(op.ev, prev, seq)
			reads, readIdx = append(reads, e), append(readIdx, j)
			prev, seq = e.Hash, e.Seq+1
			continue
		}
		if err := flushReads(); err != nil {
			abort(err)
			return
		}
		optx := tx.WithContext(context.WithoutCancel(op.ctx))
		if err := optx.Exec("SAVEPOINT w").Error; err != nil {
			abort(err)
			return
		}
		e, err := s.applyOp(optx, op, prev, seq)
		if err == nil {
			if err := optx.Exec("RELEASE SAVEPOINT w").Error; err != nil {
				abort(err)
				return
			}
			ok[j] = true
			results[j] = writeResult{ev: e}
			if e != nil {
				prev, seq = e.Hash, e.Seq+1
			}
			continue
		}
		if !errors.Is(err, ErrClaimLost) && unavailable(err) {
			// The database is in trouble, and SQLite may have rolled
			// back the whole transaction already.
			abort(err)
			return
		}
		results[j] = writeResult{err: translate(err)}
		if err := optx.Exec("ROLLBACK TO SAVEPOINT w").Error; err != nil {
			abort(err)
			return
		}
		if err := optx.Exec("RELEASE SAVEPOINT w").Error; err != nil {
			abort(err)
			return
		}
	}
	if err := flushReads(); err != nil {
		abort(err)
		return
	}
	if err := tx.Exec("COMMIT").Error; err != nil {
		abort(err)
		return
	}
	for j, op := range started {
		op.done <- results[j]
	}
}

// applyOp runs one write's statements inside its savepoint, its event
// (if any) appended as seq after prev.
// A panic in the write fails that write alone, as it would have failed
// its own request before the writer, rather than the whole process.
func (s *Store) applyOp(tx *gorm.DB, op *writeOp, prev string, seq int64) (e *AuditEvent, err error) {
	defer func() {
		if p := recover(); p != nil {
			e, err = nil, fmt.Errorf("models: write panicked: %v", p)
		}
	}()
	if op.fn != nil {
		if err := op.fn(tx); err != nil {
			return nil, err
		}
	}
	for _, row := range op.rows {
		if err := tx.Create(row).Error; err != nil {
			return nil, err
		}
	}
	if !op.read && op.ev != nil {
		if err := markCommitted(tx); err != nil {
			return nil, err
		}
	}
	if op.ev == nil {
		return nil, nil
	}
	e = s.newEvent(op.ev, prev, seq)
	if err := tx.Create(e).Error; err != nil {
		return nil, err
	}
	if err := s.enqueueWebhooks(tx, op.ev.PatientID, e.Seq, e.At, op.ev.Webhooks); err != nil {
		return nil, err
	}
	return e, nil
}

// newEvent is ev as event seq of the chain, after prev.
func (s *Store) newEvent(ev *Event, prev string, seq int64) *AuditEvent {
	e := &AuditEvent{
		Seq: seq, At: s.now(), Actor: ev.Actor, Role: ev.Role, Action: ev.Action,
		Subject: ev.Subject, PatientID: ev.PatientID, IP: ev.IP, UserAgent: ev.UserAgent,
		DataHash: ev.DataHash, PrevHash: prev,
	}
	e.Hash = e.ComputeHash()
	return e
}
