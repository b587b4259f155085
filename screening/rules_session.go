package screening

import (
	"fmt"

	"github.com/consentry/consentry/forms"
)

// sessionVitalRules read a pre-session checklist's vital signs against the
// clinic's thresholds (DOMAIN §3, pre-dose vital signs). Readings exactly
// at a threshold pass: "> 140/90" holds 141/90 and 140/91, not 140/90.
var sessionVitalRules = []Rule{
	{
		ID: "session-bp-in-clinic", Severity: SeverityHold, From: EvidenceChecklist,
		Message: "Resting blood pressure above the in-clinic threshold",
		Source:  "Accelerated Psychiatry provider page: resting BP above 140/90 before an in-clinic session (default); applied when the session is in clinic or its setting is unknown",
		When: func(f *Facts, s *Settings) (string, bool) {
			v, t := f.Checklist.Vitals, s.InClinicHold
			return fmt.Sprintf("%d/%d mmHg (threshold %d/%d)", *v.Systolic, *v.Diastolic, t.Systolic, t.Diastolic),
				f.Setting != forms.SettingAtHome && (*v.Systolic > t.Systolic || *v.Diastolic > t.Diastolic)
		},
	},
	{
		ID: "session-bp-at-home", Severity: SeverityHold, From: EvidenceChecklist,
		Message: "Blood pressure or heart rate above the at-home threshold",
		Source:  "Choose Ketamine remote treatment agreement: BP above 160/90 or HR above 100 before an at-home session (defaults); applied when the session is at home or its setting is unknown",
		When: func(f *Facts, s *Settings) (string, bool) {
			v, t := f.Checklist.Vitals, s.AtHomeHold
			return fmt.Sprintf("%d/%d mmHg, HR %d (threshold %d/%d, HR %d)", *v.Systolic, *v.Diastolic, *v.HeartRate, t.Systolic, t.Diastolic, s.AtHomeHeartRateMax),
				f.Setting != forms.SettingClinic && (*v.Systolic > t.Systolic || *v.Diastolic > t.Diastolic || *v.HeartRate > s.AtHomeHeartRateMax)
		},
	},
	{
		ID: "session-systolic-high", Severity: SeverityExclude, From: EvidenceChecklist,
		Message: "Systolic pressure above the session limit: do not dose today",
		Source:  "NCT01892995 (session exclusion above 180 mmHg systolic)",
		When: func(f *Facts, s *Settings) (string, bool) {
			v := *f.Checklist.Vitals.Systolic
			return fmt.Sprintf("systolic %d mmHg (limit %d)", v, s.Session.SystolicMax), v > s.Session.SystolicMax
		},
	},
	{
		ID: "session-systolic-low", Severity: SeverityExclude, From: EvidenceChecklist,
		Message: "Systolic pressure below the session limit: do not dose today",
		Source:  "NCT01892995 (session exclusion below 90 mmHg systolic)",
		When: func(f *Facts, s *Settings) (string, bool) {
			v := *f.Checklist.Vitals.Systolic
			return fmt.Sprintf("systolic %d mmHg (limit %d)", v, s.Session.SystolicMin), v < s.Session.SystolicMin
		},
	},
	{
		ID: "session-heart-rate", Severity: SeverityExclude, From: EvidenceChecklist,
		Message: "Heart rate outside the session limits: do not dose today",
		Source:  "NCT01892995 (session exclusion below 50 or above 120 beats a minute)",
		When: func(f *Facts, s *Settings) (string, bool) {
			v := *f.Checklist.Vitals.HeartRate
			return fmt.Sprintf("HR %d (limits %d-%d)", v, s.Session.HeartRateMin, s.Session.HeartRateMax),
				v < s.Session.HeartRateMin || v > s.Session.HeartRateMax
		},
	},
	{
		ID: "session-spo2", Severity: SeverityExclude, From: EvidenceChecklist,
		Message: "Oxygen saturation below the session limit: do not dose today",
		Source:  "NCT01892995 (session exclusion below 95 % SpO2)",
		When: func(f *Facts, s *Settings) (string, bool) {
			v := *f.Checklist.Vitals.SpO2
			return fmt.Sprintf("SpO2 %d %% (limit %d %%)", v, s.Session.SpO2Min), v < s.Session.SpO2Min
		},
	},
	{
		ID: "session-respiratory-rate", Severity: SeverityExclude, From: EvidenceChecklist,
		Message: "Respiratory rate outside the session limits: do not dose today",
		Source:  "NCT01892995 (session exclusion below 10 or above 30 breaths a minute)",
		When: func(f *Facts, s *Settings) (string, bool) {
			rr := f.Checklist.Vitals.RespiratoryRate
			if rr == nil {
				return "", false
			}
			return fmt.Sprintf("RR %d (limits %d-%d)", *rr, s.Session.RespiratoryRateMin, s.Session.RespiratoryRateMax),
				*rr < s.Session.RespiratoryRateMin || *rr > s.Session.RespiratoryRateMax
		},
	},
	{
		ID: "session-setting-unknown", Severity: SeverityInfo, From: EvidenceChecklist,
		Message: "No treatment plan setting known: both the in-clinic and the at-home thresholds were applied",
		Source:  "Consentry: the stricter reading of DOMAIN §3 when the setting is unknown",
		When:    fires(func(f *Facts) bool { return f.Setting == "" }),
	},
}

