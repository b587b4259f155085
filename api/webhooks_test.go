package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/webhooks"
)

var secretPattern = regexp.MustCompile(`^whsec_[A-Za-z0-9+/]{43}=$`)

// TestWebhookEndpointLifecycle registers, reads, changes, rotates and
// deletes an endpoint: the secret is shown at creation and rotation only,
// never kept for an Idempotency-Key replay, and each change is audited
// without it.
func TestWebhookEndpointLifecycle(t *testing.T) {
	s := newTestServer(t)
	rec := s.do(request{method: http.MethodPost, path: "/v1/webhooks", key: models.RoleAdmin,
		header: http.Header{"Idempotency-Key": {"create-hook-1"}},
		body:   map[string]any{"url": "http://127.0.0.1:9/hook", "events": []string{"submission.created"}}})
	mustStatus(t, rec, http.StatusCreated)
	created := decode[map[string]any](t, rec)
	id, secret := created["id"].(string), created["secret"].(string)
	if !secretPattern.MatchString(secret) || created["active"] != true {
		t.Fatalf("created %v", created)
	}
	if rec.Header().Get("Location") != "/v1/webhooks/"+id {
		t.Errorf("Location %q", rec.Header().Get("Location"))
	}
	if n := s.count("idempotency_keys"); n != 0 {
		t.Errorf("%d idempotency rows kept for a route that shows a secret", n)
	}

	rec = s.do(request{method: http.MethodGet, path: "/v1/webhooks/" + id, key: models.RoleAdmin})
	mustStatus(t, rec, http.StatusOK)
	if strings.Contains(rec.Body.String(), secret) || strings.Contains(rec.Body.String(), `"secret"`) {
		t.Errorf("a read shows the secret: %s", rec.Body.String())
	}
	rec = s.do(request{method: http.MethodGet, path: "/v1/webhooks", key: models.RoleAdmin})
	mustStatus(t, rec, http.StatusOK)
	if l := decode[webhookListBody](t, rec); len(l.Items) != 1 || l.Items[0]["id"] != id {
		t.Errorf("list %s", rec.Body.String())
	}

	rec = s.do(request{method: http.MethodPatch, path: "/v1/webhooks/" + id, key: models.RoleAdmin,
		body: map[string]any{"active": false, "events": []string{"consent.withdrawn", "review.completed"}}})
	mustStatus(t, rec, http.StatusOK)
	if w := decode[map[string]any](t, rec); w["active"] != false || len(w["events"].([]any)) != 2 {
		t.Errorf("patched %v", w)
	}

	rec = s.do(request{method: http.MethodPost, path: "/v1/webhooks/" + id + "/secret", key: models.RoleAdmin})
	mustStatus(t, rec, http.StatusOK)
	rotated := decode[map[string]any](t, rec)
	newSecret := rotated["secret"].(string)
	if !secretPattern.MatchString(newSecret) || newSecret == secret || rotated["previous_secret_until"] == nil {
		t.Errorf("rotated %v", rotated)
	}
	// During the overlap a delivery carries a signature with each secret,
	// and a receiver with either verifies it.
	ep, err := s.store.WebhookEndpoint(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	sig, err := webhooks.Sign(ep.SigningSecrets(s.now), "msg_1", now, []byte(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range []string{secret, newSecret} {
		wh, _ := standardwebhooks.NewWebhook(sec)
		h := http.Header{}
		h.Set("webhook-id", "msg_1")
		h.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
		h.Set("webhook-signature", sig)
		if err := wh.Verify([]byte(`{"a":1}`), h); err != nil {
			t.Errorf("the signature does not verify with one of the secrets: %v", err)
		}
	}

	mustStatus(t, s.do(request{method: http.MethodDelete, path: "/v1/webhooks/" + id, key: models.RoleAdmin}), http.StatusNoContent)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/webhooks/" + id, key: models.RoleAdmin}), http.StatusNotFound)
	mustStatus(t, s.do(request{method: http.MethodDelete, path: "/v1/webhooks/" + id, key: models.RoleAdmin}), http.StatusNotFound)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/webhooks/not-an-id/deliveries", key: models.RoleAdmin}), http.StatusNotFound)

	var evs []models.AuditEvent
	s.store.DB().Where("subject = ?", "webhook/"+id).Order("seq").Find(&evs)
	var actions []string
	for _, e := range evs {
		actions = append(actions, e.Action)
		for _, f := range []string{e.DataHash, e.Subject, e.UserAgent} {
			if strings.Contains(f, secret) || strings.Contains(f, newSecret) {
				t.Errorf("audit event %s holds the secret", e.Action)
			}
		}
	}
	if want := "webhook.create webhook.update webhook.rotate_secret webhook.delete"; strings.Join(actions, " ") != want {
		t.Errorf("audit actions %v, want %s", actions, want)
	}
	rec = s.do(request{method: http.MethodGet, path: "/v1/audit/verify", key: models.RoleAuditor})
	mustStatus(t, rec, http.StatusOK)
	if v := decode[map[string]any](t, rec); v["ok"] != true {
		t.Errorf("the chain does not verify after the endpoint's events: %s", rec.Body.String())
	}
	if strings.Contains(s.log.String(), secret) || strings.Contains(s.log.String(), newSecret) {
		t.Error("the log holds a secret")
	}
}

// webhookListBody is GET /v1/webhooks as a client reads it.
type webhookListBody struct {
	Items []map[string]any `json:"items"`
}

// TestWebhookRequestsInvalid: every bad member is named at once, and
// nothing is stored.
func TestWebhookRequestsInvalid(t *testing.T) {
	s := newTestServer(t)
	for name, tt := range map[string]struct {
		body     any
		pointers []string
	}{
		"empty":         {map[string]any{}, []string{"/events", "/url"}},
		"unknown event": {map[string]any{"url": "https://127.0.0.1/x", "events": []string{"submission.created", "patient.created", "submission.created"}}, []string{"/events/1", "/events/2"}},
		"no events":     {map[string]any{"url": "https://127.0.0.1/x", "events": []string{}}, []string{"/events"}},
		"scheme":        {map[string]any{"url": "ftp://127.0.0.1/x", "events": []string{"review.completed"}}, []string{"/url"}},
		"long text":     {map[string]any{"url": "https://127.0.0.1/x", "events": []string{"review.completed"}, "description": strings.Repeat("a", 201)}, []string{"/description"}},
		"unknown field": {map[string]any{"url": "https://127.0.0.1/x", "events": []string{"review.completed"}, "secret": "whsec_mine"}, []string{"/secret"}},
	} {
		t.Run(name, func(t *testing.T) {
			rec := s.do(request{method: http.MethodPost, path: "/v1/webhooks", key: models.RoleAdmin, body: tt.body})
			mustStatus(t, rec, http.StatusUnprocessableEntity)
			var got []string
			for _, e := range decode[Problem](t, rec).Errors {
				got = append(got, e.Pointer)
			}
			if strings.Join(got, " ") != strings.Join(tt.pointers, " ") {
				t.Errorf("pointers %v, want %v", got, tt.pointers)
			}
		})
	}
	if n := s.count("webhook_endpoints"); n != 0 {
		t.Errorf("%d endpoints stored", n)
	}
	rec := s.do(request{method: http.MethodPost, path: "/v1/webhooks", key: models.RoleAdmin,
		body: map[string]any{"url": "https://127.0.0.1/x", "events": []string{"review.completed"}}})
	mustStatus(t, rec, http.StatusCreated)
	id := decode[map[string]any](t, rec)["id"].(string)
	mustStatus(t, s.do(request{method: http.MethodPatch, path: "/v1/webhooks/" + id, key: models.RoleAdmin, body: map[string]any{}}), http.StatusUnprocessableEntity)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/webhooks/" + id + "/deliveries?status=lost", key: models.RoleAdmin}), http.StatusUnprocessableEntity)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/webhooks/" + id + "/deliveries?cursor=nope", key: models.RoleAdmin}), http.StatusUnprocessableEntity)
}

