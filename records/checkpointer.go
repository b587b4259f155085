package records

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/consentry/consentry/models"
)

// Timestamper gets RFC 3161 time-stamp tokens from a time-stamping
// authority. It is the method set of seal.Timestamper, declared here so
// that a Checkpointer takes any implementation.
type Timestamper interface {
	// Timestamp returns a DER RFC 3161 time-stamp token over a SHA-256
	// digest.
	Timestamp(ctx context.Context, digest []byte) ([]byte, error)
}

// CheckpointStore is what a Checkpointer needs of the database;
// *models.Store is the one implementation.
type CheckpointStore interface {
	ChainHead(ctx context.Context) (*models.AuditEvent, error)
	LatestCheckpoint(ctx context.Context) (*models.Checkpoint, error)
	AddCheckpoint(ctx context.Context, c *models.Checkpoint) error
}

// Defaults of a CheckpointConfig.
const (
	DefaultCheckpointEvery    = 1000
	DefaultCheckpointInterval = time.Minute
	defaultWitnessTimeout     = 5 * time.Second
	defaultTimestampTimeout   = 10 * time.Second
)

// CheckpointConfig is what a Checkpointer is made of; cmd builds it.
type CheckpointConfig struct {
	Store CheckpointStore
	// Key signs the checkpoints and Cert is its certificate: the clinic's
	// sealing key (seal.Sealer's Key and Cert), ECDSA or RSA.
	Key  crypto.Signer
	Cert *x509.Certificate
	// Log is the checkpoint log's path: one JSON line per checkpoint,
	// appended and fsynced. Put it outside the database's disk, or on a
	// write-once store.
	Log string
	// Witness, if not empty, is a URL each checkpoint's line is POSTed to
	// (application/json); failures are logged, never fatal.
	Witness        string
	WitnessTimeout time.Duration // default 5 s
	// Timestamper, if not nil, time-stamps each checkpoint; when it
	// fails the checkpoint is stored without a token, and that is logged.
	Timestamper Timestamper
	// Every and Interval: Run makes a checkpoint once the head is Every
	// events past the last checkpoint, or Interval after it if the head
	// moved at all, whichever comes first (defaults 1000 events, 60 s).
	Every    int64
	Interval time.Duration
	// Clock stamps each checkpoint (default the system clock).
	Clock models.Clock
	// Logger hears about failures (default: nowhere).
	Logger *slog.Logger
}

// Checkpointer makes signed checkpoints of the audit chain's head and
// keeps them in the database and in the checkpoint log outside it, so
// that a chain cut short (a WAL lost or truncated, an older copy of the
// database restored, tail events deleted) is found by verification. It
// is safe for concurrent use; several replicas on one PostgreSQL may each
// run one.
type Checkpointer struct {
	cfg    CheckpointConfig
	alg    string
	cert   string // hex SHA-256 of Cert
	writer string
	client *http.Client

	mu      sync.Mutex
	log     *os.File
	pending []*models.Checkpoint // logged, not yet stored
	closed  bool
}

// NewCheckpointer checks cfg and opens (creating) the checkpoint log for
// appending.
func NewCheckpointer(cfg CheckpointConfig) (*Checkpointer, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("records: checkpoints: no store")
	case cfg.Key == nil || cfg.Cert == nil:
		return nil, errors.New("records: checkpoints: no signing key and certificate")
	case cfg.Log == "":
		return nil, errors.New("records: checkpoints: no checkpoint log path")
	}
	alg := algOf(cfg.Cert)
	if alg == "" {
		return nil, fmt.Errorf("records: checkpoints: the certificate's key is neither ECDSA nor RSA (%T)", cfg.Cert.PublicKey)
	}
	if cfg.Every <= 0 {
		cfg.Every = DefaultCheckpointEvery
	}
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultCheckpointInterval
	}
	if cfg.WitnessTimeout <= 0 {
		cfg.WitnessTimeout = defaultWitnessTimeout
	}
	if cfg.Clock == nil {
		cfg.Clock = models.SystemClock
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(filepath.Dir(cfg.Log), 0o700); err != nil {
		return nil, fmt.Errorf("records: checkpoint log: %w", err)
	}
	f, err := os.OpenFile(cfg.Log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("records: checkpoint log: %w", err)
	}
	var w [8]byte
	if _, err := rand.Read(w[:]); err != nil {
		f.Close()
		return nil, err
	}
	sum := sha256.Sum256(cfg.Cert.Raw)
	return &Checkpointer{
		cfg: cfg, alg: alg, cert: hex.EncodeToString(sum[:]), writer: hex.EncodeToString(w[:]),
		client: &http.Client{Timeout: cfg.WitnessTimeout}, log: f,
	}, nil
}

// Writer is the name this Checkpointer gives its checkpoints.
func (c *Checkpointer) Writer() string { return c.writer }

// Checkpoint signs the chain's head now and keeps the checkpoint: first
// in the log (fsynced), then in the database, then at the witness. It
// returns nil and no error when the chain is empty or its head is the
// newest stored checkpoint's.
func (c *Checkpointer) Checkpoint(ctx context.Context) (*CheckpointLine, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errors.New("records: checkpoints: closed")
	}
	return c.checkpoint(ctx)
}

