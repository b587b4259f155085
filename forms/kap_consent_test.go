package forms

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

// kapMathaiSectionIDs are the sections Mathai et al. 2022 found weak in US
// KAP consents; every published version must have each (DOMAIN §2).
var kapMathaiSectionIDs = []string{
	"long-term-effects",
	"alternatives",
	"pre-treatment-evaluation",
	"support-during-treatment",
	"dissociative-effects",
}

// kapMaxGrade is the highest Flesch-Kincaid grade the whole consent text may
// have. Raise the wording's plainness, not this number.
const kapMaxGrade = 9.5

func TestKAPConsentMetadata(t *testing.T) {
	d := kapConsent202611()
	if d.Kind != "kap-consent" || d.Version != "2026-11" {
		t.Errorf("kind/version = %q/%q, want kap-consent/2026-11", d.Kind, d.Version)
	}
	if d.Title != "Informed Consent for Ketamine-Assisted Psychotherapy" {
		t.Errorf("Title = %q", d.Title)
	}
	if len(d.Signers) != 2 || d.Signers[0] != SignerPatient || d.Signers[1] != SignerClinician {
		t.Errorf("Signers = %v, want [patient clinician]", d.Signers)
	}
	if d.SignatureMeaning != "I consent to ketamine-assisted psychotherapy as described in this document" {
		t.Errorf("SignatureMeaning = %q", d.SignatureMeaning)
	}
	if want := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC); !d.PublishedAt.Equal(want) {
		t.Errorf("PublishedAt = %v, want %v", d.PublishedAt, want)
	}
	if d.ReconsentRequired {
		t.Error("ReconsentRequired = true, want false")
	}
}

func TestKAPConsentRequiredParts(t *testing.T) {
	d := kapConsent202611()
	for _, id := range kapMathaiSectionIDs {
		t.Run("section/"+id, func(t *testing.T) {
			if _, ok := d.Section(id); !ok {
				t.Errorf("section %q missing", id)
			}
		})
	}
	for _, id := range []string{"at-home-dosing", "session-recording", "research-data", "support-person-contact"} {
		t.Run("clause/"+id, func(t *testing.T) {
			if _, ok := d.Clause(id); !ok {
				t.Errorf("clause %q missing", id)
			}
		})
	}
}

func TestKAPConsentWellFormed(t *testing.T) {
	d := kapConsent202611()
	seen := map[string]bool{}
	initialled := 0
	for i, s := range d.Sections {
		if s.ID == "" || s.Title == "" || strings.TrimSpace(s.Text) == "" {
			t.Errorf("section %d (%q) has an empty id, title or text", i, s.ID)
		}
		if !isKebabCase(s.ID) {
			t.Errorf("section id %q is not kebab-case", s.ID)
		}
		if seen[s.ID] {
			t.Errorf("section id %q repeated", s.ID)
		}
		seen[s.ID] = true
		if s.InitialsRequired {
			initialled++
		}
		checkPlainText(t, "section "+s.ID, s.Text)
	}
	if initialled == 0 || initialled == len(d.Sections) {
		t.Errorf("%d of %d sections need initials, want most but not all", initialled, len(d.Sections))
	}
	for _, id := range []string{"acute-risks", "repeated-use-risks", "long-term-effects", "alternatives",
		"off-label-use", "preparation", "after-session", "pregnancy", "right-to-withdraw", "dissociative-effects"} {
		if s, ok := d.Section(id); !ok || !s.InitialsRequired {
			t.Errorf("section %q missing or not initialled", id)
		}
	}
	clauseIDs := map[string]bool{}
	for i, c := range d.Clauses {
		if c.ID == "" || c.Title == "" || strings.TrimSpace(c.Text) == "" {
			t.Errorf("clause %d (%q) has an empty id, title or text", i, c.ID)
		}
		if clauseIDs[c.ID] {
			t.Errorf("clause id %q repeated", c.ID)
		}
		clauseIDs[c.ID] = true
		checkPlainText(t, "clause "+c.ID, c.Text)
	}
	if strings.TrimSpace(d.Attestation) == "" || strings.TrimSpace(d.RecordsDisclosure) == "" {
		t.Error("attestation or records disclosure is empty")
	}
}