// sessionRules read the rest of a pre-session checklist.
var sessionRules = []Rule{
	{
		ID: "fasting-food", Severity: SeverityHold, From: EvidenceChecklist,
		Message: "Ate too recently",
		Source:  "Common clinic practice: no food for 4 hours before a session (nausea, vomiting and aspiration risk)",
		When: func(f *Facts, s *Settings) (string, bool) {
			h := *f.Checklist.HoursSinceFood
			return fmt.Sprintf("%g h since food (minimum %g h)", h, s.FastingFoodHours), h < s.FastingFoodHours
		},
	},
	{
		ID: "fasting-liquids", Severity: SeverityHold, From: EvidenceChecklist,
		Message: "Drank clear liquids too recently",
		Source:  "Common clinic practice: no clear liquids for 2 hours before a session",
		When: func(f *Facts, s *Settings) (string, bool) {
			h := *f.Checklist.HoursSinceClearLiquids
			return fmt.Sprintf("%g h since clear liquids (minimum %g h)", h, s.FastingClearLiquidHours), h < s.FastingClearLiquidHours
		},
	},
	{
		ID: "substances-24h", Severity: SeverityHold, From: EvidenceChecklist,
		Message: "Alcohol, cannabis, sedatives, opioids or stimulants in the last 24 hours",
		Source:  "Clinic preparation instructions (DOMAIN §2): hold alcohol, cannabis, sedatives, opioids and stimulants for 24 hours",
		When: listed(func(f *Facts) []string {
			l := f.Checklist.Last24Hours
			return yes(l.Alcohol, "alcohol", l.Cannabis, "cannabis", l.Sedatives, "sedatives", l.Opioids, "opioids", l.Stimulants, "stimulants")
		}),
	},
	{
		ID: "lamotrigine-24h", Severity: SeverityInfo, From: EvidenceChecklist,
		Message: "Took lamotrigine in the last 24 hours; many clinics hold it",
		Source:  "Andrade 2017 (J Clin Psychiatry): lamotrigine may attenuate ketamine's effects",
		When:    fires(func(f *Facts) bool { return is(f.Checklist.Last24Hours.Lamotrigine) }),
	},
	{
		ID: "no-escort", Severity: SeverityHold, From: EvidenceChecklist,
		Message: "No adult confirmed to take the patient home or to stay with them",
		Source:  "Clinic practice (DOMAIN §2): escort home, no driving until the next day after sleep; a monitor present for at-home dosing",
		When:    fires(func(f *Facts) bool { return !is(f.Checklist.EscortConfirmed) }),
	},
	{
		ID: "pregnancy-today", Severity: SeverityExclude, From: EvidenceChecklist,
		Message: "Pregnant or breastfeeding",
		Source:  "Clinic and trial exclusion criteria",
		When: listed(func(f *Facts) []string {
			c := f.Checklist
			return yes(ptr(c.Pregnancy == "yes"), "pregnant", c.Breastfeeding, "breastfeeding")
		}),
	},
	{
		ID: "pregnancy-unsure-today", Severity: SeverityHold, From: EvidenceChecklist,
		Message: "Possible pregnancy: do not dose until a pregnancy test is negative",
		Source:  "Clinic and trial exclusion criteria (pregnancy excludes)",
		When:    fires(func(f *Facts) bool { return f.Checklist.Pregnancy == "unsure" }),
	},
	{
		ID: "new-medication", Severity: SeverityReview, From: EvidenceChecklist,
		Message: "New or changed medicines since the last visit",
		Source:  "Clinic practice: check interactions (Spravato patient information) before dosing",
		When: listed(func(f *Facts) []string {
			var out []string
			for _, m := range f.NewMedicines {
				if m.Match == nil {
					out = append(out, m.Name+" ("+m.Class+")")
				} else {
					out = append(out, m.label())
				}
			}
			for _, b := range f.Checklist.NewBenzodiazepines {
				out = append(out, b.Drug+" (benzodiazepine)")
			}
			return out
		}),
	},
	{
		ID: "new-benzodiazepine-dose", Severity: SeverityReview, From: EvidenceChecklist,
		Message: "Benzodiazepine dose above the threshold with the medicines started or changed since the last visit: may blunt the response to ketamine",
		Source:  "Andrashko et al. 2020 (Front Psychiatry), as benzodiazepine-dose (DOMAIN §3 threshold: about 8 mg diazepam-equivalent a day). A new or changed drug replaces the history's dose of the same drug. Equivalences: Ashton Manual (2002)",
		When: func(f *Facts, s *Settings) (string, bool) {
			news := benzodiazepineDoses(f.Checklist.NewBenzodiazepines, f.NewMedicines)
			if len(news) == 0 {
				return "", false
			}
			doses := news
			if f.History != nil {
				changed := map[string]bool{}
				for _, d := range news {
					changed[d.Drug] = true
				}
				for _, d := range benzodiazepineDoses(f.History.Medications.Benzodiazepines, f.Medicines) {
					if !changed[d.Drug] {
						doses = append(doses, d)
					}
				}
			}
			mg := DailyDiazepamEquivalentMg(doses)
			return fmt.Sprintf("%.1f mg diazepam-equivalent a day (threshold %g mg)", mg, s.BenzodiazepineDiazepamMg), mg > s.BenzodiazepineDiazepamMg
		},
	},
	{
		ID: "safety-today", Severity: SeverityReview, Urgent: true, From: EvidenceChecklist,
		Message: "Thoughts of ending their life or of self-harm since the last visit: safety assessment before dosing",
		Source:  "PHQ-9 scoring practice: reported suicidal thoughts are a safety flag (DOMAIN §3)",
		When:    fires(func(f *Facts) bool { return is(f.Checklist.SelfHarmThoughts) }),
	},
	{
		ID: "unwell-today", Severity: SeverityHold, From: EvidenceChecklist,
		Message: "Unwell today (fever, vomiting, chest pain, breathing trouble, severe headache or infection)",
		Source:  "Clinic practice",
		When:    fires(func(f *Facts) bool { return is(f.Checklist.Unwell) }),
	},
	{
		ID: "declined-today", Severity: SeverityHold, From: EvidenceChecklist,
		Message: "The patient does not want to go ahead today",
		Source:  "Right to withdraw at any time before dosing (DOMAIN §2)",
		When:    fires(func(f *Facts) bool { return f.Checklist.WantsToProceed != nil && !*f.Checklist.WantsToProceed }),
	},
}
