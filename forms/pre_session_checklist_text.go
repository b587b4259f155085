package forms

import "time"

// preSessionChecklist202611 is version 2026-11 of the pre-session
// checklist: the patient attests, a clinician confirms with a review.
func preSessionChecklist202611() Definition {
	return Definition{
		Kind: KindPreSessionChecklist, Version: "2026-11", Title: "Pre-Session Checklist",
		Signers:          []string{SignerPatient, SignerClinician},
		SignatureMeaning: "I attest that these answers are true today",
		Sections: []Section{
			{ID: "about", Title: "Before today's dose", Text: "We ask these questions before every session to make sure it is safe to dose today. " +
				"If something is not right today, we will move your session to another day. " +
				"This is for your safety and is not a failure."},
			{ID: "fasting", Title: "Food, drink and other substances", Text: "Ketamine can cause nausea and vomiting. " +
				"For that reason we ask you not to eat for 4 hours and not to drink for 2 hours before the session, except sips of water with your medicines. " +
				"Alcohol, cannabis, sedatives, opioids and stimulants in the 24 hours before a session make it less safe. " +
				"Do not stop a prescribed medicine unless your care team told you to."},
			{ID: "after", Title: "After the session", Text: "You must not drive, use machines or make important decisions until the next day, after a night's sleep. " +
				"An adult must take you home. " +
				"For a session at home, an adult must stay with you until the effects have worn off."},
			{ID: "your-choice", Title: "Your choice", Text: "You can decide not to go ahead today, and you can stop at any time before the dose. " +
				"If you have had thoughts of ending your life or hurting yourself, please tell us. We will talk with you before going on."},
		},
		Attestation:       "My answers are true for today. I understand that I can stop at any time before the dose.",
		RecordsDisclosure: patientRecordsDisclosure("this checklist"),
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}
