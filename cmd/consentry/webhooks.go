package main

import (
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/webhooks"
)

// webhookConfig is CONSENTRY_WEBHOOK_*: how the dispatcher delivers and
// which endpoint addresses are allowed.
type webhookConfig struct {
	AllowPrivate            bool
	Timeout                 time.Duration
	MaxAttempts             int
	MaxAge                  time.Duration
	BackoffBase, BackoffMax time.Duration
	PerEndpoint             int
	Poll                    time.Duration
}

// loadWebhookOptions reads CONSENTRY_WEBHOOK_*.
func loadWebhookOptions(getenv func(string) string, c *webhookConfig) error {
	*c = webhookConfig{
		Timeout: webhooks.DefaultTimeout, MaxAttempts: webhooks.DefaultMaxAttempts, MaxAge: webhooks.DefaultMaxAge,
		BackoffBase: webhooks.DefaultBackoffBase, BackoffMax: webhooks.DefaultBackoffMax,
		PerEndpoint: webhooks.DefaultPerEndpoint, Poll: webhooks.DefaultPoll,
	}
	switch v := getenv("CONSENTRY_WEBHOOK_ALLOW_PRIVATE"); v {
	case "", "false":
	case "true":
		c.AllowPrivate = true
	default:
		return fmt.Errorf("CONSENTRY_WEBHOOK_ALLOW_PRIVATE must be true or false")
	}
	for _, d := range []struct {
		name     string
		dst      *time.Duration
		min, max time.Duration
	}{
		{"CONSENTRY_WEBHOOK_TIMEOUT", &c.Timeout, 100 * time.Millisecond, 5 * time.Minute},
		{"CONSENTRY_WEBHOOK_MAX_AGE", &c.MaxAge, time.Second, 30 * 24 * time.Hour},
		{"CONSENTRY_WEBHOOK_BACKOFF_BASE", &c.BackoffBase, time.Millisecond, time.Hour},
		{"CONSENTRY_WEBHOOK_BACKOFF_MAX", &c.BackoffMax, time.Millisecond, 24 * time.Hour},
		{"CONSENTRY_WEBHOOK_POLL", &c.Poll, 10 * time.Millisecond, time.Minute},
	} {
		if s := getenv(d.name); s != "" {
			v, err := time.ParseDuration(s)
			if err != nil || v < d.min || v > d.max {
				return fmt.Errorf("%s must be a duration from %s to %s", d.name, d.min, d.max)
			}
			*d.dst = v
		}
	}
	for _, n := range []struct {
		name string
		dst  *int
		max  int
	}{{"CONSENTRY_WEBHOOK_MAX_ATTEMPTS", &c.MaxAttempts, 1000}, {"CONSENTRY_WEBHOOK_CONCURRENCY", &c.PerEndpoint, 256}} {
		if s := getenv(n.name); s != "" {
			v, err := strconv.Atoi(s)
			if err != nil || v < 1 || v > n.max {
				return fmt.Errorf("%s must be a whole number from 1 to %d", n.name, n.max)
			}
			*n.dst = v
		}
	}
	if c.BackoffMax < c.BackoffBase {
		return fmt.Errorf("CONSENTRY_WEBHOOK_BACKOFF_MAX must not be below CONSENTRY_WEBHOOK_BACKOFF_BASE")
	}
	return nil
}

// webhookGuard refuses endpoint URLs outside what the configuration
// allows, and the service's own address.
func webhookGuard(cfg *config, self ...string) *webhooks.Guard {
	return &webhooks.Guard{AllowPrivate: cfg.Webhooks.AllowPrivate, Self: append([]string{cfg.Addr}, self...)}
}

// newDispatcher builds the webhook dispatcher of serve.
func newDispatcher(cfg *config, store *models.Store, guard *webhooks.Guard, log *slog.Logger) (*webhooks.Dispatcher, error) {
	w := cfg.Webhooks
	return webhooks.New(webhooks.Config{
		Store: store, Guard: guard, Timeout: w.Timeout, MaxAttempts: w.MaxAttempts, MaxAge: w.MaxAge,
		BackoffBase: w.BackoffBase, BackoffMax: w.BackoffMax, PerEndpoint: w.PerEndpoint, Poll: w.Poll,
		Clock: clock, Logger: log,
	})
}
