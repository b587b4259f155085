package main

// Integration tests of the real binary on a real PostgreSQL server: two
// replicas sharing one database, and the database going away under a
// running replica. They run only with CONSENTRY_TEST_DATABASE=postgres.

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/testdb"
)

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
