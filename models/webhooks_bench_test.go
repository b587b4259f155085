package models

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
)

// BenchmarkCreateSubmissionWebhooks stores submissions that tell of a
// submission.created event from 32 goroutines, with no endpoint and with
// two subscribed ones: what the outbox adds to a write (a look at the
// endpoints, a message and its deliveries, in the write's transaction).
func BenchmarkCreateSubmissionWebhooks(b *testing.B) {
	for _, endpoints := range []int{0, 2} {
		b.Run(fmt.Sprintf("endpoints=%d", endpoints), func(b *testing.B) {
			s := mustStore(b)
			ctx := context.Background()
			_, k, _ := s.CreateKey(ctx, "portal", RolePortal)
			if err := s.CreatePatient(ctx, &Patient{ID: "p1", ExternalID: "MRN-1", CreatedBy: k.ID}, Event{Actor: k.ID, Action: "patient.create"}); err != nil {
				b.Fatal(err)
			}
			for range endpoints {
				ep := &WebhookEndpoint{URL: "https://example.org/h", Events: EncodeWebhookEvents(WebhookEventTypes), Active: true, CreatedBy: k.ID}
				if err := s.CreateWebhookEndpoint(ctx, ep, Event{Actor: k.ID, Action: "webhook.create"}); err != nil {
					b.Fatal(err)
				}
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
					ev.Webhooks = []WebhookEvent{{Type: WebhookSubmissionCreated, Data: map[string]any{
						"submission_id": sub.ID, "patient_id": "p1", "form": sub.Form, "version": sub.Version,
						"document_sha256": doc.SHA256}}}
					if _, err := s.CreateSubmission(ctx, sub, doc, ev); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
