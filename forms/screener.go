package forms

import "sync"

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

// Assess scores and screens one valid submission for the patient ctx
// describes, replacing sub.Scores, sub.Flags and sub.Ruleset. The flags
// are about this submission alone (and, for a medical history, the
// patient's age); Screen gives the patient's whole picture. A submission
// that failed ParseSubmission's checks is left as it is.
func (s *Screener) Assess(sub *Submission, ctx Context) {
	if !sub.valid || sub.Definition == nil {
		return
	}
	sub.Ruleset, sub.Flags, sub.Scores = s.version, []Flag{}, nil
	k := kinds[sub.Definition.Kind]
	if k.collect == nil {
		return
	}
	f := newFacts(ctx, ctx.Plan)
	sub.Scores = k.collect(sub.Answers, f, &s.settings, source{})
	if sub.Definition.Kind == KindMedicalHistory && f.Age != nil {
		f.sources[EvidencePatient] = source{}
	}
	sub.Flags = s.evaluate(f)
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
