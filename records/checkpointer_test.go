package records_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// checkpointer is a Checkpointer on the fixture's store, signing with the
// fixture's sealer, logging to a new file.
func (f *fixture) checkpointer(mod func(*records.CheckpointConfig)) (*records.Checkpointer, string) {
	f.t.Helper()
	cfg := records.CheckpointConfig{
		Store: f.store, Key: f.sealer.Key, Cert: f.sealer.Cert,
		Log: filepath.Join(f.t.TempDir(), "anchor", "checkpoints.jsonl"), Clock: f.clock,
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := records.NewCheckpointer(cfg)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { c.Close(context.Background()) })
	return c, cfg.Log
}

// read appends n read events to the chain.
func (f *fixture) reads(n int) {
	f.t.Helper()
	for range n {
		if err := f.store.Record(context.Background(), models.Event{Actor: f.portal.KeyID, Role: models.RolePortal,
			Action: "patient.read", Subject: "patient/x"}); err != nil {
			f.t.Fatal(err)
		}
	}
}

// logLines returns the checkpoint log's lines, parsed.
func logLines(t *testing.T, path string) []*records.CheckpointLine {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []*records.CheckpointLine
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		l, err := records.ParseCheckpointLine(sc.Bytes())
		if err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		out = append(out, l)
	}
	return out
}

func (f *fixture) storedCheckpoints() []models.Checkpoint {
	f.t.Helper()
	var out []models.Checkpoint
	if err := f.store.Checkpoints(context.Background(), func(b []models.Checkpoint) error {
		out = append(out, b...)
		return nil
	}); err != nil {
		f.t.Fatal(err)
	}
	return out
}

// TestCheckpointSignsTheHeadOnceItMoved: a checkpoint names the head's seq
// and hash, is signed by the clinic's certificate, lands in the log and
// the table alike, and is made again only once the head moved.
func TestCheckpointSignsTheHeadOnceItMoved(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c, logPath := f.checkpointer(nil)
	f.reads(3)
	line, err := c.Checkpoint(ctx)
	if err != nil || line == nil {
		t.Fatalf("Checkpoint = %v, %v", line, err)
	}
	head, _ := f.store.ChainHead(ctx)
	if line.Seq != head.Seq || line.Hash != head.Hash || line.At != now.Format(models.CheckpointTimeLayout) || line.Writer != c.Writer() {
		t.Errorf("checkpoint %+v, head %d %s", line, head.Seq, head.Hash)
	}
	if err := records.VerifyCheckpoint(line, f.sealer.Cert); err != nil {
		t.Errorf("VerifyCheckpoint: %v", err)
	}
	if again, err := c.Checkpoint(ctx); again != nil || err != nil {
		t.Errorf("a checkpoint of an unmoved head: %v, %v", again, err)
	}
	f.reads(1)
	if next, err := c.Checkpoint(ctx); err != nil || next == nil || next.Seq != head.Seq+1 {
		t.Errorf("after one more event: %+v, %v", next, err)
	}
	lines, stored := logLines(t, logPath), f.storedCheckpoints()
	if len(lines) != 2 || len(stored) != 2 {
		t.Fatalf("%d log lines, %d stored checkpoints, want 2 and 2", len(lines), len(stored))
	}
	for i := range lines {
		if lines[i].ID() != stored[i].ID || lines[i].Signature != stored[i].Signature {
			t.Errorf("line %d %+v differs from stored %+v", i, lines[i], stored[i])
		}
	}
	// No patient data: nothing but the chain's own numbers and hashes.
	raw, _ := os.ReadFile(logPath)
	for _, secret := range []string{"Nguyễn", "Thị Minh", "MRN-1", "patient/"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the checkpoint log holds %q", secret)
		}
	}
	if fi, _ := os.Stat(logPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("checkpoint log mode %v", fi.Mode().Perm())
	}
}

// TestCheckpointOnEmptyChain: nothing to sign, nothing written.
func TestCheckpointOnEmptyChain(t *testing.T) {
	f := newFixture(t)
	// The fixture made a key, which is no event: the chain is empty.
	c, logPath := f.checkpointer(nil)
	if line, err := c.Checkpoint(context.Background()); line != nil || err != nil {
		t.Fatalf("Checkpoint of an empty chain: %v, %v", line, err)
	}
	if data, _ := os.ReadFile(logPath); len(data) != 0 {
		t.Errorf("log %q", data)
	}
}

