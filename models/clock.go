package models

import "time"

// Clock is the server's one clock: cmd makes it and hands the same one to
// the store and to the use cases, and tests fix it. Read it with Now.
type Clock func() time.Time

// SystemClock is the wall clock.
func SystemClock() time.Time { return time.Now() }

// Now returns the clock's time in UTC at microsecond precision, the
// precision every supported database keeps, so that a time shown on a
// record reads back from the store unchanged. It is the one place times
// are truncated. A nil Clock is the wall clock.
func (c Clock) Now() time.Time {
	if c == nil {
		c = SystemClock
	}
	return c().UTC().Truncate(time.Microsecond)
}
