package screening

import (
	"sync"
	"time"

	"github.com/consentry/consentry/forms"
)

// Screener scores and screens submissions under one clinic's Settings. It
// is safe for concurrent use.
type Screener struct {
	settings Settings
	version  string
	rules    []Rule
}

// NewScreener returns a Screener for the given settings, or the settings'
// validation error.
func NewScreener(s Settings) (*Screener, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &Screener{settings: s, version: s.Version(), rules: rules()}, nil
}

var defaultScreener = sync.OnceValue(func() *Screener {
	s, err := NewScreener(DefaultSettings())
	if err != nil {
		panic(err) // the defaults are tested
	}
	return s
})

// DefaultScreener returns the Screener of DefaultSettings.
func DefaultScreener() *Screener { return defaultScreener() }

// Settings returns the screener's thresholds.
func (s *Screener) Settings() Settings { return s.settings }

// Version returns the rule-set stamp of every score and flag the screener
// computes, e.g. "2026-11.1+3fa2b1c0" (Settings.Version).
func (s *Screener) Version() string { return s.version }

// Rules returns the screener's rules, for documentation: id, severity,
// urgency, message, source and the record each reads.
func (s *Screener) Rules() []Rule { return append([]Rule(nil), s.rules...) }

// Assessment is what screening says about one submission.
type Assessment struct {
	// Scores are the submission's scores (instrument totals and bands, a
	// history's diazepam-equivalent dose, a plan's mg per session), nil
	// for a form without any.
	Scores map[string]any
	// Flags are the screening rules this submission fires, urgent first,
	// then by severity; empty when none fire.
	Flags []Flag
	// Ruleset is the stamp of the rules and thresholds Scores and Flags
	// were computed with (Screener.Version).
	Ruleset string
}

// Assess scores and screens one valid submission for the patient pt at
// now. The flags are about this submission alone (and, for a medical
// history, the patient's age); Screen gives the patient's whole picture.
// A submission that is not Valid (it failed ParseSubmission's checks) is
// never scored: Assess returns the zero Assessment for it.
func (s *Screener) Assess(sub *forms.Submission, pt Patient, now time.Time) Assessment {
	if !sub.Valid() {
		return Assessment{}
	}
	out := Assessment{Ruleset: s.version, Flags: []Flag{}}
	c, ok := collectors[sub.Definition.Kind]
	if !ok {
		return out
	}
	f := newFacts(pt, now, pt.Plan)
	out.Scores = c.collect(sub.Answers, f, &s.settings, source{})
	if sub.Definition.Kind == forms.KindMedicalHistory && f.Age != nil {
		f.sources[EvidencePatient] = source{}
	}
	out.Flags = s.evaluate(f)
	return out
}

// evaluate runs every rule whose evidence the facts hold.
func (s *Screener) evaluate(f *Facts) []Flag {
	flags := []Flag{}
	for _, r := range s.rules {
		src, ok := f.sources[r.From]
		if !ok {
			continue
		}
		detail, fired := r.When(f, &s.settings)
		if !fired {
			continue
		}
		msg := r.Message
		if detail != "" {
			msg += ": " + detail
		}
		fl := Flag{Rule: r.ID, Severity: r.Severity, Message: msg, Urgent: r.Urgent, Source: r.Source, Form: src.form, SubmissionID: src.id}
		if !src.at.IsZero() {
			at := src.at
			fl.At = &at
		}
		flags = append(flags, fl)
	}
	sortFlags(flags)
	return flags
}
