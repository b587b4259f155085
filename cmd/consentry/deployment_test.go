package main

// A deployment for the replica tests: the binary built once, replicas
// started as processes on one database, and the calls clients make.

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"maps"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/internal/testdb"
	"github.com/consentry/consentry/models"
)

// requirePostgres skips t unless the run is for PostgreSQL and not -short.
func requirePostgres(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping in -short mode: builds the binary and runs PostgreSQL servers")
	}
	if testdb.Engine() != "postgres" {
		t.Skip("runs with CONSENTRY_TEST_DATABASE=postgres")
	}
}

// buildBinary compiles the consentry command into a temporary directory
// and returns its path.
func buildBinary(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the binary: %v", err)
	}
	out := filepath.Join(t.TempDir(), "consentry")
	cmd := exec.Command(goCmd, "build", "-o", out, "./cmd/consentry")
	cmd.Dir = filepath.Join("..", "..")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return out
}

// writeSigningKey writes a self-signed ECDSA P-256 signing certificate and
// its PKCS #8 key as PEM files, for every replica to share, and returns
// their paths.
func writeSigningKey(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "Consentry replica test clinic", Organization: []string{"Consentry tests"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "signing.crt"), filepath.Join(dir, "signing.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// processEnv is the environment of a consentry process: the test's own
// without any CONSENTRY_ setting, plus env.
func processEnv(env map[string]string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONSENTRY_") {
			out = append(out, kv)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(env)) {
		out = append(out, k+"="+env[k])
	}
	return out
}

// replica is one running `consentry serve` process.
type replica struct {
	name    string
	base    string // http://127.0.0.1:port
	dataDir string
	logs    *syncBuffer
	exited  chan struct{} // closed when the process has ended
}

// alive reports whether the process still runs.
func (r *replica) alive() bool {
	select {
	case <-r.exited:
		return false
	default:
		return true
	}
}

// startReplica starts `consentry serve` with env, its own data directory
// and a free loopback port, and waits until its /readyz answers 200. The
// process is killed when t ends; if t failed, its log's tail is shown.
func startReplica(t *testing.T, bin, name string, env map[string]string) *replica {
	t.Helper()
	r := &replica{name: name, dataDir: filepath.Join(t.TempDir(), name), logs: &syncBuffer{}, exited: make(chan struct{})}
	e := maps.Clone(env)
	e["CONSENTRY_DATA_DIR"], e["CONSENTRY_ADDR"], e["CONSENTRY_LOG_FORMAT"] = r.dataDir, "127.0.0.1:0", "json"
	cmd := exec.Command(bin, "serve")
	cmd.Env = processEnv(e)
	cmd.Stdout, cmd.Stderr = r.logs, r.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = cmd.Wait()
		close(r.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-r.exited
		for _, l := range strings.Split(r.logs.String(), "\n") {
			if strings.Contains(l, `"status":500`) || strings.Contains(l, `"msg":"internal error"`) {
				t.Errorf("replica %s: %s", name, l)
			}
		}
		if t.Failed() {
			t.Logf("replica %s, last lines of its log:\n%s", name, lastLogLines(r.logs.String(), 30))
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		if r.base == "" {
			if addr := listeningAddr(r.logs.String()); addr != "" {
				r.base = "http://" + addr
			}
		}
		if r.base != "" {
			if resp, err := http.Get(r.base + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return r
				}
			}
		}
		if !r.alive() {
			t.Fatalf("replica %s exited before it was ready:\n%s", name, r.logs.String())
		}
		if time.Now().After(deadline) {
			t.Fatalf("replica %s not ready after a minute:\n%s", name, r.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// listeningAddr is the address in a JSON log's "listening" line, or "".
func listeningAddr(logs string) string {
	for _, line := range strings.Split(logs, "\n") {
		var l struct{ Msg, Addr string }
		if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "listening" {
			return l.Addr
		}
	}
	return ""
}

// lastLogLines returns up to n final lines of a log.
func lastLogLines(logs string, n int) string {
	lines := strings.Split(strings.TrimRight(logs, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// createKey runs `consentry keys create` against the database in env and
// returns the new key of role, the last line of its output.
func createKey(t *testing.T, bin string, env map[string]string, role string) string {
	t.Helper()
	e := maps.Clone(env)
	e["CONSENTRY_DATA_DIR"] = filepath.Join(t.TempDir(), "keys")
	cmd := exec.Command(bin, "keys", "create", "--role", role, "--name", "replica test "+role)
	cmd.Env = processEnv(e)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("keys create --role %s: %v\n%s", role, err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	key := strings.TrimSpace(lines[len(lines)-1])
	if !strings.HasPrefix(key, "csk_") {
		t.Fatalf("keys create --role %s printed %q", role, stdout.String())
	}
	return key
}

// newClient is an HTTP client for many concurrent requests to the
// replicas; its idle connections close when t ends.
func newClient(t *testing.T) *http.Client {
	tr := &http.Transport{MaxIdleConns: 128, MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 60 * time.Second}
}

// reply is an HTTP answer, read in full.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) String() string {
	return fmt.Sprintf("%d %s %s", r.status, r.header.Get("Content-Type"), bytes.TrimSpace(r.body))
}

// id is the "id" member of a JSON answer, or "".
func (r reply) id() string {
	var v struct{ ID string }
	_ = json.Unmarshal(r.body, &v)
	return v.ID
}

// call sends one request with an API key (if any), a JSON body (if not
// nil) and extra headers, and reads the whole answer.
func call(c *http.Client, method, url, key string, body any, hdr map[string]string) (reply, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return reply{}, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return reply{}, err
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: b}, err
}

// mustCall is call that fails t on a transport error or an unexpected
// status.
func mustCall(t *testing.T, c *http.Client, want int, method, url, key string, body any) reply {
	t.Helper()
	r, err := call(c, method, url, key, body, nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	if r.status != want {
		t.Fatalf("%s %s: %s, want %d", method, url, r, want)
	}
	return r
}

// patientBody is a valid patient.
func patientBody(externalID string) map[string]any {
	return map[string]any{
		"external_id": externalID, "given_name": "Thị Minh", "family_name": "Nguyễn",
		"birth_date": "1990-04-02", "sex": "female", "email": "minh@example.org", "phone": "+14155550123",
		"emergency_contact": map[string]any{"name": "Ola Ødegård", "relationship": "partner", "phone": "+4722334455"},
	}
}

// phq9Version is the current version of the PHQ-9 form.
func phq9Version(t *testing.T) string {
	t.Helper()
	def, err := forms.Builtin().Current(forms.KindPHQ9)
	if err != nil {
		t.Fatal(err)
	}
	return def.Version
}

// phq9Body is a valid PHQ-9 submission, the cheapest form that still
// makes a scored, sealed record; n varies the answers.
func phq9Body(patientID, version string, n int) map[string]any {
	items := make([]any, 9)
	for i := range items {
		items[i] = (n + i) % 4
	}
	return map[string]any{
		"form": forms.KindPHQ9, "version": version, "patient_id": patientID,
		"answers":                    map[string]any{"items": items},
		"signature":                  map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true},
		"electronic_records_consent": true,
	}
}

// openDB opens the database the replicas share, for checking it directly.
func openDB(t *testing.T, url string) *models.Store {
	t.Helper()
	store, err := models.Open(url, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// checkVerify asks a replica to verify the audit chain and every stored
// hash, and wants it whole with the given number of submissions.
func checkVerify(t *testing.T, c *http.Client, r *replica, auditor string, submissions int) {
	t.Helper()
	rep := mustCall(t, c, http.StatusOK, http.MethodGet, r.base+"/v1/audit/verify", auditor, nil)
	var v models.Verification
	if err := json.Unmarshal(rep.body, &v); err != nil {
		t.Fatalf("replica %s: verify answer: %v: %s", r.name, err, rep.body)
	}
	if !v.OK || len(v.Problems) > 0 || v.SubmissionsChecked != int64(submissions) || v.DocumentsChecked != int64(submissions) {
		t.Errorf("replica %s: verify: ok %v, %d events, %d submissions, %d documents (want %d), problems %+v",
			r.name, v.OK, v.EventsChecked, v.SubmissionsChecked, v.DocumentsChecked, submissions, v.Problems)
	}
}

// checkChain checks the audit chain straight in the database: seq runs
// 1..N without gaps, and the submission.create events name exactly the
// given submissions, once each.
func checkChain(t *testing.T, store *models.Store, want map[string]bool) {
	t.Helper()
	var chain struct{ N, Lo, Hi int64 }
	if err := store.DB().Raw("SELECT count(*) AS n, coalesce(min(seq), 0) AS lo, coalesce(max(seq), 0) AS hi FROM audit_events").
		Scan(&chain).Error; err != nil {
		t.Fatal(err)
	}
	if chain.N == 0 || chain.Lo != 1 || chain.Hi != chain.N {
		t.Errorf("audit_events: %d events with seq %d..%d, want 1..%d without gaps", chain.N, chain.Lo, chain.Hi, chain.N)
	}
	var subjects []string
	if err := store.DB().Raw("SELECT subject FROM audit_events WHERE action = 'submission.create'").Scan(&subjects).Error; err != nil {
		t.Fatal(err)
	}
	if len(subjects) != len(want) {
		t.Errorf("%d submission.create events for %d submissions", len(subjects), len(want))
	}
	seen := map[string]bool{}
	for _, s := range subjects {
		id := strings.TrimPrefix(s, "submission/")
		if !want[id] || seen[id] {
			t.Errorf("submission.create event for %q: expected %v, seen before %v", s, want[id], seen[id])
		}
		seen[id] = true
	}
}

// checkStored checks that the submissions table holds each acknowledged
// submission exactly once, and returns the ids of the stored submissions
// that were never acknowledged.
func checkStored(t *testing.T, store *models.Store, acked map[string]bool) (unacked []string) {
	t.Helper()
	var rows []struct {
		ID string
		N  int64
	}
	if err := store.DB().Raw("SELECT id, count(*) AS n FROM submissions GROUP BY id").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, r := range rows {
		stored[r.ID] = true
		if r.N != 1 {
			t.Errorf("submission %s stored %d times", r.ID, r.N)
		}
		if !acked[r.ID] {
			unacked = append(unacked, r.ID)
		}
	}
	for id := range acked {
		if !stored[id] {
			t.Errorf("acknowledged submission %s is not stored", id)
		}
	}
	return unacked
}
