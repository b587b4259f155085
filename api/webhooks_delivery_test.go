package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/internal/testdb"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/webhooks"
)

// receiver is a webhook endpoint: a real HTTP server that verifies every
// request with the Standard Webhooks library, as a clinic's portal would.
type receiver struct {
	t      testing.TB
	srv    *httptest.Server
	secret atomic.Value // string
	down   atomic.Bool  // answer 503 to everything
	mu     sync.Mutex
	// ok are the verified requests answered 2xx, in arrival order.
	ok []receivedEvent
	// refusals counts the requests answered 503.
	refusals int
	// bad are requests whose signature did not verify.
	bad []string
}

// receivedEvent is one verified delivery.
type receivedEvent struct {
	ID   string
	Body string
	Type string
	Data map[string]any
}

func newReceiver(t testing.TB) *receiver {
	r := &receiver{t: t}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	if r.down.Load() {
		r.mu.Lock()
		r.refusals++
		r.mu.Unlock()
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	secret, _ := r.secret.Load().(string)
	wh, err := standardwebhooks.NewWebhook(secret)
	if err == nil {
		err = wh.Verify(body, req.Header)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.bad = append(r.bad, err.Error())
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var p struct {
		Type string         `json:"type"`
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		r.bad = append(r.bad, "not JSON: "+err.Error())
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	r.ok = append(r.ok, receivedEvent{ID: req.Header.Get("webhook-id"), Body: string(body), Type: p.Type, Data: p.Data})
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) received() []receivedEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.ok)
}

// runDispatcher starts a dispatcher on store with short backoffs and
// returns its stop function, which waits for it.
func runDispatcher(t testing.TB, store *models.Store) (stop func()) {
	t.Helper()
	d, err := webhooks.New(webhooks.Config{
		Store: store, Guard: &webhooks.Guard{AllowPrivate: true}, Timeout: 2 * time.Second,
		MaxAttempts: 1000, MaxAge: time.Hour, BackoffBase: 5 * time.Millisecond, BackoffMax: 50 * time.Millisecond,
		PerEndpoint: 4, Poll: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

// waitFor polls cond until it holds, failing the test after a generous
// bound (the wait is for work to finish, not a measurement).
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// registerReceiver registers r for every event type as admin and gives it
// the secret.
func (s *testServer) registerReceiver(r *receiver) string {
	s.t.Helper()
	rec := s.do(request{method: http.MethodPost, path: "/v1/webhooks", key: models.RoleAdmin, body: map[string]any{
		"url": r.srv.URL + "/consentry", "events": models.WebhookEventTypes, "description": "test receiver"}})
	mustStatus(s.t, rec, http.StatusCreated)
	w := decode[map[string]any](s.t, rec)
	r.secret.Store(w["secret"].(string))
	return w["id"].(string)
}

// patientRecords stores, for one new patient, a consent, a PHQ-9 whose
// item 9 is above 0 (an urgent flag), a clinician's review of the consent
// and a withdrawal of it: five events, in this order.
func (s *testServer) patientRecords(mrn string) (patientID string) {
	s.t.Helper()
	pid := s.mustPatient(models.RolePortal, mrn)
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: models.RolePortal, body: consentBody(s.t, pid)})
	mustStatus(s.t, rec, http.StatusCreated)
	consent := decode[map[string]any](s.t, rec)["id"].(string)
	mustStatus(s.t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: models.RolePortal,
		body: pathwayBody(pid, "phq-9", map[string]any{"items": []any{2, 2, 1, 1, 1, 1, 1, 0, 2}})}), http.StatusCreated)
	mustStatus(s.t, s.do(request{method: http.MethodPost, path: "/v1/submissions/" + consent + "/reviews", key: models.RoleClinician,
		body: map[string]any{"decision": "approve", "note": "Capacity confirmed in person.",
			"signature": map[string]any{"typed_name": "Dr. Ana Rivera", "credentials": "MD", "intent": true}}}), http.StatusCreated)
	mustStatus(s.t, s.do(request{method: http.MethodPost, path: "/v1/submissions/" + consent + "/withdrawal", key: models.RolePortal,
		body: map[string]any{"scope": "all", "reason": "changed my mind",
			"signature": map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true}}}), http.StatusCreated)
	return pid
}

// wantPatientEvents is the order of one patient's events.
var wantPatientEvents = []string{
	models.WebhookSubmissionCreated, models.WebhookSubmissionCreated, models.WebhookScreeningUrgent,
	models.WebhookReviewCompleted, models.WebhookConsentWithdrawn,
}

