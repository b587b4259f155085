package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// TestServeDeliversWebhooks runs the real serve: an admin registers a
// receiver (and is refused the server's own address), a PHQ-9 with an
// urgent answer is stored while the receiver answers 503, serve stops and
// starts again on the same database, and the receiver, back up, gets
// submission.created, screening.urgent and the checkpoint serve made when
// it stopped, each verified with the Standard Webhooks library.
func TestServeDeliversWebhooks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	env := testEnv(t, map[string]string{
		"CONSENTRY_DATA_DIR": dir, "CONSENTRY_ADDR": "127.0.0.1:0",
		"CONSENTRY_WEBHOOK_ALLOW_PRIVATE": "true", "CONSENTRY_WEBHOOK_POLL": "10ms",
		"CONSENTRY_WEBHOOK_BACKOFF_BASE": "5ms", "CONSENTRY_WEBHOOK_BACKOFF_MAX": "50ms",
		"CONSENTRY_WEBHOOK_MAX_ATTEMPTS": "1000",
	})
	var (
		mu     sync.Mutex
		secret string
		got    []string // event types, verified, first arrivals
		seen   = map[string]bool{}
		bad    int
	)
	var down, refused atomic.Int64
	down.Store(1)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if down.Load() == 1 {
			refused.Add(1)
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		wh, _ := standardwebhooks.NewWebhook(secret)
		if err := wh.Verify(body, r.Header); err != nil {
			bad++
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var p struct{ Type string }
		_ = json.Unmarshal(body, &p)
		if id := r.Header.Get("webhook-id"); !seen[id] {
			seen[id] = true
			got = append(got, p.Type)
		}
	}))
	defer rcv.Close()

	stop, logs := startServe(t, env)
	base := "http://" + listenAddr(t, logs)
	admin := readAdminKey(t, dir)
	c := &http.Client{Timeout: 30 * time.Second}
	self := mustCall(t, c, http.StatusUnprocessableEntity, http.MethodPost, base+"/v1/webhooks", admin,
		map[string]any{"url": base + "/v1/forms", "events": []string{"submission.created"}})
	if !strings.Contains(string(self.body), "this service itself") {
		t.Errorf("own address: %s", self)
	}
	hook := mustCall(t, c, http.StatusCreated, http.MethodPost, base+"/v1/webhooks", admin,
		map[string]any{"url": rcv.URL, "events": []string{"submission.created", "screening.urgent", "chain.checkpoint"}})
	var created struct{ Secret string }
	_ = json.Unmarshal(hook.body, &created)
	mu.Lock()
	secret = created.Secret
	mu.Unlock()

	var out, errOut bytes.Buffer
	if code := run(t.Context(), []string{"keys", "create", "--role", "portal", "--name", "portal"}, env, &out, &errOut); code != 0 {
		t.Fatalf("keys create: %s", errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	portal := lines[len(lines)-1]
	pid := mustCall(t, c, http.StatusCreated, http.MethodPost, base+"/v1/patients", portal, patientBody("MRN-HOOK")).id()
	body := phq9Body(pid, phq9Version(t), 0)
	body["answers"] = map[string]any{"items": []any{1, 1, 1, 1, 1, 1, 1, 1, 3}}
	mustCall(t, c, http.StatusCreated, http.MethodPost, base+"/v1/submissions", portal, body)
	waitUntil(t, "attempts refused by the receiver", func() bool { return refused.Load() >= 3 })
	// /metrics shows the backlog and the failures.
	waitUntil(t, "the backlog in /metrics", func() bool {
		m := scrape(t, base)
		return m[`consentry_webhook_deliveries{state="pending"}`] >= 1 && m["consentry_webhook_failed_attempts"] >= 1
	})
	if code := stop(); code != 0 {
		t.Fatalf("serve exit %d: %s", code, logs.String())
	}
	if strings.Contains(logs.String(), secret) {
		t.Error("the log holds the webhook secret")
	}

	down.Store(0)
	stop, logs = startServe(t, env)
	defer stop()
	waitUntil(t, "the three events", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) >= 3
	})
	waitUntil(t, "the deliveries in /metrics", func() bool {
		m := scrape(t, "http://"+listenAddr(t, logs))
		return m[`consentry_webhook_deliveries{state="delivered"}`] >= 3 && m[`consentry_webhook_deliveries{state="pending"}`] == 0
	})
	mu.Lock()
	defer mu.Unlock()
	// The checkpoint is about no patient, so it waits for nothing; the
	// patient's two events keep their order.
	var patient []string
	for _, e := range got {
		if e != "chain.checkpoint" {
			patient = append(patient, e)
		}
	}
	if strings.Join(patient, " ") != "submission.created screening.urgent" || len(got) != 3 || bad != 0 {
		t.Errorf("received %v, %d bad signatures", got, bad)
	}
}

// listenAddr is the address serve said it listens on.
func listenAddr(t *testing.T, logs *syncBuffer) string {
	t.Helper()
	for _, line := range strings.Split(logs.String(), "\n") {
		var l struct{ Msg, Addr string }
		if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "listening" {
			return l.Addr
		}
	}
	t.Fatalf("no listening line: %s", logs.String())
	return ""
}

// readAdminKey reads the first admin key serve left in the data dir.
func readAdminKey(t *testing.T, dir string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, adminKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(raw))
}

// waitUntil polls cond until it holds, failing after a generous bound.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// scrape reads the gauges and counters of serve's /metrics, by series.
func scrape(t *testing.T, base string) map[string]float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(raw), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if v, err := strconv.ParseFloat(line[i+1:], 64); err == nil {
			out[line[:i]] = v
		}
	}
	return out
}