// checkPlainText reports formatting other than paragraph breaks, and
// sections far outside the intended length.
func checkPlainText(t *testing.T, name, text string) {
	t.Helper()
	if text != strings.TrimSpace(text) {
		t.Errorf("%s: leading or trailing space", name)
	}
	if strings.Contains(strings.ReplaceAll(text, "\n\n", ""), "\n") || strings.Contains(text, "\n\n\n") {
		t.Errorf("%s: line breaks other than paragraph breaks", name)
	}
	if strings.ContainsAny(text, "*#_`<>\t") {
		t.Errorf("%s: contains markup characters", name)
	}
	if n := len(strings.Fields(text)); n < 60 || n > 180 {
		t.Errorf("%s: %d words, want roughly 60 to 180", name, n)
	}
}

func isKebabCase(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

func TestKAPConsentCoversDomainTopics(t *testing.T) {
	d := kapConsent202611()
	// Each DOMAIN §2 topic, the part it belongs in ("" for any section), and
	// words of which at least one must appear there (case-insensitive).
	tests := []struct {
		topic   string
		section string
		anyOf   []string
	}{
		{"controlled substance", "off-label-use", []string{"Schedule III"}},
		{"off-label status", "off-label-use", []string{"off-label"}},
		{"anesthesia approval", "off-label-use", []string{"approved ketamine for anesthesia"}},
		{"esketamine", "off-label-use", []string{"esketamine"}},
		{"compounding", "off-label-use", []string{"compounded"}},
		{"IV dose", "route-and-dosing", []string{"0.5 mg/kg"}},
		{"IV time", "route-and-dosing", []string{"40 minutes"}},
		{"IM", "route-and-dosing", []string{"muscle"}},
		{"lozenge range", "route-and-dosing", []string{"25 and 300 mg"}},
		{"treatment plan", "route-and-dosing", []string{"treatment plan"}},
		{"dissociation", "dissociative-effects", []string{"dissociation"}},
		{"duration", "dissociative-effects", []string{"hour"}},
		{"blood pressure", "acute-risks", []string{"blood pressure"}},
		{"heart rate", "acute-risks", []string{"heartbeat", "heart rate"}},
		{"nausea", "acute-risks", []string{"nausea"}},
		{"vomiting", "acute-risks", []string{"throwing up", "vomit"}},
		{"dizziness", "acute-risks", []string{"dizz"}},
		{"vision", "acute-risks", []string{"double vision"}},
		{"agitation", "acute-risks", []string{"restless", "agitat"}},
		{"emergence reactions", "acute-risks", []string{"emergence"}},
		{"sedation", "acute-risks", []string{"sleepiness", "sedat"}},
		{"breathing", "acute-risks", []string{"breathing"}},
		{"bladder", "repeated-use-risks", []string{"cystitis"}},
		{"bladder damage", "repeated-use-risks", []string{"bladder"}},
		{"memory", "repeated-use-risks", []string{"memory"}},
		{"liver", "repeated-use-risks", []string{"liver"}},
		{"dependence", "repeated-use-risks", []string{"depend"}},
		{"long-term unknown", "long-term-effects", []string{"do not know"}},
		{"benefit uncertainty", "benefits", []string{"cannot promise"}},
		{"no treatment", "alternatives", []string{"no treatment"}},
		{"psychotherapy alone", "alternatives", []string{"therapy alone"}},
		{"medication", "alternatives", []string{"medicines"}},
		{"esketamine alternative", "alternatives", []string{"esketamine"}},
		{"TMS", "alternatives", []string{"TMS"}},
		{"ECT", "alternatives", []string{"ECT"}},
		{"screening", "pre-treatment-evaluation", []string{"blood pressure"}},
		{"disclosure duty", "full-disclosure", []string{"whole truth"}},
		{"fasting food", "preparation", []string{"4 hours"}},
		{"fasting liquids", "preparation", []string{"2 hours"}},
		{"hold list", "preparation", []string{"24 hours"}},
		{"lamotrigine", "preparation", []string{"lamotrigine"}},
		{"only as told", "preparation", []string{"clinician tells you"}},
		{"monitoring", "support-during-treatment", []string{"oxygen level"}},
		{"rescue medicines", "support-during-treatment", []string{"rescue medicines"}},
		{"no driving", "after-session", []string{"do not drive"}},
		{"next day after sleep", "after-session", []string{"night of sleep"}},
		{"escort", "after-session", []string{"take you home"}},
		{"no alcohol", "after-session", []string{"alcohol for 24 hours"}},
		{"pregnancy", "pregnancy", []string{"pregnant"}},
		{"breastfeeding", "pregnancy", []string{"breastfeeding"}},
		{"withdraw before dosing", "right-to-withdraw", []string{"before you get a dose"}},
		{"revocation", "right-to-withdraw", []string{"take back this consent"}},
		{"revocation not retroactive", "right-to-withdraw", []string{"does not undo"}},
		{"emergencies", "emergencies", []string{"911"}},
		{"HIPAA", "confidentiality", []string{"HIPAA"}},
		{"42 CFR Part 2", "confidentiality", []string{"42 CFR Part 2"}},
		{"fees", "fees-and-cancellation", []string{"fee schedule"}},
		{"cancellation", "fees-and-cancellation", []string{"cancel"}},
		{"integration", "integration", []string{"integration"}},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			s, ok := d.Section(tt.section)
			if !ok {
				t.Fatalf("section %q missing", tt.section)
			}
			if !containsAnyFold(s.Text, tt.anyOf) {
				t.Errorf("section %q does not mention any of %q", tt.section, tt.anyOf)
			}
		})
	}
}

