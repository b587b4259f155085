package screening

import (
	"fmt"
	"math"

	"github.com/consentry/consentry/forms"
)

// dosingDayRules read the dosing day's administration and monitoring
// records (DOMAIN §7). They flag after the fact, for clinician review.
var dosingDayRules = []Rule{
	{
		ID: "dose-differs-from-plan", Severity: SeverityReview, From: EvidenceAdministration,
		Message: "The dose given differs from the treatment plan's by more than 5 %",
		Source:  "Clinic practice: a dose other than the plan's needs a new plan or a documented reason (DOMAIN §1, treatment plan)",
		When: func(f *Facts, _ *Settings) (string, bool) {
			planned, ok := planMg(f.Plan)
			if !ok || planned <= 0 {
				return "", false
			}
			given := *f.Administration.DoseMg
			return fmt.Sprintf("%g mg given, plan %g mg", given, planned), math.Abs(given-planned) > 0.05*planned
		},
	},
	{
		ID: "post-dose-bp-discharge", Severity: SeverityReview, From: EvidenceMonitoring,
		Message: "Blood pressure before discharge above the discharge limit",
		Source:  "Spravato label (monitor blood pressure until it returns to acceptable levels); DOMAIN §7 default: the pre-dose in-clinic limit, 140/90",
		When: func(f *Facts, s *Settings) (string, bool) {
			r, t := f.Monitoring.BeforeDischarge, s.DischargeBP
			return fmt.Sprintf("%d/%d mmHg at %s (limit %d/%d)", *r.Systolic, *r.Diastolic, r.Time, t.Systolic, t.Diastolic),
				*r.Systolic > t.Systolic || *r.Diastolic > t.Diastolic
		},
	},
	{
		ID: "post-dose-systolic-high", Severity: SeverityReview, From: EvidenceMonitoring,
		Message: "Systolic pressure after the dose above the session limit",
		Source:  "NCT01892995 (180 mmHg systolic, the session limit of DOMAIN §3); Spravato label: blood pressure peaks about 40 minutes after the dose",
		When: func(f *Facts, s *Settings) (string, bool) {
			var high []string
			for _, r := range []*forms.VitalReading{f.Monitoring.At40Minutes, f.Monitoring.BeforeDischarge} {
				if *r.Systolic > s.Session.SystolicMax {
					high = append(high, fmt.Sprintf("%d mmHg at %s", *r.Systolic, r.Time))
				}
			}
			return joinNames(high) + fmt.Sprintf(" (limit %d)", s.Session.SystolicMax), len(high) > 0
		},
	},
	{
		ID: "post-dose-spo2", Severity: SeverityReview, From: EvidenceMonitoring,
		Message: "Oxygen saturation after the dose below the discharge limit",
		Source:  "DOMAIN §7 default: SpO2 at least 95 %; Spravato REMS: pulse oximetry during monitoring",
		When: func(f *Facts, s *Settings) (string, bool) {
			m := f.Monitoring
			low := min(*m.At40Minutes.SpO2, *m.BeforeDischarge.SpO2)
			if r := m.RespiratoryDepression; r != nil && r.LowestSpO2 != nil {
				low = min(low, *r.LowestSpO2)
			}
			return fmt.Sprintf("lowest SpO2 %d %% (limit %d %%)", low, s.DischargeSpO2Min), low < s.DischargeSpO2Min
		},
	},
	{
		ID: "respiratory-depression", Severity: SeverityReview, From: EvidenceMonitoring,
		Message: "Respiratory depression observed after the dose",
		Source:  "Spravato label and REMS Patient Monitoring Form (respiratory depression is reported); Miller's Anesthesia",
		When:    fires(func(f *Facts) bool { return is(f.Monitoring.RespiratoryDepression.Observed) }),
	},
	{
		ID: "monitoring-short", Severity: SeverityReview, From: EvidenceMonitoring,
		Message: "Monitoring after the dose shorter than the minimum",
		Source:  "Spravato REMS: monitoring for at least 2 hours after esketamine; for racemic ketamine the clinic's minimum (monitoring_minutes, default the same 2 hours)",
		When: func(f *Facts, s *Settings) (string, bool) {
			mins, ok := f.Monitoring.MonitoringMinutes()
			limit := s.MonitoringMinutes
			if f.Monitoring.Route == forms.RouteIntranasal {
				limit = s.REMSMonitoringMinutes
			}
			return fmt.Sprintf("%d minutes from %s to %s (minimum %d)", mins, f.Monitoring.DoseTime, f.Monitoring.DischargeTime, limit), ok && mins < limit
		},
	},
	{
		ID: "no-pulse-oximetry", Severity: SeverityReview, From: EvidenceMonitoring,
		Message: "Esketamine monitoring without pulse oximetry",
		Source:  "Spravato REMS: pulse oximetry is required during monitoring",
		When: fires(func(f *Facts) bool {
			return f.Monitoring.Route == forms.RouteIntranasal && !is(f.Monitoring.PulseOximetry)
		}),
	},
	{
		ID: "discharge-no-escort", Severity: SeverityReview, From: EvidenceMonitoring,
		Message: "Discharged without an adult escort",
		Source:  "DOMAIN §7 discharge criteria (an escort present); clinic practice (DOMAIN §2): escort home, no driving until the next day",
		When: fires(func(f *Facts) bool {
			d := f.Monitoring.Discharge
			return d.Decision == "discharged" && !is(d.Escort)
		}),
	},
	{
		ID: "discharge-not-ready", Severity: SeverityReview, From: EvidenceMonitoring,
		Message: "Discharged although not alert and oriented, or with vital signs not acceptable",
		Source:  "DOMAIN §7 discharge criteria: vital signs acceptable, alert and oriented",
		When: listed(func(f *Facts) []string {
			d := f.Monitoring.Discharge
			if d.Decision != "discharged" {
				return nil
			}
			return yes(ptr(!is(d.AlertAndOriented)), "not alert and oriented", ptr(!is(d.VitalSignsAcceptable)), "vital signs not acceptable")
		}),
	},
}
