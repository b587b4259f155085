package screening

import (
	"fmt"

	"github.com/consentry/consentry/forms"
)

// patientRules read the patient record.
var patientRules = []Rule{
	{
		ID: "age-under-minimum", Severity: SeverityExclude, From: EvidencePatient,
		Message: "Below the clinic's minimum age",
		Source:  "Clinic criteria (default minimum 18)",
		When: func(f *Facts, s *Settings) (string, bool) {
			return fmt.Sprintf("age %d (minimum %d)", *f.Age, s.MinAge), *f.Age < s.MinAge
		},
	},
	{
		ID: "age-over-maximum", Severity: SeverityExclude, From: EvidencePatient,
		Message: "Above the clinic's upper age limit",
		Source:  "Clinic criteria (configurable upper age; none by default)",
		When: func(f *Facts, s *Settings) (string, bool) {
			return fmt.Sprintf("age %d (maximum %d)", *f.Age, s.MaxAge), s.MaxAge > 0 && *f.Age > s.MaxAge
		},
	},
}

// planRules read the treatment plan.
var planRules = []Rule{
	{
		ID: "capacity-in-doubt", Severity: SeverityExclude, From: EvidencePlan,
		Message: "The prescriber recorded doubt about the patient's capacity to consent",
		Source:  "Toronto Ketamine Clinic exclusion criteria: dementia, symptomatic brain injury, or doubt about capacity to consent",
		When:    fires(func(f *Facts) bool { return f.Plan.CapacityToConsent == "in-doubt" }),
	},
	{
		ID: "dose-above-typical", Severity: SeverityInfo, From: EvidencePlan,
		Message: "Planned dose above the usual dose for the route",
		Source:  "Per-route dose ranges of the 2026-11 plan (DOMAIN §1; see DoseRangeFor)",
		When: func(f *Facts, _ *Settings) (string, bool) {
			r, ok := forms.DoseRangeFor(f.Plan.Route)
			d := f.Plan.Dose
			if !ok || r.Typical == 0 || d == nil || d.Amount == nil {
				return "", false
			}
			return fmt.Sprintf("%g %s %s (usual up to %g %s)", *d.Amount, d.Unit, f.Plan.Route, r.Typical, r.Unit), *d.Amount > r.Typical
		},
	},
}
