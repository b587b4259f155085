package forms

import (
	"strconv"
	"strings"
	"time"
)

// integrationFollowup202611 is version 2026-11 of the integration and
// follow-up form. It repeats the PHQ-9 and GAD-7 with their published
// wording and asks about side effects of repeated use.
func integrationFollowup202611() Definition {
	return Definition{
		Kind: KindIntegrationFollowup, Version: "2026-11", Title: "Integration and Follow-Up",
		Signers:          []string{SignerPatient},
		SignatureMeaning: "I confirm that these answers are my own",
		Sections: []Section{
			{ID: "about", Title: "About this form", Text: "After your sessions, we check how you are doing. " +
				"Your answers show whether the treatment is helping, and catch side effects early."},
			{ID: "phq-9", Title: "Mood (PHQ-9)", Text: phq9.stem + "\n\n" + itemList(phq9) + "\n\n" + phq9.attribution},
			{ID: "gad-7", Title: "Anxiety (GAD-7)", Text: gad7.stem + "\n\n" + itemList(gad7) + "\n\n" + gad7.attribution},
			{ID: "side-effects", Title: "Side effects", Text: "Ketamine used often can harm the bladder. " +
				"Tell us about urgency, passing urine often, pain when passing urine, or blood in the urine. " +
				"It can also affect memory and thinking, and some people start to crave it. " +
				"These effects are easier to treat when found early."},
			{ID: "reflections", Title: "Your reflections", Text: "You may write what you noticed, felt or learned since your last session. This part is optional."},
		},
		Attestation:       "These are my own answers. I will tell my care team about any new or worse side effect.",
		RecordsDisclosure: patientRecordsDisclosure("this follow-up record"),
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}

// itemList numbers an instrument's items, one paragraph each, with the
// answer options first.
func itemList(in instrument) string {
	parts := []string{"Answer each with one of: " + optionList(in.options) + "."}
	for i, it := range in.items {
		parts = append(parts, strconv.Itoa(i+1)+". "+it.text)
	}
	return strings.Join(parts, "\n\n")
}
