package records

import "time"

// Observer is told how long each step of the one write path took and which
// screening flags each stored record raised, for the server's metrics. It
// is given durations, rule ids and severities only: never patient data.
// Its methods must be quick and safe for concurrent use. records knows
// nothing of how they are exported; cmd passes the API's metrics.
type Observer interface {
	// Rendered is the time pdf.Render took for one record.
	Rendered(d time.Duration)
	// Sealed is the time the seal (signature, and time-stamp and
	// revocation data when configured) took for one record.
	Sealed(d time.Duration)
	// Stored is the time the store took to write one record, its
	// document and its audit event.
	Stored(d time.Duration)
	// Flagged is one screening flag a stored record raised.
	Flagged(rule, severity string)
}

// noObserver is the Observer of a Service configured without one.
type noObserver struct{}

func (noObserver) Rendered(time.Duration) {}
func (noObserver) Sealed(time.Duration)   {}
func (noObserver) Stored(time.Duration)   {}
func (noObserver) Flagged(string, string) {}
