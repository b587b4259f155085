package api

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limits bound how fast a client may go. They are per process: behind a
// load balancer over N replicas a client gets up to N times as much.
type Limits struct {
	// AuthFailuresPerMinute is how many requests with a missing or wrong
	// key one client address may make a minute (with a burst of as many)
	// before every request from it is refused with 429 until it slows
	// down. Zero turns the limit off.
	AuthFailuresPerMinute int
	// RequestsPerSecond is how many requests one API key may make a
	// second (with a burst of twice as many). Zero turns the limit off.
	RequestsPerSecond int
}

// DefaultLimits are generous: no honest portal or clinician client comes
// near them; a key-guessing loop does at once.
var DefaultLimits = Limits{AuthFailuresPerMinute: 30, RequestsPerSecond: 1000}

// limiter keeps a token bucket per name (a client address or a key id),
// forgetting buckets that have been full and idle for a while so that
// the map stays small.
type limiter struct {
	every rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	l    *rate.Limiter
	seen time.Time
}

// newLimiter returns a limiter of perSecond tokens a second and burst, or
// nil (no limit) for a rate of zero.
func newLimiter(perSecond float64, burst int) *limiter {
	if perSecond <= 0 {
		return nil
	}
	return &limiter{every: rate.Limit(perSecond), burst: max(burst, 1), buckets: map[string]*bucket{}}
}

// idleAfter is how long an unused bucket is kept.
const idleAfter = 10 * time.Minute

func (l *limiter) get(name string, now time.Time) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > idleAfter {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > idleAfter {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[name]
	if b == nil {
		b = &bucket{l: rate.NewLimiter(l.every, l.burst)}
		l.buckets[name] = b
	}
	b.seen = now
	return b.l
}

// allow takes a token for name, or says how many whole seconds to wait
// for one.
func (l *limiter) allow(name string) (ok bool, retryAfter int) {
	if l == nil {
		return true, 0
	}
	now := time.Now()
	r := l.get(name, now).ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, int(math.Ceil(d.Seconds()))
	}
	return true, 0
}

// blocked reports whether name has no token left, without taking one,
// and how long until it has.
func (l *limiter) blocked(name string) (bool, int) {
	if l == nil {
		return false, 0
	}
	now := time.Now()
	lim := l.get(name, now)
	if lim.TokensAt(now) >= 1 {
		return false, 0
	}
	missing := 1 - lim.TokensAt(now)
	return true, int(math.Ceil(missing / float64(l.every)))
}
