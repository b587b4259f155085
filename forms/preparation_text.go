package forms

import "time"

// preparation202611 is version 2026-11 of the preparation form.
func preparation202611() Definition {
	return Definition{
		Kind: KindPreparation, Version: "2026-11", Title: "Preparation for Ketamine Sessions",
		Signers:          []string{SignerPatient},
		SignatureMeaning: "I confirm that this is my own account of my intentions, support and concerns",
		Sections: []Section{
			{ID: "about", Title: "About this form", Text: "Before your first dosing session, you meet with your therapist to get ready. " +
				"This form keeps a record of that talk. " +
				"There are no right or wrong answers."},
			{ID: "intentions", Title: "Your intentions", Text: "Write what you hope for from this treatment. " +
				"It may be a feeling you want less of, something you want to understand, or a change you want to make. " +
				"You can change your intentions at any time."},
			{ID: "support", Title: "Your support people", Text: "Name the people who will help you. " +
				"Someone must take you home after each session in the clinic, because you must not drive until the next day after sleep. " +
				"For a session at home, an adult must stay with you. " +
				"We contact a support person only if you agreed to that in your consent, or in an emergency."},
			{ID: "concerns", Title: "Your concerns", Text: "Tell us what worries you. " +
				"Common worries are losing control, a hard experience during the session, feeling sick, safety, memory, becoming dependent, cost and privacy. " +
				"Your therapist will talk with you about each one before your first session."},
		},
		Attestation:       "These are my own answers. I talked about them with my therapist.",
		RecordsDisclosure: patientRecordsDisclosure("this preparation record"),
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}
