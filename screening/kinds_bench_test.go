package screening

import (
	"testing"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/forms/formstest"
)

// BenchmarkParseAndAssessKind measures validate + score + screen of one
// submission of every built-in kind (DESIGN.md: ≤ 100 µs), as records'
// Submit does it (ParseSubmission, then Assess), and the consent with a
// 600 × 200 drawn signature (budget: adds ≤ 0.3 ms), whose PNG forms
// checks and normalises while it parses.
func BenchmarkParseAndAssessKind(b *testing.B) {
	cat, v, sc := forms.Builtin(), forms.NewValidator(), DefaultScreener()
	pt := Patient{Sex: "female", BirthDate: "1990-01-01"}
	run := func(name string, body []byte) {
		b.Run(name, func(b *testing.B) {
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
	for _, d := range cat.List() {
		if d.Kind == forms.KindKAPConsent {
			continue
		}
		run(d.Kind, formstest.JSON(b, formstest.Body(b, d.Kind)))
	}
	run("kap-consent/typed", formstest.JSON(b, consentBody(b, "")))
	run("kap-consent/drawn-600x200", formstest.JSON(b, consentBody(b, formstest.CanvasSignature(b, 600, 200))))
}

// consentBody is a valid kap-consent submission, with the drawn
// signature drawn (base64 PNG) unless it is "".
func consentBody(tb testing.TB, drawn string) map[string]any {
	def, err := forms.Builtin().Current(forms.KindKAPConsent)
	if err != nil {
		tb.Fatal(err)
	}
	initials, clauses := map[string]any{}, map[string]any{}
	for _, s := range def.Sections {
		if s.InitialsRequired {
			initials[s.ID] = "NTM"
		}
	}
	for i, c := range def.Clauses {
		initials[c.ID] = "NTM"
		clauses[c.ID] = i%2 == 1
	}
	clauses["support-person-contact"] = true
	sig := map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true}
	if drawn != "" {
		sig["drawn_png"] = drawn
	}
	return map[string]any{
		"form": def.Kind, "version": def.Version, "patient_id": "01a214a6-2ae0-7244-9c97-75faa9428252",
		"answers": map[string]any{"clauses": clauses,
			"support_person": map[string]any{"name": "Дмитрий Иванов", "relationship": "friend", "phone": "+74951234567"}},
		"initials": initials, "signature": sig, "electronic_records_consent": true,
	}
}
