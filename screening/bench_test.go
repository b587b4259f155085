package screening

import (
	"testing"

	"github.com/consentry/consentry/forms"

	"github.com/consentry/consentry/forms/formstest"
)

// BenchmarkParseAndAssess measures validate + score + screen of one
// submission of each screened kind (budget: 100 µs, DESIGN.md).
func BenchmarkParseAndAssess(b *testing.B) {
	cat, v, sc := forms.Builtin(), forms.NewValidator(), DefaultScreener()
	pt := Patient{Sex: "female", BirthDate: "1990-01-01"}
	for _, kind := range []string{forms.KindMedicalHistory, forms.KindPHQ9, forms.KindPreSessionChecklist, forms.KindIntegrationFollowup, forms.KindTreatmentPlan} {
		body := formstest.JSON(b, formstest.Body(b, kind))
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sub, err := cat.ParseSubmission(v, body)
				if err != nil {
					b.Fatal(err)
				}
				sc.Assess(sub, pt, vignetteNow)
			}
		})
	}
}