// TestWebhookURLsRefused: without CONSENTRY_WEBHOOK_ALLOW_PRIVATE, URLs
// on loopback, private, link-local, unspecified and the service's own
// address are 422s that say why, at registration and at change.
func TestWebhookURLsRefused(t *testing.T) {
	s := newTestServer(t)
	s.guard = &webhooks.Guard{Self: []string{"0.0.0.0:8080"}}
	s.e = s.newReplica(forms.Builtin(), 0)
	for url, want := range map[string]string{
		"http://127.0.0.1:9000/hook":      "loopback",
		"http://localhost/hook":           "loopback",
		"http://[::1]/hook":               "loopback",
		"https://10.1.2.3/hook":           "private",
		"https://192.168.0.10/hook":       "private",
		"https://[fd00::1]/hook":          "private",
		"http://169.254.169.254/latest":   "link-local",
		"http://0.0.0.0/hook":             "unspecified",
		"http://100.64.0.1/hook":          "private",
		"http://[::ffff:127.0.0.1]/hook":  "loopback",
		"http://127.0.0.1:8080/v1/forms":  "this service itself",
		"file:///etc/passwd":              "http or https",
		"https://user:pw@example.com/x":   "user name or password",
		"https://no-such-host.invalid/x/": "does not resolve",
	} {
		rec := s.do(request{method: http.MethodPost, path: "/v1/webhooks", key: models.RoleAdmin,
			body: map[string]any{"url": url, "events": []string{"submission.created"}}})
		mustStatus(t, rec, http.StatusUnprocessableEntity)
		p := decode[Problem](t, rec)
		if len(p.Errors) != 1 || p.Errors[0].Pointer != "/url" || p.Errors[0].Code != "url_refused" || !strings.Contains(p.Errors[0].Message, want) {
			t.Errorf("%s: %+v, want a url_refused error saying %q", url, p.Errors, want)
		}
	}
	if n := s.count("webhook_endpoints"); n != 0 {
		t.Errorf("%d endpoints stored", n)
	}
}

