package forms

import "time"

// medicalHistory202611 is version 2026-11 of the medical-history form.
// Its questions are in the answers type's desc tags and in the published
// schema; the sections are what the patient reads around them. The
// wording on suicidal thoughts, mania and substance use is the project's
// own (DOMAIN §4).
func medicalHistory202611() Definition {
	return Definition{
		Kind: KindMedicalHistory, Version: "2026-11", Title: "Medical and Mental Health History",
		Signers:          []string{SignerPatient},
		SignatureMeaning: "I confirm that this history is true and complete to the best of my knowledge",
		Sections: []Section{
			{ID: "about", Title: "Why we ask", Text: "Ketamine is not safe for everyone. " +
				"Some health problems and some medicines make it risky. " +
				"Your answers help your care team decide whether this treatment is right for you, and how to make it safe. " +
				"Please answer every question. " +
				"If you are not sure, say so, and your care team will ask you about it. " +
				"We keep your answers private, as federal health privacy law (HIPAA) requires."},
			{ID: "medicines", Title: "Your medicines", Text: "List every medicine you take now, with the dose and how often. " +
				"Include medicines you take only when needed, sleeping pills, pain medicines, patches and supplements. " +
				"Some medicines change how ketamine works or make it less safe. " +
				"Sedatives called benzodiazepines may make ketamine work less well. " +
				"Opioids and other sedating medicines add to the sleepiness and slow breathing that ketamine can cause. " +
				"MAO inhibitors and stimulants can raise blood pressure. " +
				"Do not stop any medicine on your own: your care team will tell you what to do."},
			{ID: "allergies", Title: "Allergies", Text: "List anything you are allergic to, and what happened. " +
				"Tell us about any reaction to ketamine or esketamine, even one during surgery."},
			{ID: "mental-health", Title: "Your mental health", Text: "We ask about hard things, such as thoughts of ending your life, times of feeling far too high, and hearing or seeing things others do not. " +
				"Many people have had these experiences. " +
				"Your answers do not decide your care on their own: a clinician reads them and talks with you. " +
				"Ketamine can make some of these conditions worse, so we need to know.\n\n" +
				"If you are thinking about ending your life now, please tell your care team today. " +
				"In the US you can call or text 988 at any time, or call 911 in an emergency."},
			{ID: "alcohol-and-drugs", Title: "Alcohol and other drugs", Text: "We ask how often you have used alcohol and other drugs, and when you last did. " +
				"Please be honest. " +
				"Some drugs are dangerous with ketamine, and ketamine itself can be misused. " +
				"Your answers are part of your health record and are kept private."},
			{ID: "physical-health", Title: "Your physical health", Text: "Ketamine raises blood pressure and heart rate for a short time. " +
				"This can be dangerous for people with some heart, blood vessel and brain problems. " +
				"It can also harm the bladder when it is used often. " +
				"Please answer each question. If you do not know, ask your doctor or tell us."},
			{ID: "pregnancy", Title: "Pregnancy and breastfeeding", Text: "Ketamine is not given during pregnancy or while breastfeeding. " +
				"It may harm an unborn baby, and it can pass into breast milk. " +
				"If you could become pregnant, you may be asked to take a pregnancy test."},
			{ID: "vital-signs", Title: "Your recent blood pressure and pulse", Text: "Give your most recent blood pressure and pulse, and the day they were taken. " +
				"A reading from your doctor, a pharmacy or a home cuff is fine. " +
				"We will take our own before each session."},
		},
		Attestation: "My answers are true and complete to the best of my knowledge. " +
			"I will tell my care team at once if anything changes, such as a new medicine, a new illness or a pregnancy.",
		RecordsDisclosure: patientRecordsDisclosure("this health history"),
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}
