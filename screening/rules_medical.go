package screening

import (
	"fmt"

	"github.com/consentry/consentry/forms"
)

// medicalRules read the medical history (DOMAIN §3).
var medicalRules = []Rule{
	{
		ID: "aneurysm-avm-haemorrhage", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "Aneurysmal vascular disease, arteriovenous malformation, or a history of intracerebral haemorrhage",
		Source:  "Spravato (esketamine) label, contraindications: aneurysmal vascular disease (including intracranial, thoracic and abdominal aorta, or peripheral arterial vessels) or arteriovenous malformation; history of intracerebral haemorrhage",
		When: listed(func(f *Facts) []string {
			m := f.History.Medical
			return yes(m.AneurysmOrAVM, "aneurysm or AVM", m.BrainBleed, "intracerebral haemorrhage")
		}),
	},
	{
		ID: "intracranial-pressure-or-mass", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "Raised intracranial pressure or an intracranial mass",
		Source:  "Miller's Anesthesia: ketamine increases cerebral blood flow and is classically contraindicated with raised intracranial pressure or a mass lesion",
		When:    fires(func(f *Facts) bool { return is(f.History.Medical.IntracranialPressure) }),
	},
	{
		ID: "unstable-heart-disease", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "Unstable heart disease: unstable angina, myocardial infarction in the last 12 months, heart failure or significant arrhythmia",
		Source:  "Trial exclusion criteria (PMC10812090; NCT01892995); ketamine raises heart rate and blood pressure for about an hour",
		When: listed(func(f *Facts) []string {
			m := f.History.Medical
			out := yes(m.UnstableAngina, "unstable angina", m.HeartFailure, "heart failure", m.Arrhythmia, "significant arrhythmia")
			if within(m.HeartAttack, forms.RecencyPast12Months) {
				out = append(out, "myocardial infarction "+recencyWords(m.HeartAttack))
			}
			return out
		}),
	},
	{
		ID: "past-myocardial-infarction", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Myocardial infarction more than 12 months ago",
		Source:  "Clinic practice: DOMAIN §3 excludes recent infarction (taken here as within 12 months); an older one needs a cardiac risk review",
		When:    fires(func(f *Facts) bool { return f.History.Medical.HeartAttack == forms.RecencyOver12Months }),
	},
	{
		ID: "stroke", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "History of stroke",
		Source:  "Trial exclusion criteria (PMC10812090; NCT01892995)",
		When:    fires(func(f *Facts) bool { return is(f.History.Medical.Stroke) }),
	},
	{
		ID: "hypertension-uncontrolled", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "Hypertension reported as uncontrolled",
		Source:  "Clinic criteria; controlled hypertension is allowed in PMC10812090",
		When:    fires(func(f *Facts) bool { return f.History.Medical.Hypertension == "uncontrolled" }),
	},
	{
		ID: "hypertension-control-unknown", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Hypertension whose control the patient does not know",
		Source:  "Clinic criteria (uncontrolled hypertension excludes; PMC10812090 allows controlled): confirm control before treatment",
		When:    fires(func(f *Facts) bool { return f.History.Medical.Hypertension == "unsure" }),
	},
	{
		ID: "screening-blood-pressure", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Most recent blood pressure above the in-clinic pre-dose threshold",
		Source:  "Clinic practice, with the in-clinic hold threshold of the Accelerated Psychiatry provider page: a high reading at screening calls for a check of hypertension control before the first session",
		When: func(f *Facts, s *Settings) (string, bool) {
			v := f.History.Vitals
			if v.Systolic == nil || v.Diastolic == nil {
				return "", false
			}
			return fmt.Sprintf("%d/%d mmHg on %s (threshold %d/%d)", *v.Systolic, *v.Diastolic, v.MeasuredOn, s.InClinicHold.Systolic, s.InClinicHold.Diastolic),
				*v.Systolic > s.InClinicHold.Systolic || *v.Diastolic > s.InClinicHold.Diastolic
		},
	},
	{
		ID: "pregnancy", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "Pregnant or breastfeeding",
		Source:  "Clinic and trial exclusion criteria",
		When: listed(func(f *Facts) []string {
			p := f.History.Pregnancy
			return yes(ptr(p.Pregnant == "yes"), "pregnant", p.Breastfeeding, "breastfeeding")
		}),
	},
	{
		ID: "pregnancy-unsure", Severity: SeverityReview, From: EvidenceHistory,
		Message: "The patient is not sure whether they are pregnant: confirm with a pregnancy test",
		Source:  "Clinic and trial exclusion criteria (pregnancy excludes)",
		When:    fires(func(f *Facts) bool { return f.History.Pregnancy.Pregnant == "unsure" }),
	},
	{
		ID: "hyperthyroidism-untreated", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Untreated hyperthyroidism",
		Source:  "Clinic criteria: sympathomimetic effects add to those of thyrotoxicosis",
		When:    fires(func(f *Facts) bool { return f.History.Medical.Hyperthyroidism == "untreated" }),
	},
	{
		ID: "severe-liver-disease", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Severe liver disease or cirrhosis",
		Source:  "Clinic criteria: ketamine is cleared by the liver, and repeated use can raise liver enzymes",
		When:    fires(func(f *Facts) bool { return f.History.Medical.LiverDisease == "severe" }),
	},
	{
		ID: "seizure-disorder", Severity: SeverityReview, From: EvidenceHistory,
		Message: "Seizures or epilepsy",
		Source:  "Clinic criteria",
		When:    fires(func(f *Facts) bool { return is(f.History.Medical.Seizures) }),
	},
	{
		ID: "bladder-history", Severity: SeverityReview, From: EvidenceHistory,
		Message: "History of cystitis or bladder problems",
		Source:  "Psychiatric Annals 2018 (ketamine-associated cystitis)",
		When:    fires(func(f *Facts) bool { return is(f.History.Medical.BladderProblems) }),
	},
	{
		ID: "cognitive-impairment", Severity: SeverityExclude, From: EvidenceHistory,
		Message: "Dementia or a brain injury with ongoing symptoms: capacity to consent is in doubt",
		Source:  "Toronto Ketamine Clinic exclusion criteria",
		When: listed(func(f *Facts) []string {
			m := f.History.Medical
			return yes(m.Dementia, "dementia", ptr(m.BrainInjury == "ongoing-symptoms"), "brain injury with ongoing symptoms")
		}),
	},
}

// is reports whether an optional boolean answer is true.
func is(b *bool) bool { return b != nil && *b }

func ptr[T any](v T) *T { return &v }

// yes takes pairs of (*bool, name) and returns the names whose answer is
// true.
func yes(pairs ...any) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if is(pairs[i].(*bool)) {
			out = append(out, pairs[i+1].(string))
		}
	}
	return out
}