// TestWebhookDeliveryRefusesRebinding: an endpoint whose address became
// disallowed after registration (DNS rebinding) is refused when the
// dispatcher dials, and the delivery records why.
func TestWebhookDeliveryRefusesRebinding(t *testing.T) {
	s := newTestServer(t)
	s.now = time.Now().UTC().Truncate(time.Microsecond)
	var hits atomic.Int64
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) }))
	defer rcv.Close()
	rec := s.do(request{method: http.MethodPost, path: "/v1/webhooks", key: models.RoleAdmin,
		body: map[string]any{"url": rcv.URL, "events": models.WebhookEventTypes}})
	mustStatus(t, rec, http.StatusCreated)
	id := decode[map[string]any](t, rec)["id"].(string)
	s.patientRecords("MRN-REBIND")

	d, err := webhooks.New(webhooks.Config{Store: s.store, Guard: &webhooks.Guard{}, MaxAttempts: 2,
		BackoffBase: time.Millisecond, BackoffMax: time.Millisecond, Poll: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	waitFor(t, "dead deliveries", func() bool {
		st, err := d.Stats(context.Background())
		return err == nil && st.Dead == int64(len(wantPatientEvents)) && st.FailedAttempts == int64(2*len(wantPatientEvents))
	})
	cancel()
	<-done
	if n := hits.Load(); n != 0 {
		t.Errorf("the refused receiver got %d requests", n)
	}
	rec = s.do(request{method: http.MethodGet, path: "/v1/webhooks/" + id + "/deliveries?limit=1", key: models.RoleAdmin})
	mustStatus(t, rec, http.StatusOK)
	page := decode[deliveryList](t, rec)
	if len(page.Items) != 1 || page.Items[0].LastError != "refused_address" || page.Items[0].Status != models.DeliveryDead || page.NextCursor == "" {
		t.Errorf("deliveries %+v", page)
	}
	rec = s.do(request{method: http.MethodGet, path: "/v1/webhooks/" + id + "/deliveries?limit=200&cursor=" + page.NextCursor, key: models.RoleAdmin})
	mustStatus(t, rec, http.StatusOK)
	if rest := decode[deliveryList](t, rec); len(rest.Items) != len(wantPatientEvents)-1 || rest.NextCursor != "" {
		t.Errorf("second page %+v", rest)
	}
}
