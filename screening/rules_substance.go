package screening

import (
	"fmt"

	"github.com/consentry/consentry/forms"
)

// substanceRules read the substance-use history (DOMAIN §3: substance use
// disorder now or in the last 3 months, any ketamine/PCP misuse; review,
// exclude if active). "Active" is taken as present in the last 2 weeks for
// a use disorder, and as use in the last month for ketamine or PCP.
var substanceRules = []Rule{
	{
		ID: "substance-use-disorder-active", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "Active substance use disorder",
		Source:  "CRTCE; PMC10812090: substance use disorder now or in the last 3 months, excluded when active",
		When:    fires(func(f *Facts) bool { return f.History.SubstanceUse.Disorder == forms.RecencyNow }),
	},
	{
		ID: "substance-use-disorder-recent", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Substance use disorder in the last 3 months",
		Source:  "CRTCE; PMC10812090: substance use disorder now or in the last 3 months",
		When: func(f *Facts, _ *Settings) (string, bool) {
			d := f.History.SubstanceUse.Disorder
			return "last present " + recencyWords(d), d == forms.RecencyPastMonth || d == forms.RecencyPast3Months
		},
	},
	{
		ID: "ketamine-misuse-active", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "Ketamine or PCP used outside treatment in the last month",
		Source:  "CRTCE; PMC10812090: any ketamine/PCP misuse, excluded when active",
		When: func(f *Facts, _ *Settings) (string, bool) {
			k := f.History.SubstanceUse.KetaminePCP
			return fmt.Sprintf("last use %s; %s in the past 12 months", recencyWords(k.LastUse), k.Frequency), within(k.LastUse, forms.RecencyPastMonth)
		},
	},
	{
		ID: "ketamine-misuse-history", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Ketamine or PCP used outside treatment in the past",
		Source:  "CRTCE; PMC10812090: any ketamine/PCP misuse",
		When: func(f *Facts, _ *Settings) (string, bool) {
			k := f.History.SubstanceUse.KetaminePCP
			return "last use " + recencyWords(k.LastUse), ever(k.LastUse) && !within(k.LastUse, forms.RecencyPastMonth)
		},
	},
	{
		ID: "nonprescribed-use-recent", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Non-prescribed opioids, stimulants, sedatives or other drugs in the last 3 months: assess for a substance use disorder",
		Source:  "CRTCE; PMC10812090 (substance use disorder in the last 3 months); Spravato patient information (opioids and sedatives add to sedation, stimulants to blood pressure)",
		When: listed(func(f *Facts) []string {
			su := f.History.SubstanceUse
			var out []string
			for _, s := range []struct {
				name string
				it   *forms.SubstanceUseItem
			}{{"opioids", su.Opioids}, {"stimulants", su.Stimulants}, {"sedatives", su.Sedatives}, {"other drugs", su.Other}} {
				if within(s.it.LastUse, forms.RecencyPast3Months) {
					out = append(out, fmt.Sprintf("%s (%s in the past 12 months, last %s)", s.name, s.it.Frequency, recencyWords(s.it.LastUse)))
				}
			}
			return out
		}),
	},
	{
		ID: "cannabis-daily", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Daily or almost daily cannabis use: assess for cannabis use disorder and psychosis risk",
		Source:  "CRTCE; PMC10812090 (substance use disorder in the last 3 months); clinic practice",
		When: fires(func(f *Facts) bool {
			c := f.History.SubstanceUse.Cannabis
			return c.Frequency == "daily" && within(c.LastUse, forms.RecencyPast3Months)
		}),
	},
}
