package models

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
)

// BenchmarkCreateSubmissionParallel stores submissions with a 90 KB PDF
// from 32 goroutines: through the SQLite writer's batches ("batched"), and
// with one transaction a write as before the writer ("per-request", and
// PostgreSQL's way). It reports the writes a batch held.
func BenchmarkCreateSubmissionParallel(b *testing.B) {
	for _, mode := range []string{"batched", "per-request"} {
		b.Run(mode, func(b *testing.B) {
			s := mustStore(b)
			if mode == "per-request" && s.w != nil {
				s.stopWriter()
				s.w = nil
			} else if mode == "batched" && s.w == nil {
				b.Skip("the writer runs on SQLite only")
			}
			ctx := context.Background()
			_, k, _ := s.CreateKey(ctx, "portal", RolePortal)
			if err := s.CreatePatient(ctx, &Patient{ID: "p1", ExternalID: "MRN-1", CreatedBy: k.ID}, Event{Actor: k.ID, Action: "patient.create"}); err != nil {
				b.Fatal(err)
			}
			pdf := make([]byte, 90<<10)
			var n atomic.Int64
			b.SetParallelism(16)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					sub, doc, ev := newSubmission(s, fmt.Sprintf("s-%08d", i), "p1", k.ID, int(i))
					doc.PDF = append(pdf[:0:0], pdf...)
					copy(doc.PDF, fmt.Sprint(i))
					doc.SHA256, doc.Size = sha256Hex(doc.PDF), len(doc.PDF)
					if _, err := s.CreateSubmission(ctx, sub, doc, ev); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			if batches, writes := s.WriteStats(); batches > 0 {
				b.ReportMetric(float64(writes)/float64(batches), "writes/batch")
			}
		})
	}
}
