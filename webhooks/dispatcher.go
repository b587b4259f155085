package webhooks

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/consentry/consentry/models"
)

// Store is what a Dispatcher needs of the database; *models.Store is the
// one implementation.
type Store interface {
	DueWebhookEndpoints(ctx context.Context, now time.Time) ([]string, error)
	ClaimWebhookDeliveries(ctx context.Context, endpointID string, n int, now time.Time, lease time.Duration) ([]models.ClaimedDelivery, error)
	FinishWebhookDelivery(ctx context.Context, id, token string, o models.DeliveryOutcome) error
	ReleaseWebhookDelivery(ctx context.Context, id, token string) error
	WebhookStats(ctx context.Context) (models.WebhookStats, error)
}

// Defaults of a Config.
const (
	DefaultTimeout     = 10 * time.Second
	DefaultMaxAttempts = 20
	DefaultMaxAge      = 24 * time.Hour
	DefaultBackoffBase = 5 * time.Second
	DefaultBackoffMax  = time.Hour
	DefaultPerEndpoint = 4
	DefaultPoll        = time.Second
)

// Config is what a Dispatcher is made of; cmd builds it from
// CONSENTRY_WEBHOOK_*.
type Config struct {
	Store Store
	// Guard refuses addresses when the client dials (required).
	Guard *Guard
	// Timeout bounds one attempt, connection to last byte.
	Timeout time.Duration
	// MaxAttempts and MaxAge: a delivery is dead after MaxAttempts
	// failed attempts, or when its next attempt would come more than
	// MaxAge after its event.
	MaxAttempts int
	MaxAge      time.Duration
	// BackoffBase and BackoffMax: after the n-th failure the next attempt
	// waits a random time in [0, min(BackoffMax, BackoffBase·2^(n-1)))
	// (exponential backoff with full jitter).
	BackoffBase, BackoffMax time.Duration
	// PerEndpoint bounds the attempts under way at once to one endpoint
	// from this process.
	PerEndpoint int
	// Poll is how often the outbox is looked at for due deliveries.
	Poll time.Duration
	// Clock is the dispatcher's clock (default the wall clock).
	Clock models.Clock
	// Logger hears of failed attempts (ids and error classes only).
	Logger *slog.Logger
}

// Dispatcher delivers the outbox. Several dispatchers (one per replica)
// may share one PostgreSQL database: each delivery is claimed by one.
type Dispatcher struct {
	cfg    Config
	client *http.Client

	mu       sync.Mutex
	inflight map[string]int // endpoint id to attempts under way
	wg       sync.WaitGroup
}

