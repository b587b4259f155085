package forms

import "testing"

// BenchmarkParseAndAssess measures validate + score + screen of one
// submission of each screened kind (budget: 100 µs, DESIGN.md).
func BenchmarkParseAndAssess(b *testing.B) {
	cat, v, sc := Builtin(), NewValidator(), DefaultScreener()
	ctx := Context{Sex: "female", BirthDate: "1990-01-01", Now: vignetteNow}
	for _, kind := range []string{KindMedicalHistory, KindPHQ9, KindPreSessionChecklist, KindIntegrationFollowup, KindTreatmentPlan} {
		body := mustJSON(b, validBody(b, kind))
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sub, err := cat.ParseSubmission(v, body)
				if err != nil {
					b.Fatal(err)
				}
				sc.Assess(sub, ctx)
			}
		})
	}
}
