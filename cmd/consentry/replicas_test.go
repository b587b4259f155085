package main

// Integration tests of the real binary on a real PostgreSQL server: two
// replicas sharing one database, and the database going away under a
// running replica. They run only with CONSENTRY_TEST_DATABASE=postgres.

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

// newDeployment starts a PostgreSQL server of the test's own, builds the
// binary and writes a signing key, and returns the environment every
// replica shares.
func newDeployment(t *testing.T) (*testdb.Server, string, map[string]string) {
	t.Helper()
	srv := testdb.NewServer(t)
	bin := buildBinary(t)
	certFile, keyFile := writeSigningKey(t)
	return srv, bin, map[string]string{
		"CONSENTRY_DATABASE_URL": srv.URL("postgres", ""),
		"CONSENTRY_SIGNING_CERT": certFile, "CONSENTRY_SIGNING_KEY": keyFile,
	}
}

// TestTwoReplicasKeepOneChain runs two replicas of the binary on one
// PostgreSQL database, with one signing key, and has 32 clients submit
// 400 records through both at once. Every acknowledged record must be
// stored once, the audit chain must stay one gap-free chain that either
// replica verifies, and an Idempotency-Key sent to both replicas at once
// must make one record.
func TestTwoReplicasKeepOneChain(t *testing.T) {
	requirePostgres(t)
	const (
		clients = 32
		total   = 400
	)
	_, bin, env := newDeployment(t)

	a := startReplica(t, bin, "a", env)
	raw, err := os.ReadFile(filepath.Join(a.dataDir, adminKeyFile))
	if err != nil {
		t.Fatalf("replica a left no admin key: %v", err)
	}
	admin := strings.TrimSpace(string(raw))
	portal := createKey(t, bin, env, "portal")
	auditor := createKey(t, bin, env, "auditor")
	b := startReplica(t, bin, "b", env)
	if _, err := os.Stat(filepath.Join(b.dataDir, adminKeyFile)); err == nil {
		t.Error("replica b made another first admin key though the database has keys")
	}
	replicas := []*replica{a, b}
	client := newClient(t)
	for _, r := range replicas {
		// The admin key replica a made works on b: one key table.
		mustCall(t, client, http.StatusOK, http.MethodGet, r.base+"/v1/forms", admin, nil)
		if strings.Contains(r.logs.String(), "DEVELOPMENT certificate") {
			t.Errorf("replica %s signs with a development certificate, not the shared one", r.name)
		}
	}

	version := phq9Version(t)
	patients := make([]string, clients)
	for i := range patients {
		r := replicas[i%len(replicas)]
		patients[i] = mustCall(t, client, http.StatusCreated, http.MethodPost, r.base+"/v1/patients", portal,
			patientBody(fmt.Sprintf("MRN-REPLICA-%d", i))).id()
	}

	var (
		next     atomic.Int64
		mu       sync.Mutex
		acked    = map[string]bool{}
		statuses = map[int]int{}
		failures []string
		wg       sync.WaitGroup
	)
	start := time.Now()
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := int(next.Add(1) - 1)
				if n >= total {
					return
				}
				r := replicas[n%len(replicas)]
				rep, err := call(client, http.MethodPost, r.base+"/v1/submissions", portal, phq9Body(patients[w], version, n), nil)
				mu.Lock()
				switch {
				case err != nil:
					failures = append(failures, fmt.Sprintf("replica %s: %v", r.name, err))
				case rep.status != http.StatusCreated:
					statuses[rep.status]++
					failures = append(failures, fmt.Sprintf("replica %s: %s", r.name, rep))
				default:
					statuses[rep.status]++
					id := rep.id()
					if id == "" || acked[id] {
						failures = append(failures, fmt.Sprintf("replica %s: 201 with id %q (repeated: %v)", r.name, id, acked[id]))
					}
					acked[id] = true
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	t.Logf("%d submissions from %d clients through 2 replicas in %v: %.0f submissions/s (statuses %v)",
		total, clients, elapsed.Round(time.Millisecond), float64(len(acked))/elapsed.Seconds(), statuses)
	if len(failures) > 0 {
		t.Errorf("%d of %d submissions were not acknowledged; first: %s", len(failures), total, strings.Join(failures[:min(5, len(failures))], "\n"))
	}

	// The same Idempotency-Key and body, sent to both replicas at once,
	// makes one record; every success names it, and a duplicate that
	// arrives while the first runs may be told to retry (409).
	idemPatient := mustCall(t, client, http.StatusCreated, http.MethodPost, a.base+"/v1/patients", portal, patientBody("MRN-IDEM")).id()
	idemBody := phq9Body(idemPatient, version, 7)
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	idemHdr := map[string]string{"Idempotency-Key": "replica-test-" + hex.EncodeToString(nonce[:])}
	const dups = 8
	replies := make([]reply, dups)
	errs := make([]error, dups)
	gate := make(chan struct{})
	for i := range dups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			replies[i], errs[i] = call(client, http.MethodPost, replicas[i%len(replicas)].base+"/v1/submissions", portal, idemBody, idemHdr)
		}()
	}
	close(gate)
	wg.Wait()
	// Afterwards each replica replays the stored answer.
	for _, r := range replicas {
		rep, err := call(client, http.MethodPost, r.base+"/v1/submissions", portal, idemBody, idemHdr)
		if err == nil && rep.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replica %s: a retry after the first answer was not a replay: %s", r.name, rep)
		}
		replies, errs = append(replies, rep), append(errs, err)
	}
	idemIDs := map[string]int{}
	inProgress := 0
	for i, rep := range replies {
		switch {
		case errs[i] != nil:
			t.Errorf("idempotent request %d: %v", i, errs[i])
		case rep.status == http.StatusCreated:
			idemIDs[rep.id()]++
		case rep.status == http.StatusConflict && strings.Contains(string(rep.body), "urn:consentry:problem:idempotency-in-progress"):
			inProgress++
		default:
			t.Errorf("idempotent request %d: %s", i, rep)
		}
	}
	if len(idemIDs) != 1 {
		t.Fatalf("the same Idempotency-Key answered with ids %v, want one", idemIDs)
	}
	var idemID string
	for id := range idemIDs {
		idemID = id
	}
	t.Logf("Idempotency-Key sent %d times at once: %d answers with id %s, %d told it was in progress",
		dups, idemIDs[idemID]-len(replicas), idemID, inProgress)
	store := openDB(t, env["CONSENTRY_DATABASE_URL"])
	var idemStored []string
	if err := store.DB().Raw("SELECT id FROM submissions WHERE patient_id = ?", idemPatient).Scan(&idemStored).Error; err != nil {
		t.Fatal(err)
	}
	if len(idemStored) != 1 || idemStored[0] != idemID {
		t.Errorf("the idempotent submission is stored as %v, want once as %s", idemStored, idemID)
	}
	acked[idemID] = true

	if unacked := checkStored(t, store, acked); len(unacked) > 0 {
		t.Errorf("stored but never acknowledged: %v", unacked)
	}
	checkChain(t, store, acked)
	for _, r := range replicas {
		checkVerify(t, client, r, auditor, len(acked))
	}
}