// New checks cfg and returns its Dispatcher.
func New(cfg Config) (*Dispatcher, error) {
	if cfg.Store == nil {
		return nil, errors.New("webhooks: no store")
	}
	if cfg.Guard == nil {
		return nil, errors.New("webhooks: no guard")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.Timeout, DefaultTimeout)
	def(&cfg.MaxAge, DefaultMaxAge)
	def(&cfg.BackoffBase, DefaultBackoffBase)
	def(&cfg.BackoffMax, DefaultBackoffMax)
	def(&cfg.Poll, DefaultPoll)
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.PerEndpoint <= 0 {
		cfg.PerEndpoint = DefaultPerEndpoint
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Dispatcher{cfg: cfg, client: newClient(cfg.Guard, cfg.Timeout), inflight: map[string]int{}}, nil
}

// lease is how long a claim holds a delivery: past one attempt's timeout,
// so that another replica takes it over only when this one is gone.
func (d *Dispatcher) lease() time.Duration { return 2*d.cfg.Timeout + 30*time.Second }

// Run delivers until ctx ends, then waits for the attempts under way:
// they are cut off, and their deliveries released uncounted, so that the
// next start (or another replica) sends them again.
func (d *Dispatcher) Run(ctx context.Context) {
	t := time.NewTicker(d.cfg.Poll)
	defer t.Stop()
	for {
		d.dispatch(ctx)
		select {
		case <-ctx.Done():
			d.wg.Wait()
			return
		case <-t.C:
		}
	}
}

// dispatch claims what each due endpoint has room for and starts it.
func (d *Dispatcher) dispatch(ctx context.Context) {
	now := d.cfg.Clock.Now()
	eps, err := d.cfg.Store.DueWebhookEndpoints(ctx, now)
	if err != nil {
		if ctx.Err() == nil {
			d.cfg.Logger.Warn("webhooks: looking for due deliveries failed", "error", err.Error())
		}
		return
	}
	for _, ep := range eps {
		d.mu.Lock()
		free := d.cfg.PerEndpoint - d.inflight[ep]
		d.mu.Unlock()
		if free <= 0 {
			continue // a slow endpoint waits for its own attempts only
		}
		claimed, err := d.cfg.Store.ClaimWebhookDeliveries(ctx, ep, free, now, d.lease())
		if err != nil {
			if ctx.Err() == nil {
				d.cfg.Logger.Warn("webhooks: claiming deliveries failed", "endpoint", ep, "error", err.Error())
			}
			return
		}
		for _, c := range claimed {
			d.mu.Lock()
			d.inflight[ep]++
			d.mu.Unlock()
			d.wg.Add(1)
			go func(c models.ClaimedDelivery) {
				defer d.wg.Done()
				defer func() {
					d.mu.Lock()
					if d.inflight[ep]--; d.inflight[ep] <= 0 {
						delete(d.inflight, ep)
					}
					d.mu.Unlock()
				}()
				d.deliver(ctx, c)
			}(c)
		}
	}
}

// deliver makes one attempt and records its outcome.
func (d *Dispatcher) deliver(ctx context.Context, c models.ClaimedDelivery) {
	res := d.send(ctx, c)
	// The outcome is recorded even as the dispatcher stops.
	settle, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if res.class != "" && ctx.Err() != nil {
		// Cut off by shutdown: not the endpoint's failure.
		if err := d.cfg.Store.ReleaseWebhookDelivery(settle, c.Delivery.ID, c.Delivery.ClaimToken); err != nil {
			d.cfg.Logger.Warn("webhooks: releasing a delivery failed", "delivery", c.Delivery.ID, "error", err.Error())
		}
		return
	}
	now := d.cfg.Clock.Now()
	o := models.DeliveryOutcome{Status: models.DeliveryDelivered, Error: res.class, HTTPStatus: res.status, At: now}
	if res.class != "" {
		attempts := c.Delivery.Attempts + 1
		next := now.Add(backoff(d.cfg.BackoffBase, d.cfg.BackoffMax, attempts))
		o.Status, o.NextAttemptAt = models.DeliveryPending, next
		if attempts >= d.cfg.MaxAttempts || next.Sub(c.Message.CreatedAt) > d.cfg.MaxAge {
			o.Status = models.DeliveryDead
		}
		d.cfg.Logger.Warn("webhooks: attempt failed", "delivery", c.Delivery.ID, "endpoint", c.Endpoint.ID,
			"event", c.Message.ID, "attempt", attempts, "error_class", res.class, "http_status", res.status, "outcome", o.Status)
	}
	if err := d.cfg.Store.FinishWebhookDelivery(settle, c.Delivery.ID, c.Delivery.ClaimToken, o); err != nil {
		// The lease runs out and the delivery is sent again: at least once.
		d.cfg.Logger.Warn("webhooks: recording an attempt failed", "delivery", c.Delivery.ID, "error", err.Error())
	}
}

// Stats returns the outbox's backlog (pending deliveries) and failures
// (dead deliveries and failed attempts), for metrics.
func (d *Dispatcher) Stats(ctx context.Context) (models.WebhookStats, error) {
	return d.cfg.Store.WebhookStats(ctx)
}
