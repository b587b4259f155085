package screening

import (
	"slices"
	"strings"

	"github.com/consentry/consentry/forms"
)

// psychiatricRules read the psychiatric history (DOMAIN §3).
var psychiatricRules = []Rule{
	{
		ID: "psychosis", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "Current psychosis, or a history of schizophrenia or schizoaffective disorder",
		Source:  "Clinic and trial exclusion criteria (e.g. Toronto Ketamine Clinic; ED ketamine trial, PMC10812090)",
		When: listed(func(f *Facts) []string {
			ps := f.History.Psychiatric
			var out []string
			if ps.Psychosis == forms.RecencyNow {
				out = append(out, "psychotic experiences in the last 2 weeks")
			}
			for _, d := range []string{"schizophrenia", "schizoaffective"} {
				if slices.Contains(ps.Diagnoses, d) {
					out = append(out, d+" diagnosis")
				}
			}
			return out
		}),
	},
	{
		ID: "psychosis-history", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Past psychotic experiences or another psychotic disorder",
		Source:  "Clinic practice: ketamine can bring on psychotic symptoms, so a past episode needs a clinician's judgement (DOMAIN §3 excludes only current psychosis and schizophrenia-spectrum history)",
		When: listed(func(f *Facts) []string {
			ps := f.History.Psychiatric
			if ps.Psychosis == forms.RecencyNow || slices.Contains(ps.Diagnoses, "schizophrenia") || slices.Contains(ps.Diagnoses, "schizoaffective") {
				return nil // the psychosis rule fires instead
			}
			var out []string
			if ever(ps.Psychosis) {
				out = append(out, "psychotic experiences "+recencyWords(ps.Psychosis))
			}
			if slices.Contains(ps.Diagnoses, "other-psychotic-disorder") {
				out = append(out, "other psychotic disorder diagnosis")
			}
			return out
		}),
	},
	{
		ID: "mania-current", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "Current manic or hypomanic episode",
		Source:  "Trial exclusion criteria (PMC10812090)",
		When:    fires(func(f *Facts) bool { return f.History.Psychiatric.Mania == forms.RecencyNow }),
	},
	{
		ID: "bipolar", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Bipolar disorder or a past manic episode, without current mania",
		Source:  "Clinic practice: ketamine can trigger mania; plan mood-stabiliser cover and monitoring (DOMAIN §3)",
		When: listed(func(f *Facts) []string {
			ps := f.History.Psychiatric
			if ps.Mania == forms.RecencyNow {
				return nil
			}
			var out []string
			for _, d := range []string{"bipolar-i", "bipolar-ii", "cyclothymia"} {
				if slices.Contains(ps.Diagnoses, d) {
					out = append(out, d+" diagnosis")
				}
			}
			if ever(ps.Mania) {
				out = append(out, "manic or hypomanic episode "+recencyWords(ps.Mania))
			}
			return out
		}),
	},
	{
		ID: "suicidality-recent", Severity: SeverityReview, Urgent: true, From: EvidenceHistory,
		Message: "Suicidal thoughts in the last month or a suicide attempt in the last 12 months",
		Source:  "PHQ-9 scoring practice: reported suicidal thoughts or an attempt are a safety flag needing a same-day assessment (DOMAIN §3)",
		When: listed(func(f *Facts) []string {
			ps := f.History.Psychiatric
			var out []string
			if within(ps.SuicidalThoughts, forms.RecencyPastMonth) {
				out = append(out, "suicidal thoughts "+recencyWords(ps.SuicidalThoughts))
			}
			if within(ps.SuicideAttempt, forms.RecencyPast12Months) {
				out = append(out, "suicide attempt "+recencyWords(ps.SuicideAttempt))
			}
			return out
		}),
	},
	{
		ID: "suicidality-history", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Past suicidal thoughts or suicide attempt",
		Source:  "PHQ-9 scoring practice (DOMAIN §3); a past attempt is the strongest single risk factor for suicide, so it is always shown, but not as urgent when it is not recent",
		When: listed(func(f *Facts) []string {
			ps := f.History.Psychiatric
			if within(ps.SuicidalThoughts, forms.RecencyPastMonth) || within(ps.SuicideAttempt, forms.RecencyPast12Months) {
				return nil // suicidality-recent fires instead
			}
			var out []string
			if ever(ps.SuicidalThoughts) {
				out = append(out, "suicidal thoughts "+recencyWords(ps.SuicidalThoughts))
			}
			if ever(ps.SuicideAttempt) {
				out = append(out, "suicide attempt "+recencyWords(ps.SuicideAttempt))
			}
			return out
		}),
	},
	{
		ID: "ketamine-hypersensitivity", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "Hypersensitivity or a prior serious adverse reaction to ketamine or esketamine",
		Source:  "Spravato (esketamine) label, contraindications: hypersensitivity to esketamine, ketamine or any excipient; Miller's Anesthesia",
		When: listed(func(f *Facts) []string {
			var out []string
			r := f.History.Psychiatric.PriorKetamine.Reactions
			for _, x := range []string{"allergic-reaction", "serious-reaction"} {
				if slices.Contains(r, x) {
					out = append(out, x)
				}
			}
			for _, a := range f.History.Allergies {
				if isKetamineName(a.Substance) {
					out = append(out, "allergy listed: "+a.Substance)
				}
			}
			return out
		}),
	},
	{
		ID: "prior-ketamine-reaction", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Prior adverse reaction to ketamine or esketamine",
		Source:  "Clinic practice: a past reaction shapes the dose, monitoring and rescue plan",
		When: listed(func(f *Facts) []string {
			var out []string
			for _, x := range f.History.Psychiatric.PriorKetamine.Reactions {
				if x != "allergic-reaction" && x != "serious-reaction" {
					out = append(out, x)
				}
			}
			return out
		}),
	},
}

// isKetamineName reports whether an allergy's free text names ketamine or
// esketamine, by generic or brand name.
func isKetamineName(s string) bool {
	s = strings.ToLower(s)
	for _, n := range []string{"ketamine", "ketalar", "spravato"} {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}