// TestWebhooksSurviveOutageAndRestart registers a receiver, stores
// records while it is down (503) and the dispatcher retries, stops the
// dispatcher and the store, reopens the same database, stores more, and
// brings the receiver back: every event arrives at least once, verified,
// in order per patient, and duplicates carry the same webhook-id.
func TestWebhooksSurviveOutageAndRestart(t *testing.T) {
	url := testdb.URL(t)
	s := newTestServerAt(t, url, models.Options{})
	s.now = time.Now().UTC().Truncate(time.Microsecond)
	r := newReceiver(t)
	s.registerReceiver(r)
	r.down.Store(true)

	stop := runDispatcher(t, s.store)
	var patients []string
	for _, mrn := range []string{"MRN-W1", "MRN-W2"} {
		patients = append(patients, s.patientRecords(mrn))
	}
	waitFor(t, "failed attempts while the receiver is down", func() bool {
		st, err := s.store.WebhookStats(context.Background())
		return err == nil && st.FailedAttempts >= 10
	})
	stop()
	if err := s.store.Close(); err != nil {
		t.Fatal(err)
	}

	// Restart: a new store on the same database, a new dispatcher.
	store, err := models.Open(url, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	store.Now = func() time.Time { return s.now }
	s.store = store
	s.e = s.newReplica(forms.Builtin(), 0)
	st, err := store.WebhookStats(context.Background())
	if err != nil || st.Pending != int64(len(patients)*len(wantPatientEvents)) || st.Delivered != 0 {
		t.Fatalf("after the restart: %+v (%v), want every event pending", st, err)
	}
	runDispatcher(t, store)
	patients = append(patients, s.patientRecords("MRN-W3"))
	r.down.Store(false)
	total := len(patients) * len(wantPatientEvents)
	waitFor(t, "every delivery", func() bool {
		st, err := store.WebhookStats(context.Background())
		return err == nil && st.Delivered == int64(total) && st.Pending == 0
	})

	r.mu.Lock()
	if len(r.bad) > 0 || r.refusals == 0 {
		t.Errorf("bad signatures %v, refusals %d", r.bad, r.refusals)
	}
	r.mu.Unlock()
	got := r.received()
	first := map[string]receivedEvent{}
	var order = map[string][]string{} // patient to event types, first arrivals
	var seqs = map[string][]float64{}
	for _, ev := range got {
		if prev, dup := first[ev.ID]; dup {
			if prev.Body != ev.Body {
				t.Errorf("webhook-id %s arrived twice with different bodies", ev.ID)
			}
			continue
		}
		first[ev.ID] = ev
		pid, _ := ev.Data["patient_id"].(string)
		order[pid] = append(order[pid], ev.Type)
		seqs[pid] = append(seqs[pid], ev.Data["audit_seq"].(float64))
	}
	if len(first) != total {
		t.Fatalf("%d distinct events arrived, want %d", len(first), total)
	}
	var messages int64
	store.DB().Model(&models.WebhookMessage{}).Count(&messages)
	if messages != int64(total) {
		t.Errorf("%d messages stored, want %d", messages, total)
	}
	for _, pid := range patients {
		if !slices.Equal(order[pid], wantPatientEvents) {
			t.Errorf("patient %s: events arrived as %v, want %v", pid, order[pid], wantPatientEvents)
		}
		if !slices.IsSorted(seqs[pid]) {
			t.Errorf("patient %s: audit seqs arrived as %v", pid, seqs[pid])
		}
	}
	// The deliveries list says what happened.
	eps, _ := store.WebhookEndpoints(context.Background())
	rec := s.do(request{method: http.MethodGet, path: "/v1/webhooks/" + eps[0].ID + "/deliveries?status=delivered&limit=200", key: models.RoleAdmin})
	mustStatus(t, rec, http.StatusOK)
	list := decode[deliveryList](t, rec)
	retried := 0
	for _, d := range list.Items {
		if d.Attempts > 1 {
			retried++
		}
	}
	if len(list.Items) != total || retried == 0 {
		t.Errorf("%d delivered deliveries listed, %d retried", len(list.Items), retried)
	}
}

// TestWebhookPayloadsCarryNoPatientData checks every member of every
// event the fixture records send: ids, kinds, versions, hashes, seqs and
// flag rules only, and none of the fixture's names, birth date, contact
// details, answers or typed signatures anywhere in the bytes.
func TestWebhookPayloadsCarryNoPatientData(t *testing.T) {
	s := newTestServer(t)
	s.now = time.Now().UTC().Truncate(time.Microsecond)
	r := newReceiver(t)
	s.registerReceiver(r)
	runDispatcher(t, s.store)
	s.patientRecords("MRN-PRIVATE-77")
	waitFor(t, "the fixture's events", func() bool { return len(r.received()) >= len(wantPatientEvents) })

	allowed := map[string]bool{"submission_id": true, "patient_id": true, "form": true, "version": true, "created_at": true,
		"body_sha256": true, "document_sha256": true, "pages": true, "flags": true, "audit_seq": true,
		"scope": true, "decision": true, "withdrawal_id": true, "review_id": true}
	p := newPatient("MRN-PRIVATE-77")
	secrets := []string{"MRN-PRIVATE-77", p["given_name"].(string), p["family_name"].(string), p["birth_date"].(string),
		p["email"].(string), p["phone"].(string), "Ola Ødegård", "+4722334455", "Дмитрий", "+74951234567", "Nguyễn Thị Minh",
		"Ana Rivera", "Capacity confirmed", "changed my mind", "NTM", "female", "support_person", "items"}
	urgent := false
	for _, ev := range r.received() {
		for _, sec := range secrets {
			if strings.Contains(strings.ToLower(ev.Body), strings.ToLower(sec)) {
				t.Errorf("%s payload contains %q: %s", ev.Type, sec, ev.Body)
			}
		}
		for k, v := range ev.Data {
			if !allowed[k] {
				t.Errorf("%s payload has member %q (%v)", ev.Type, k, v)
			}
		}
		flags, _ := ev.Data["flags"].([]any)
		for _, f := range flags {
			for k := range f.(map[string]any) {
				if k != "rule" && k != "severity" && k != "urgent" {
					t.Errorf("%s flag has member %q", ev.Type, k)
				}
			}
		}
		if ev.Type == models.WebhookScreeningUrgent {
			urgent = len(flags) > 0
		}
	}
	if !urgent {
		t.Errorf("no screening.urgent event with its urgent flags among %d events", len(r.received()))
	}
}

// TestWebhookReplicasClaimEachDeliveryOnce runs two dispatchers, each on
// its own store over one database (two replicas), and checks that each
// event reached the receiver once.
func TestWebhookReplicasClaimEachDeliveryOnce(t *testing.T) {
	url := testdb.URL(t)
	s := newTestServerAt(t, url, models.Options{})
	s.now = time.Now().UTC().Truncate(time.Microsecond)
	other, err := models.Open(url, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	r := newReceiver(t)
	s.registerReceiver(r)
	runDispatcher(t, s.store)
	runDispatcher(t, other)
	for _, mrn := range []string{"MRN-R1", "MRN-R2", "MRN-R3"} {
		s.patientRecords(mrn)
	}
	total := 3 * len(wantPatientEvents)
	waitFor(t, "every delivery", func() bool {
		st, err := s.store.WebhookStats(context.Background())
		return err == nil && st.Delivered == int64(total)
	})
	seen := map[string]int{}
	for _, ev := range r.received() {
		seen[ev.ID]++
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("event %s delivered %d times", id, n)
		}
	}
	if len(seen) != total {
		t.Errorf("%d events arrived, want %d", len(seen), total)
	}
}

// TestWebhookSlowEndpointHoldsUpNothing: an endpoint that never answers
// holds its own attempts only (at most PerEndpoint at once); submissions
// are stored and another endpoint gets every event meanwhile.
func TestWebhookSlowEndpointHoldsUpNothing(t *testing.T) {
	s := newTestServer(t)
	s.now = time.Now().UTC().Truncate(time.Microsecond)
	release := make(chan struct{})
	var stuck, most atomic.Int64
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := stuck.Add(1)
		defer stuck.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/webhooks", key: models.RoleAdmin,
		body: map[string]any{"url": slow.URL, "events": models.WebhookEventTypes}}), http.StatusCreated)
	fast := newReceiver(t)
	s.registerReceiver(fast)
	runDispatcher(t, s.store) // PerEndpoint 4, attempts time out after 2 s
	for _, mrn := range []string{"MRN-S1", "MRN-S2", "MRN-S3", "MRN-S4", "MRN-S5", "MRN-S6"} {
		s.patientRecords(mrn)
	}
	total := 6 * len(wantPatientEvents)
	waitFor(t, "the fast endpoint's events", func() bool { return len(fast.received()) >= total })
	if n := most.Load(); n < 1 || n > 4 {
		t.Errorf("the slow endpoint holds %d attempts at once, want 1 to 4", n)
	}
}
