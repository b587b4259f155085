package screening

import (
	"fmt"

	"github.com/consentry/consentry/forms"
)

// medicationRules read the current medications (DOMAIN §3).
var medicationRules = []Rule{
	{
		ID: "benzodiazepine-dose", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Benzodiazepine dose above the threshold: may blunt the response to ketamine",
		Source:  "Andrashko et al. 2020 (Front Psychiatry): concomitant benzodiazepines dampen ketamine's antidepressant effect (DOMAIN §3 threshold: about 8 mg diazepam-equivalent a day); one trial excluded more than 3 mg lorazepam-equivalent a day. Equivalences: Ashton Manual (2002)",
		When: func(f *Facts, s *Settings) (string, bool) {
			return fmt.Sprintf("%.1f mg diazepam-equivalent a day (threshold %g mg)", f.DiazepamEqMg, s.BenzodiazepineDiazepamMg),
				f.DiazepamEqMg > s.BenzodiazepineDiazepamMg
		},
	},
	{
		ID: "lamotrigine", Severity: SeverityInfo, From: EvidenceHistory,
		Message: "Takes lamotrigine: many clinics hold it for 24 hours before a session",
		Source:  "Andrade 2017 (J Clin Psychiatry): lamotrigine may attenuate ketamine's effects",
		When: listed(func(f *Facts) []string {
			return ofClass(f.Medicines, forms.ClassLamotrigine)
		}),
	},
	{
		ID: "maoi-or-stimulant", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Takes an MAO inhibitor or a psychostimulant: risk of raised blood pressure",
		Source:  "Spravato (esketamine) patient information and label: psychostimulants and MAOIs can increase blood pressure",
		When: listed(func(f *Facts) []string {
			return ofClass(f.Medicines, forms.ClassMAOI, forms.ClassStimulant)
		}),
	},
	{
		ID: "opioid-or-cns-depressant", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Takes an opioid, a benzodiazepine or another CNS depressant: risk of added sedation and breathing depression",
		Source:  "Spravato (esketamine) patient information and label: opioids, benzodiazepines, alcohol and other CNS depressants increase sedation",
		When: listed(func(f *Facts) []string {
			out := ofClass(f.Medicines, forms.ClassBenzodiazepine, forms.ClassOpioid, forms.ClassCNSDepressant)
			for _, b := range f.History.Medications.Benzodiazepines {
				out = append(out, b.Drug)
			}
			return out
		}),
	},
	{
		ID: "opioid-antagonist", Severity: SeverityInfo, From: EvidenceHistory,
		Message: "Takes an opioid antagonist (naltrexone or nalmefene): evidence on blunting of ketamine's effect is mixed",
		Source:  "Williams et al. 2018 (Am J Psychiatry) found naltrexone attenuated ketamine's antidepressant effect; Yoon et al. 2019 (JAMA Psychiatry) did not",
		When: listed(func(f *Facts) []string {
			return ofClass(f.Medicines, forms.ClassOpioidAntagonist)
		}),
	},
}