// TestCheckpointCloseSignsTheLastHead: Close, as serve's shutdown calls
// it, checkpoints a head that moved, and then refuses more.
func TestCheckpointCloseSignsTheLastHead(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c, logPath := f.checkpointer(nil)
	f.reads(2)
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	head, _ := f.store.ChainHead(ctx)
	if lines := logLines(t, logPath); len(lines) != 1 || lines[0].Seq != head.Seq {
		t.Fatalf("log after Close: %+v", lines)
	}
	if _, err := c.Checkpoint(ctx); err == nil {
		t.Error("Checkpoint after Close: no error")
	}
}

// TestCheckpointRunEveryNEventsOrInterval: Run checkpoints once Every
// events have been appended, and once Interval has passed if the head
// moved; never when it did not.
func TestCheckpointRunEveryNEventsOrInterval(t *testing.T) {
	t.Run("events", func(t *testing.T) {
		f := newFixture(t)
		c, logPath := f.checkpointer(func(cfg *records.CheckpointConfig) {
			cfg.Every, cfg.Interval, cfg.Clock = 5, time.Hour, models.SystemClock
		})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { c.Run(ctx); close(done) }()
		defer func() { cancel(); <-done }()
		f.reads(4)
		time.Sleep(1300 * time.Millisecond)
		if data, _ := os.ReadFile(logPath); len(data) != 0 {
			t.Fatalf("checkpoint after 4 events of 5: %s", data)
		}
		f.reads(1)
		waitFor(t, func() bool { return len(logLines(t, logPath)) == 1 })
		if l := logLines(t, logPath)[0]; l.Seq != 5 {
			t.Errorf("checkpoint at %d, want 5", l.Seq)
		}
	})
	t.Run("interval", func(t *testing.T) {
		f := newFixture(t)
		c, logPath := f.checkpointer(func(cfg *records.CheckpointConfig) {
			cfg.Every, cfg.Interval, cfg.Clock = 1000, 150*time.Millisecond, models.SystemClock
		})
		f.reads(1)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { c.Run(ctx); close(done) }()
		defer func() { cancel(); <-done }()
		waitFor(t, func() bool { return len(logLines(t, logPath)) == 1 })
		time.Sleep(500 * time.Millisecond)
		if n := len(logLines(t, logPath)); n != 1 {
			t.Fatalf("%d checkpoints of a head that did not move", n)
		}
		f.reads(1)
		waitFor(t, func() bool { return len(logLines(t, logPath)) == 2 })
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stamper is a time-stamping authority that answers with fixed bytes, or
// fails.
type stamper struct {
	fail    bool
	digests [][]byte
}

func (s *stamper) Timestamp(_ context.Context, digest []byte) ([]byte, error) {
	s.digests = append(s.digests, digest)
	if s.fail {
		return nil, errors.New("TSA unreachable")
	}
	return []byte("token over " + base64.StdEncoding.EncodeToString(digest)), nil
}

// TestCheckpointTimestamps: with a TSA each checkpoint carries its token
// over the SHA-256 of the signed bytes; a failing TSA leaves the
// checkpoint unstamped, logged, and kept.
func TestCheckpointTimestamps(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tsa := &stamper{}
	c, _ := f.checkpointer(func(cfg *records.CheckpointConfig) { cfg.Timestamper = tsa })
	f.reads(1)
	line, err := c.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := base64.StdEncoding.DecodeString(line.TimestampToken)
	if len(tsa.digests) != 1 || string(tok) != "token over "+base64.StdEncoding.EncodeToString(tsa.digests[0]) {
		t.Errorf("token %q for digests %x", tok, tsa.digests)
	}
	if sum := sha256Of(line.SignedBytes()); !bytes.Equal(tsa.digests[0], sum) {
		t.Error("the TSA was not asked about the SHA-256 of the signed bytes")
	}

	var logs bytes.Buffer
	failing := &stamper{fail: true}
	c2, logPath := f.checkpointer(func(cfg *records.CheckpointConfig) {
		cfg.Timestamper, cfg.Logger = failing, slog.New(slog.NewTextHandler(&logs, nil))
	})
	f.reads(1)
	line, err = c2.Checkpoint(ctx)
	if err != nil || line == nil || line.TimestampToken != "" {
		t.Fatalf("checkpoint with a failing TSA: %+v, %v", line, err)
	}
	if len(logLines(t, logPath)) != 1 || !strings.Contains(logs.String(), "TSA unreachable") {
		t.Errorf("log %q", logs.String())
	}
}

// TestCheckpointWitness: each checkpoint's line is posted to the witness;
// a witness that fails or is away never stops a checkpoint.
func TestCheckpointWitness(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var (
		mu     sync.Mutex
		bodies []string
		status = http.StatusAccepted
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if r.Method == http.MethodPost && r.Header.Get("Content-Type") == "application/json" {
			bodies = append(bodies, string(b))
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	var logs bytes.Buffer
	c, logPath := f.checkpointer(func(cfg *records.CheckpointConfig) {
		cfg.Witness, cfg.Logger = srv.URL, slog.New(slog.NewTextHandler(&logs, nil))
	})
	f.reads(1)
	if _, err := c.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(logPath)
	mu.Lock()
	got := append([]string(nil), bodies...)
	status = http.StatusInternalServerError
	mu.Unlock()
	if len(got) != 1 || got[0]+"\n" != string(raw) {
		t.Fatalf("witness got %q, log holds %q", got, raw)
	}
	f.reads(1)
	if line, err := c.Checkpoint(ctx); err != nil || line == nil {
		t.Fatalf("with a failing witness: %v, %v", line, err)
	}
	if !strings.Contains(logs.String(), "refused") {
		t.Errorf("a refusing witness is not logged: %q", logs.String())
	}
	srv.Close()
	f.reads(1)
	if line, err := c.Checkpoint(ctx); err != nil || line == nil {
		t.Fatalf("with the witness away: %v, %v", line, err)
	}
	if n := len(logLines(t, logPath)); n != 3 {
		t.Errorf("%d checkpoints logged, want 3", n)
	}
}

// TestCheckpointRSA: a clinic with an RSA key signs PKCS #1 v1.5 over
// SHA-256, and the line verifies.
func TestCheckpointRSA(t *testing.T) {
	f := newFixture(t)
	key, cert := rsaCert(t)
	c, _ := f.checkpointer(func(cfg *records.CheckpointConfig) { cfg.Key, cfg.Cert = key, cert })
	f.reads(1)
	line, err := c.Checkpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if line.Alg != records.CheckpointRSA || records.VerifyCheckpoint(line, cert) != nil {
		t.Errorf("RSA checkpoint %+v: %v", line, records.VerifyCheckpoint(line, cert))
	}
	if records.VerifyCheckpoint(line, f.sealer.Cert) == nil {
		t.Error("an RSA checkpoint verifies with another certificate")
	}
}

func rsaCert(t *testing.T) (crypto.Signer, *x509.Certificate) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "RSA clinic"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return key, cert
}

// TestCheckpointChecksWithOpenSSL follows the README's recipe: the signed
// bytes from jq, the signature from base64, openssl dgst -verify with
// the certificate's public key.
func TestCheckpointChecksWithOpenSSL(t *testing.T) {
	for _, tool := range []string{"openssl", "jq", "base64"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	f := newFixture(t)
	ecKey, ecCert := f.sealer.Key, f.sealer.Cert
	rsaKey, rsaCrt := rsaCert(t)
	for name, kc := range map[string]struct {
		key  crypto.Signer
		cert *x509.Certificate
	}{"ecdsa": {ecKey, ecCert}, "rsa": {rsaKey, rsaCrt}} {
		t.Run(name, func(t *testing.T) {
			c, logPath := f.checkpointer(func(cfg *records.CheckpointConfig) { cfg.Key, cfg.Cert = kc.key, kc.cert })
			f.reads(1)
			if _, err := c.Checkpoint(context.Background()); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			certPEM := filepath.Join(dir, "clinic.pem")
			os.WriteFile(certPEM, pemCert(kc.cert), 0o600)
			script := `set -e
line=$(tail -n 1 "$LOG")
printf '%s' "$line" | jq -j -c '[.seq,.hash,.at]' > cp.bin
printf '%s' "$line" | jq -r .signature | base64 -d > cp.sig
openssl x509 -in clinic.pem -pubkey -noout > clinic.pub
openssl dgst -sha256 -verify clinic.pub -signature cp.sig cp.bin`
			cmd := exec.Command("sh", "-c", script)
			cmd.Dir, cmd.Env = dir, append(os.Environ(), "LOG="+logPath)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "Verified OK") {
				t.Fatalf("openssl: %v\n%s", err, out)
			}
		})
	}
}

func sha256Of(b []byte) []byte {
	sum := sha256.Sum256(b)
	return sum[:]
}

func pemCert(c *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}
