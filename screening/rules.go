package screening

// Evidence names the kind of record a rule reads. A rule is evaluated only
// when the facts hold that evidence, and its flag points at the record it
// came from.
type Evidence string

// The records screening reads.
const (
	// EvidencePatient is the patient record: age.
	EvidencePatient     Evidence = "patient"
	EvidenceHistory     Evidence = "medical-history"
	EvidencePlan        Evidence = "treatment-plan"
	EvidenceChecklist   Evidence = "pre-session-checklist"
	EvidencePHQ9        Evidence = "phq-9"
	EvidenceGAD7        Evidence = "gad-7"
	EvidencePCL5        Evidence = "pcl-5"
	EvidenceAUDITC      Evidence = "audit-c"
	EvidenceSideEffects Evidence = "side-effects"
	// EvidenceAdministration and EvidenceMonitoring are the dosing day's
	// clinician records (DOMAIN §7).
	EvidenceAdministration Evidence = "administration-record"
	EvidenceMonitoring     Evidence = "monitoring-record"
)

// Rule is one screening rule, as data: what it is called, how strongly it
// stops care, what it says, where it comes from, and the condition over
// the facts that makes it fire.
type Rule struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	Urgent   bool     `json:"urgent"`
	// Message says what the rule found; the condition adds the details.
	Message string `json:"message"`
	// Source is the published source of the rule, as in DOMAIN §3.
	Source string `json:"source"`
	// From is the record the rule reads.
	From Evidence `json:"from"`
	// When returns whether the rule fires for f under s, and a detail
	// (values and thresholds) to add to the message. It is called only
	// when f holds the evidence From names.
	When func(f *Facts, s *Settings) (detail string, fired bool) `json:"-"`
}

// rules is every screening rule, in the order of DOMAIN §3 and then the
// session and instrument rules.
func rules() []Rule {
	var all []Rule
	for _, group := range [][]Rule{
		psychiatricRules, medicalRules, substanceRules, medicationRules,
		patientRules, planRules, sessionVitalRules, sessionRules, dosingDayRules, instrumentRules, sideEffectRules,
	} {
		all = append(all, group...)
	}
	return all
}

// fires is a When for conditions without details.
func fires(cond func(f *Facts) bool) func(*Facts, *Settings) (string, bool) {
	return func(f *Facts, _ *Settings) (string, bool) { return "", cond(f) }
}

// listed is a When that fires when names is not empty, naming them.
func listed(names func(f *Facts) []string) func(*Facts, *Settings) (string, bool) {
	return func(f *Facts, _ *Settings) (string, bool) {
		n := names(f)
		return joinNames(n), len(n) > 0
	}
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}
