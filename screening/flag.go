package screening

import (
	"sort"
	"time"
)

// Severity says how strongly a flag stops care (DOMAIN §3). The API flags;
// a clinician decides.
type Severity string

// Severities, strongest first.
const (
	// SeverityExclude is a contraindication: do not proceed without a
	// documented clinician override.
	SeverityExclude Severity = "exclude"
	// SeverityHold is "not today": a stop for one session.
	SeverityHold Severity = "hold"
	// SeverityReview means a clinician must look before going on.
	SeverityReview Severity = "review"
	// SeverityInfo is for the clinician's information.
	SeverityInfo Severity = "info"
)

var severityRank = map[Severity]int{SeverityExclude: 0, SeverityHold: 1, SeverityReview: 2, SeverityInfo: 3}

// Flag is one screening rule that fired for a patient.
type Flag struct {
	// Rule is the rule's stable id, e.g. "benzodiazepine-dose".
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Message says what was found, with the values and the threshold.
	Message string `json:"message"`
	// Urgent marks a safety concern a clinician must see today.
	Urgent bool `json:"urgent"`
	// Source is where the rule comes from (a label, trial or guideline).
	Source string `json:"source"`
	// Form and SubmissionID name the record the flag comes from, in a
	// patient screening; a flag from the patient record (age) has neither.
	// On a single submission's receipt they are empty: the flag is about
	// that submission.
	Form         string     `json:"form,omitempty"`
	SubmissionID string     `json:"submission_id,omitempty"`
	At           *time.Time `json:"at,omitempty"`
}

// sortFlags orders flags urgent first, then by severity, then by rule id.
func sortFlags(fs []Flag) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Urgent != b.Urgent {
			return a.Urgent
		}
		if severityRank[a.Severity] != severityRank[b.Severity] {
			return severityRank[a.Severity] < severityRank[b.Severity]
		}
		return a.Rule < b.Rule
	})
}
