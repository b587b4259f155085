package webhooks

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/consentry/consentry/models"
)

// userAgent is sent with every attempt.
const userAgent = "Consentry-Webhooks/1"

// maxResponseBody is as much of a response as is read (and dropped), so
// that the connection can be reused.
const maxResponseBody = 64 << 10

// newClient is the HTTP client of every attempt: no proxy (a proxy would
// dial for us, past the guard), the guard on every dial, a timeout on
// each step and on the whole attempt, and no redirects (a redirect could
// lead anywhere; it counts as a failure).
func newClient(g *Guard, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Control: g.Control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConnsPerHost:   DefaultPerEndpoint,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// result is one attempt's outcome: class "" is success.
type result struct {
	class  string
	status int
}

// Sign returns the webhook-signature header of a message signed with
// each of secrets ("v1,<sig>" each, space-separated), using the Standard
// Webhooks library, so that receivers verify with the same code.
func Sign(secrets []string, id string, at time.Time, body []byte) (string, error) {
	sigs := make([]string, 0, len(secrets))
	for _, s := range secrets {
		wh, err := standardwebhooks.NewWebhook(s)
		if err != nil {
			return "", err
		}
		sig, err := wh.Sign(id, at, body)
		if err != nil {
			return "", err
		}
		sigs = append(sigs, sig)
	}
	return strings.Join(sigs, " "), nil
}

// send makes one attempt of c.
func (d *Dispatcher) send(ctx context.Context, c models.ClaimedDelivery) result {
	body := []byte(c.Message.Payload)
	now := d.cfg.Clock.Now()
	sig, err := Sign(c.Endpoint.SigningSecrets(now), c.Message.ID, now, body)
	if err != nil {
		return result{class: "secret"}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Endpoint.URL, bytes.NewReader(body))
	if err != nil {
		return result{class: "url"}
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", userAgent)
	h.Set(standardwebhooks.HeaderWebhookID, c.Message.ID)
	h.Set(standardwebhooks.HeaderWebhookTimestamp, strconv.FormatInt(now.Unix(), 10))
	h.Set(standardwebhooks.HeaderWebhookSignature, sig)
	resp, err := d.client.Do(req)
	if err != nil {
		return result{class: errorClass(err)}
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseBody))
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return result{status: resp.StatusCode}
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return result{class: "redirect", status: resp.StatusCode}
	default:
		return result{class: "status", status: resp.StatusCode}
	}
}

// errorClass names a failed attempt's cause without its text (which may
// hold addresses or a receiver's words).
func errorClass(err error) string {
	var ne net.Error
	var re *RefusedError
	var ce *tls.CertificateVerificationError
	var rh tls.RecordHeaderError
	switch {
	case errors.As(err, &re):
		return "refused_address"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.As(err, &ce) || errors.As(err, &rh):
		return "tls"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	default:
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) {
			return "dns"
		}
		return "connection"
	}
}

// backoff is the wait after the n-th failure (n ≥ 1): full jitter over
// min(max, base·2^(n-1)).
func backoff(base, maxWait time.Duration, n int) time.Duration {
	c := base
	for i := 1; i < n && c < maxWait; i++ {
		c *= 2
	}
	c = min(c, maxWait)
	if c <= 0 {
		return 0
	}
	return rand.N(c)
}