func TestKAPConsentClausesAndDisclosures(t *testing.T) {
	d := kapConsent202611()
	clause := func(id string) string {
		c, _ := d.Clause(id)
		return c.Text
	}
	tests := []struct {
		name  string
		text  string
		anyOf []string
	}{
		{"at-home peer monitor", clause("at-home-dosing"), []string{"stay with you"}},
		{"at-home BP cuff", clause("at-home-dosing"), []string{"cuff"}},
		{"at-home dose limits", clause("at-home-dosing"), []string{"only the dose prescribed"}},
		{"at-home only where offered", clause("at-home-dosing"), []string{"offers at-home dosing"}},
		{"recording who sees it", clause("session-recording"), []string{"care team"}},
		{"recording how long", clause("session-recording"), []string{"one year"}},
		{"research de-identified", clause("research-data"), []string{"remove your name"}},
		{"support person", clause("support-person-contact"), []string{"support person"}},
		{"attestation read", d.Attestation, []string{"read this whole document"}},
		{"attestation questions", d.Attestation, []string{"ask questions"}},
		{"attestation copy", d.Attestation, []string{"copy"}},
		{"ESIGN consent", d.RecordsDisclosure, []string{"electronic form"}},
		{"ESIGN paper copy", d.RecordsDisclosure, []string{"paper copy"}},
		{"ESIGN no fee", d.RecordsDisclosure, []string{"no fee"}},
		{"ESIGN withdraw", d.RecordsDisclosure, []string{"withdraw this agreement"}},
		{"ESIGN scope", d.RecordsDisclosure, []string{"records of this treatment"}},
		{"ESIGN browser", d.RecordsDisclosure, []string{"web browser"}},
		{"ESIGN PDF", d.RecordsDisclosure, []string{"PDF"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !containsAnyFold(tt.text, tt.anyOf) {
				t.Errorf("text does not mention any of %q:\n%s", tt.anyOf, tt.text)
			}
		})
	}
}

func containsAnyFold(text string, words []string) bool {
	lower := strings.ToLower(text)
	for _, w := range words {
		if strings.Contains(lower, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

func TestKAPConsentReadability(t *testing.T) {
	d := kapConsent202611()
	texts := make([]string, len(d.Sections))
	for i, s := range d.Sections {
		texts[i] = s.Text
	}
	r := MeasureReadability(strings.Join(texts, "\n\n"))
	t.Logf("whole consent: grade %.1f, %d words, %d sentences", r.FleschKincaidGrade, r.Words, r.Sentences)
	if r.FleschKincaidGrade > kapMaxGrade {
		t.Errorf("Flesch-Kincaid grade %.1f, want at most %.1f", r.FleschKincaidGrade, kapMaxGrade)
	}
	for _, s := range d.Sections {
		t.Logf("  %-26s grade %5.1f", s.ID, MeasureReadability(s.Text).FleschKincaidGrade)
	}
}

func TestKAPConsentHashStable(t *testing.T) {
	a, b := kapConsent202611(), kapConsent202611()
	ha, hb := a.TextSHA256(), b.TextSHA256()
	if ha != hb {
		t.Errorf("TextSHA256 differs between calls: %s vs %s", ha, hb)
	}
	if _, err := hex.DecodeString(ha); err != nil || len(ha) != 64 {
		t.Errorf("TextSHA256 = %q, want 64 hex characters", ha)
	}
}
