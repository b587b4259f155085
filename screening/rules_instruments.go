package screening

import (
	"fmt"
	"strings"
)

// instrumentRules read the scored questionnaires.
var instrumentRules = []Rule{
	{
		ID: "phq9-item9", Severity: SeverityReview, Urgent: true, From: EvidencePHQ9,
		Message: "PHQ-9 item 9 above 0: thoughts of being better off dead or of self-harm",
		Source:  "PHQ-9 scoring practice: any answer above 0 on item 9 needs a same-day safety assessment, whatever the total",
		When: func(f *Facts, _ *Settings) (string, bool) {
			i := f.PHQ9.Item9
			return fmt.Sprintf("item 9 answered %d (%s); total %d", i, f.PHQ9.Item9Answer(), f.PHQ9.Total), i > 0
		},
	},
	{
		ID: "pcl5-probable-ptsd", Severity: SeverityInfo, From: EvidencePCL5,
		Message: "PCL-5 suggests probable PTSD: confirm by clinical interview",
		Source:  "US VA National Center for PTSD, Using the PCL-5: a total at or above the cutoff (31-33) or the DSM-5 item pattern is a provisional diagnosis",
		When: func(f *Facts, _ *Settings) (string, bool) {
			p := f.PCL5
			var why []string
			if p.ProbablePTSD {
				why = append(why, fmt.Sprintf("total %d at or above cutoff %d", p.Total, p.Cutoff))
			}
			if p.DSM5Pattern {
				why = append(why, "DSM-5 cluster pattern met")
			}
			return strings.Join(why, "; "), len(why) > 0
		},
	},
	{
		ID: "auditc-positive", Severity: SeverityReview, From: EvidenceAUDITC,
		Message: "Positive AUDIT-C: assess for an alcohol use disorder",
		Source:  "Bradley et al. 2007 (Alcohol Clin Exp Res); US VA practice: positive at 4 or more for men, 3 or more for women; substance use disorder in the last 3 months needs review (DOMAIN §3)",
		When: func(f *Facts, _ *Settings) (string, bool) {
			a := f.AUDITC
			return fmt.Sprintf("total %d, cutoff %d (%s)", a.Total, a.Cutoff, a.CutoffBasis), a.Positive
		},
	},
}

// sideEffectRules read the follow-up's side effects of repeated use.
var sideEffectRules = []Rule{
	{
		ID: "haematuria", Severity: SeverityReview, Urgent: true, From: EvidenceSideEffects,
		Message: "Blood in the urine: assess for ketamine-associated cystitis before further dosing",
		Source:  "Psychiatric Annals 2018 (ketamine-associated cystitis)",
		When:    fires(func(f *Facts) bool { return is(f.SideEffects.Bladder.Blood) }),
	},
	{
		ID: "bladder-symptoms", Severity: SeverityReview, From: EvidenceSideEffects,
		Message: "New urinary symptoms: assess for ketamine-associated cystitis",
		Source:  "Psychiatric Annals 2018 (ketamine-associated cystitis)",
		When: listed(func(f *Facts) []string {
			b := f.SideEffects.Bladder
			return yes(b.Urgency, "urgency", b.Frequency, "frequency", b.Pain, "pain")
		}),
	},
	{
		ID: "memory-problems", Severity: SeverityReview, From: EvidenceSideEffects,
		Message: "Moderate or severe new problems with memory or thinking",
		Source:  "Risks of repeated use: memory and thinking problems (DOMAIN §2)",
		When: func(f *Facts, _ *Settings) (string, bool) {
			m := f.SideEffects.Memory
			return m, m == "moderate" || m == "severe"
		},
	},
	{
		ID: "ketamine-cravings", Severity: SeverityReview, From: EvidenceSideEffects,
		Message: "Urges to take ketamine outside sessions",
		Source:  "Risks of repeated use: abuse and dependence (DOMAIN §2)",
		When: func(f *Facts, _ *Settings) (string, bool) {
			c := f.SideEffects.Cravings
			return c, c != "" && c != "none"
		},
	},
}
