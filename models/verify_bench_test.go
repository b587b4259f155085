package models

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"gorm.io/gorm"
)

// BenchmarkVerifyChain measures audit chain verification (DESIGN.md:
// ≥ 200,000 events/s) on a store of the test run's engine holding a valid
// chain of CONSENTRY_BENCH_EVENTS events (default 20,000), appended
// through the store's own write path in transactions of 1,000, and no
// records. It reports events/s: the events checked over the time one
// Verify took.
//
//	CONSENTRY_BENCH_EVENTS=1000000 go test ./models -run '^$' -bench VerifyChain -benchtime 3x
func BenchmarkVerifyChain(b *testing.B) {
	n := 20000
	if env := os.Getenv("CONSENTRY_BENCH_EVENTS"); env != "" {
		v, err := strconv.Atoi(env)
		if err != nil || v < 1 {
			b.Fatalf("CONSENTRY_BENCH_EVENTS=%q: want a number of events", env)
		}
		n = v
	}
	s := mustStore(b)
	ctx := context.Background()
	const batch = 1000
	for lo := 0; lo < n; lo += batch {
		evs := make([]Event, min(batch, n-lo))
		for i := range evs {
			p := fmt.Sprintf("10000000-0000-4000-8000-%012x", (lo+i)%5000)
			evs[i] = Event{Actor: "0193a5a0-0000-7000-8000-000000000002", Role: RoleClinician, Action: "document.read",
				Subject: "patient/" + p, PatientID: p, IP: "10.0.0.7", UserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)"}
		}
		err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			_, err := s.appendEvents(tx, evs)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	var checked int64
	for b.Loop() {
		v, err := s.Verify(ctx, nil)
		if err != nil || !v.OK || v.EventsChecked != int64(n) {
			b.Fatalf("verify: %v, %+v", err, v)
		}
		checked += v.EventsChecked
	}
	b.ReportMetric(float64(checked)/b.Elapsed().Seconds(), "events/s")
}