func (c *Checkpointer) checkpoint(ctx context.Context) (*CheckpointLine, error) {
	if err := c.storePending(ctx); err != nil {
		return nil, err
	}
	head, err := c.cfg.Store.ChainHead(ctx)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	last, err := c.cfg.Store.LatestCheckpoint(ctx)
	switch {
	case errors.Is(err, models.ErrNotFound):
	case err != nil:
		return nil, err
	case last.Seq == head.Seq && last.Hash == head.Hash:
		return nil, nil
	}
	at := c.cfg.Clock.Now().UTC().Truncate(time.Microsecond)
	signed := models.CheckpointBytes(head.Seq, head.Hash, at)
	digest := sha256.Sum256(signed)
	sig, err := c.cfg.Key.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("records: sign the checkpoint: %w", err)
	}
	line := &CheckpointLine{
		Seq: head.Seq, Hash: head.Hash, At: at.Format(models.CheckpointTimeLayout), Alg: c.alg,
		Signature: base64.StdEncoding.EncodeToString(sig), CertSHA256: c.cert, Writer: c.writer,
	}
	if ts := c.cfg.Timestamper; ts != nil {
		tctx, cancel := context.WithTimeout(ctx, defaultTimestampTimeout)
		tok, err := ts.Timestamp(tctx, digest[:])
		cancel()
		if err != nil {
			c.cfg.Logger.Warn("the time-stamping authority failed; the checkpoint is kept without a time-stamp",
				"seq", head.Seq, "error", err.Error())
		} else {
			line.TimestampToken = base64.StdEncoding.EncodeToString(tok)
		}
	}
	body, err := json.Marshal(line)
	if err != nil {
		return nil, err
	}
	if err := c.appendLine(body); err != nil {
		return nil, err
	}
	c.pending = append(c.pending, &models.Checkpoint{
		ID: line.ID(), Seq: line.Seq, Hash: line.Hash, At: at, Signature: line.Signature,
		CertSHA256: line.CertSHA256, TimestampToken: line.TimestampToken, Writer: line.Writer,
	})
	if err := c.storePending(ctx); err != nil {
		return line, err
	}
	c.witness(ctx, body)
	return line, nil
}

// appendLine writes one line to the log in one write and fsyncs it.
func (c *Checkpointer) appendLine(body []byte) error {
	if _, err := c.log.Write(append(body, '\n')); err != nil {
		return fmt.Errorf("records: append to the checkpoint log: %w", err)
	}
	if err := c.log.Sync(); err != nil {
		return fmt.Errorf("records: fsync the checkpoint log: %w", err)
	}
	return nil
}

// storePending stores the checkpoints already logged but not yet in the
// database (the database was away), oldest first.
func (c *Checkpointer) storePending(ctx context.Context) error {
	for len(c.pending) > 0 {
		if err := c.cfg.Store.AddCheckpoint(ctx, c.pending[0]); err != nil {
			return fmt.Errorf("records: store checkpoint %d (it is in the log; storing is retried): %w", c.pending[0].Seq, err)
		}
		c.pending = c.pending[1:]
	}
	return nil
}

// witness posts a checkpoint's line to the witness, if there is one.
func (c *Checkpointer) witness(ctx context.Context, body []byte) {
	if c.cfg.Witness == "" {
		return
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.Witness, bytes.NewReader(body))
	if err != nil {
		c.cfg.Logger.Warn("checkpoint witness", "error", err.Error())
		return
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		c.cfg.Logger.Warn("the checkpoint witness did not take the checkpoint", "error", err.Error())
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		c.cfg.Logger.Warn("the checkpoint witness refused the checkpoint", "status", resp.StatusCode)
	}
}

// Run makes checkpoints until ctx ends: once the head is Every events past
// the newest stored checkpoint, or Interval after that checkpoint if the
// head moved at all. It looks at the head every second (or every
// Interval, if shorter). Failures are logged and tried again at the next
// look.
func (c *Checkpointer) Run(ctx context.Context) {
	poll := min(c.cfg.Interval, time.Second)
	t := time.NewTicker(poll)
	defer t.Stop()
	started := c.cfg.Clock.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := c.tick(ctx, started); err != nil && ctx.Err() == nil {
			c.cfg.Logger.Error("checkpoint", "error", err.Error())
		}
	}
}

// tick makes a checkpoint if one is due.
func (c *Checkpointer) tick(ctx context.Context, started time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	if len(c.pending) > 0 {
		if err := c.storePending(ctx); err != nil {
			return err
		}
	}
	head, err := c.cfg.Store.ChainHead(ctx)
	if errors.Is(err, models.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	lastSeq, lastHash, lastAt := int64(0), "", started
	last, err := c.cfg.Store.LatestCheckpoint(ctx)
	switch {
	case err == nil:
		lastSeq, lastHash, lastAt = last.Seq, last.Hash, last.At
	case !errors.Is(err, models.ErrNotFound):
		return err
	}
	moved := head.Seq != lastSeq || head.Hash != lastHash
	due := head.Seq-lastSeq >= c.cfg.Every || c.cfg.Clock.Now().Sub(lastAt) >= c.cfg.Interval
	if !moved || !due {
		return nil
	}
	_, err = c.checkpoint(ctx)
	return err
}

// Close makes a last checkpoint if the head moved, and closes the log.
// Call it when the server shuts down, after the last request.
func (c *Checkpointer) Close(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	_, err := c.checkpoint(ctx)
	c.closed = true
	if cerr := c.log.Close(); err == nil {
		err = cerr
	}
	return err
}