// wantUnavailable checks that a /v1 answer during an outage is a 503
// problem with a Retry-After header.
func wantUnavailable(t *testing.T, what string, rep reply) {
	t.Helper()
	var p struct {
		Type   string
		Status int
	}
	_ = json.Unmarshal(rep.body, &p)
	ra, err := strconv.Atoi(rep.header.Get("Retry-After"))
	if rep.status != http.StatusServiceUnavailable || err != nil || ra <= 0 ||
		!strings.HasPrefix(rep.header.Get("Content-Type"), "application/problem+json") ||
		p.Status != http.StatusServiceUnavailable || p.Type != "urn:consentry:problem:unavailable" {
		t.Errorf("%s while the database is down: %s (Retry-After %q), want a 503 unavailable problem with Retry-After",
			what, rep, rep.header.Get("Retry-After"))
	}
}

// TestPostgresOutage stops the PostgreSQL server under a running replica:
// requests must get 503 with Retry-After (never 500) and the process must
// stay up; when the server is back the replica must recover by itself,
// with every record from before the outage intact.
func TestPostgresOutage(t *testing.T) {
	requirePostgres(t)
	srv, bin, env := newDeployment(t)
	r := startReplica(t, bin, "solo", env)
	portal := createKey(t, bin, env, "portal")
	auditor := createKey(t, bin, env, "auditor")
	client := newClient(t)
	version := phq9Version(t)
	pid := mustCall(t, client, http.StatusCreated, http.MethodPost, r.base+"/v1/patients", portal, patientBody("MRN-OUTAGE")).id()

	// Submit a few records at once, so that the pool holds several
	// connections for the outage to break.
	const before = 8
	ids := make([]string, before)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep, err := call(client, http.MethodPost, r.base+"/v1/submissions", portal, phq9Body(pid, version, i), nil)
			if err != nil || rep.status != http.StatusCreated {
				t.Errorf("submission %d before the outage: %v %s", i, err, rep)
				return
			}
			ids[i] = rep.id()
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	// Clients keep submitting, for a patient of their own, while the
	// server stops under them: each answer is a 201 or a 503, whatever
	// step a request was at. A 503 for a write whose commit was cut off
	// leaves the client unsure whether it was stored; such records are
	// counted below, never more than those 503s.
	loadPatient := mustCall(t, client, http.StatusCreated, http.MethodPost, r.base+"/v1/patients", portal, patientBody("MRN-INFLIGHT")).id()
	var (
		mu        sync.Mutex
		inflight  []string // acknowledged ids
		uncertain int      // 503s to writes
		bad       []string
		stopLoad  = make(chan struct{})
	)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stopLoad:
					return
				default:
				}
				rep, err := call(client, http.MethodPost, r.base+"/v1/submissions", portal, phq9Body(loadPatient, version, 10*n+g), nil)
				mu.Lock()
				switch {
				case err != nil:
					bad = append(bad, err.Error())
				case rep.status == http.StatusCreated:
					inflight = append(inflight, rep.id())
				case rep.status == http.StatusServiceUnavailable && rep.header.Get("Retry-After") != "" &&
					strings.HasPrefix(rep.header.Get("Content-Type"), "application/problem+json"):
					uncertain++
				default:
					bad = append(bad, rep.String())
				}
				mu.Unlock()
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	down := time.Now()
	time.Sleep(300 * time.Millisecond)
	close(stopLoad)
	wg.Wait()
	t.Logf("writes in flight as the database stopped: %d acknowledged, %d answered 503", len(inflight), uncertain)
	if len(bad) > 0 {
		t.Errorf("%d writes in flight as the database stopped got neither 201 nor a 503 problem; first: %s",
			len(bad), strings.Join(bad[:min(5, len(bad))], "\n"))
	}
	if len(inflight) == 0 || uncertain == 0 {
		t.Errorf("the load saw %d acknowledgements and %d 503s; want both", len(inflight), uncertain)
	}

	var idem [8]byte
	_, _ = rand.Read(idem[:])
	idemHdr := map[string]string{"Idempotency-Key": "outage-" + hex.EncodeToString(idem[:])}
	for round := range 3 {
		// Each round tries the broken pooled connections, then fresh ones
		// that are refused.
		for i, req := range []struct {
			what, method, path string
			body               any
			hdr                map[string]string
		}{
			{"GET a submission", http.MethodGet, "/v1/submissions/" + ids[round], nil, nil},
			{"GET a PDF", http.MethodGet, "/v1/submissions/" + ids[round] + "/pdf", nil, nil},
			{"POST a submission", http.MethodPost, "/v1/submissions", phq9Body(pid, version, 100+round), nil},
			{"POST a submission with an Idempotency-Key", http.MethodPost, "/v1/submissions", phq9Body(pid, version, 200), idemHdr},
		} {
			rep, err := call(client, req.method, r.base+req.path, portal, req.body, req.hdr)
			if err != nil {
				t.Fatalf("round %d request %d: %s: %v", round, i, req.what, err)
			}
			wantUnavailable(t, fmt.Sprintf("round %d: %s", round, req.what), rep)
		}
		rep := mustCall(t, client, http.StatusServiceUnavailable, http.MethodGet, r.base+"/readyz", "", nil)
		var h struct{ Status string }
		if err := json.Unmarshal(rep.body, &h); err != nil || h.Status != "unavailable" ||
			rep.header.Get("Retry-After") == "" || !strings.HasPrefix(rep.header.Get("Content-Type"), "application/json") {
			t.Errorf("/readyz while the database is down: %s (Retry-After %q)", rep, rep.header.Get("Retry-After"))
		}
		mustCall(t, client, http.StatusOK, http.MethodGet, r.base+"/healthz", "", nil)
	}
	if !r.alive() {
		t.Fatalf("the replica died with its database:\n%s", r.logs.String())
	}

	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	up := time.Now()
	t.Logf("database down for %v", up.Sub(down).Round(time.Millisecond))
	var after []string
	deadline := up.Add(30 * time.Second)
	for tries := 1; ; tries++ {
		rep, err := call(client, http.MethodPost, r.base+"/v1/submissions", portal, phq9Body(pid, version, 300), nil)
		if err != nil {
			t.Fatalf("after the restart: %v", err)
		}
		if rep.status == http.StatusCreated {
			after = append(after, rep.id())
			t.Logf("the replica stored a record %v after the database came back (try %d)", time.Since(up).Round(time.Millisecond), tries)
			break
		}
		if rep.status != http.StatusServiceUnavailable {
			t.Fatalf("after the restart: %s, want 201 or (for a while) 503", rep)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica did not recover within 30s of the restart; last answer %s", rep)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// Recovered means every connection works: a burst as wide as the
	// pool must succeed in full, reads and writes.
	mustCall(t, client, http.StatusOK, http.MethodGet, r.base+"/readyz", "", nil)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var (
				rep reply
				err error
			)
			if i%2 == 0 {
				rep, err = call(client, http.MethodGet, r.base+"/v1/submissions/"+ids[i%before], portal, nil, nil)
				if err == nil && rep.status != http.StatusOK {
					t.Errorf("GET a submission after recovery: %s", rep)
				}
				return
			}
			rep, err = call(client, http.MethodPost, r.base+"/v1/submissions", portal, phq9Body(pid, version, 400+i), nil)
			if err == nil && rep.status != http.StatusCreated {
				t.Errorf("POST a submission after recovery: %s", rep)
			}
			if err != nil {
				t.Errorf("after recovery: %v", err)
				return
			}
			mu.Lock()
			after = append(after, rep.id())
			mu.Unlock()
		}()
	}
	wg.Wait()
	// The Idempotency-Key refused during the outage was not kept: it
	// works now.
	rep, err := call(client, http.MethodPost, r.base+"/v1/submissions", portal, phq9Body(pid, version, 200), idemHdr)
	if err != nil || rep.status != http.StatusCreated || rep.header.Get("Idempotent-Replayed") != "" {
		t.Errorf("the Idempotency-Key refused during the outage, after recovery: %v %s", err, rep)
	} else {
		after = append(after, rep.id())
	}

	acked := map[string]bool{}
	for _, id := range slices.Concat(ids, inflight, after) {
		acked[id] = true
	}
	for _, id := range ids {
		if got := mustCall(t, client, http.StatusOK, http.MethodGet, r.base+"/v1/submissions/"+id, portal, nil).id(); got != id {
			t.Errorf("GET submission %s after the outage answered id %q", id, got)
		}
	}
	store := openDB(t, env["CONSENTRY_DATABASE_URL"])
	unacked := checkStored(t, store, acked)
	if len(unacked) > uncertain {
		t.Errorf("%d records stored but never acknowledged, more than the %d writes answered 503", len(unacked), uncertain)
	}
	for _, id := range unacked {
		var pid string
		if err := store.DB().Raw("SELECT patient_id FROM submissions WHERE id = ?", id).Scan(&pid).Error; err != nil {
			t.Fatal(err)
		}
		if pid != loadPatient {
			t.Errorf("record %s stored but never acknowledged, and not one of the writes in flight", id)
		}
		acked[id] = true
	}
	t.Logf("%d writes answered 503 as the database stopped were stored all the same", len(unacked))
	checkChain(t, store, acked)
	checkVerify(t, client, r, auditor, len(acked))
	if !r.alive() {
		t.Fatal("the replica exited")
	}
}
