package forms

import "time"

// kapConsent202611 returns version 2026-11 of the informed consent for
// ketamine-assisted psychotherapy. Its sections follow the list in DOMAIN §2;
// the wording is the project's own, written for about an 8th-grade reader
// (Mathai et al. 2022 found KAP consents hard to read; the test checks the
// Flesch-Kincaid grade).
func kapConsent202611() Definition {
	return Definition{
		Kind:             "kap-consent",
		Version:          "2026-11",
		Title:            "Informed Consent for Ketamine-Assisted Psychotherapy",
		Signers:          []string{SignerPatient, SignerClinician},
		SignatureMeaning: "I consent to ketamine-assisted psychotherapy as described in this document",
		Sections:         kapConsentSections(),
		Clauses:          kapConsentClauses(),
		// The signature block's patient attestation of understanding and
		// copy to the patient (DOMAIN §2).
		Attestation: "I have read this whole document, or had it read to me. " +
			"I had the chance to ask questions, and my questions were answered to my satisfaction. " +
			"I understand the risks, the possible benefits and the other choices I have. " +
			"I choose to take part of my own free will. " +
			"I will get a copy of this signed document.",
		// The ESIGN affirmative-consent disclosure: paper copies and how to
		// get them, withdrawal and how, scope, hardware and software
		// (15 U.S.C. 7001(c); DOMAIN §5).
		RecordsDisclosure: "You may sign this consent and get your records in electronic form. " +
			"If you agree, we will give you this consent, your signed copy and the records of this treatment on screen and as PDF files. " +
			"This agreement covers only this consent and the records of this treatment.\n\n" +
			"You have the right to a paper copy of any of these records. " +
			"To get one, ask the clinic in person, by phone or in writing. " +
			"There is no fee for a paper copy.\n\n" +
			"You may withdraw this agreement to use electronic records at any time. " +
			"To do so, tell the clinic in writing or in your patient portal. " +
			"After that, we will give you these records on paper. " +
			"Withdrawing does not change records you already signed, and there is no fee. " +
			"If your email address or phone number changes, tell us so we can still reach you.\n\n" +
			"To get and keep electronic records, you need a phone, tablet or computer with a current web browser and a program that opens PDF files. " +
			"You also need a way to save or print them. " +
			"If these needs change, we will tell you first, and you may withdraw without a fee. " +
			"If you cannot open a record, tell us and we will give it to you on paper.",
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		ReconsentRequired: false,
	}
}

// kapConsentSections is the body of the 2026-11 consent, in reading order.
// Sections Mathai et al. 2022 found weak are each mandatory and have their
// own section: "dissociative-effects", "long-term-effects", "alternatives",
// "pre-treatment-evaluation" and "support-during-treatment" (DOMAIN §2).
func kapConsentSections() []Section {
	return []Section{
		{
			ID:    "about-treatment",
			Title: "About this treatment",
			Text: "This form tells you about ketamine-assisted psychotherapy. " +
				"In this treatment, you get a drug called ketamine. " +
				"You also meet with a therapist before and after each dose. " +
				"The goal is to ease symptoms such as depression, anxiety or trauma.\n\n" +
				"Please read each part with care. " +
				"Ask about anything that is not clear. " +
				"You may take this form home and talk it over with your family or your own doctor. " +
				"You do not have to decide today. " +
				"Some parts ask for your initials. " +
				"Your initials show that you read that part and understand it.",
		},
		{
			// Schedule III, FDA approval for anesthesia only, esketamine as
			// the approved depression product, and compounding (DOMAIN §2).
			ID:    "off-label-use",
			Title: "What ketamine is, and off-label use",
			Text: "Ketamine is a drug used to put people to sleep for surgery. " +
				"Doctors call this kind of drug a dissociative anesthetic. " +
				"The FDA has approved ketamine for anesthesia. " +
				"It is a Schedule III controlled substance. " +
				"This means the law limits its use because people can misuse it.\n\n" +
				"The FDA has not approved ketamine to treat depression or other mental health problems. " +
				"Using it this way is called off-label use. " +
				"It is legal, and many clinics do it, but the FDA has not reviewed it for this purpose.\n\n" +
				"A related drug, esketamine, is approved for depression. " +
				"It is a nasal spray that is given only in certified clinics.\n\n" +
				"Some clinics use compounded ketamine. " +
				"This is ketamine mixed by a pharmacy into a form such as a lozenge. " +
				"The FDA does not approve compounded drugs. " +
				"We will tell you if the ketamine we give you is compounded.",
			InitialsRequired: true,
		},
		{
			// Routes and usual ranges seen in published consents (DOMAIN §1).
			ID:    "route-and-dosing",
			Title: "How you get ketamine, where, and how much",
			Text: "You will get ketamine at our clinic, in a quiet room, unless you agree to at-home dosing in a separate part of this form. " +
				"There are a few ways to get it.\n\n" +
				"IV: A thin tube goes into a vein in your arm. " +
				"A pump gives the drug slowly, over about 40 minutes. " +
				"A common dose is 0.5 mg for each kilogram you weigh (0.5 mg/kg). " +
				"Some clinics go up to 1.0 mg per kilogram.\n\n" +
				"Shot: A nurse gives the drug as a shot into a muscle, often in your arm.\n\n" +
				"Lozenge: You hold a tablet or lozenge in your mouth until it melts. " +
				"Doses are often between 25 and 300 mg.\n\n" +
				"Your clinician will choose the way you get it and your dose. " +
				"These are written in your treatment plan, along with how many sessions you will have and how far apart. " +
				"We may change the dose based on how you respond. " +
				"We will tell you before we change it.",
		},
		{
			// Mathai et al. 2022: dissociative effects were poorly described.
			ID:    "dissociative-effects",
			Title: "What the experience is like",
			Text: "Ketamine changes how you feel and see things. " +
				"This is called dissociation. " +
				"You may feel apart from your body, as if you are floating or watching yourself. " +
				"Time may seem to speed up or slow down. " +
				"Sounds, colors and shapes may seem strange. " +
				"You may have dream-like images or thoughts. " +
				"Your body may feel numb or heavy. " +
				"It may be hard to move or talk.\n\n" +
				"Many people find this calm or even pleasant. " +
				"Some find it strange or scary. " +
				"You might feel fear, sadness or confusion. " +
				"These feelings are common, and they pass as the drug wears off. " +
				"Staff will be with you the whole time.\n\n" +
				"With an IV or a shot, effects start within minutes. " +
				"The strongest effects last about 40 minutes to an hour. " +
				"With a lozenge, they start more slowly and may last one to two hours. " +
				"You may feel tired, foggy or unsteady for the rest of the day.",
			InitialsRequired: true,
		},
		{
			ID:    "acute-risks",
			Title: "Risks during and soon after a session",
			Text: "Ketamine can cause side effects during a session and for a few hours after. " +
				"Most are mild and go away on their own. " +
				"They include:\n\n" +
				"Higher blood pressure and a faster heartbeat. " +
				"Nausea and throwing up. " +
				"Dizziness. " +
				"Blurred or double vision. " +
				"Feeling restless or upset. " +
				"Strong sleepiness.\n\n" +
				"Some people have an emergence reaction as the drug wears off. " +
				"This can mean confusion, bad dreams, seeing things that are not there, or fear. " +
				"It most often passes in a short time.\n\n" +
				"Ketamine can slow your breathing, mostly at high doses or with other drugs that make you sleepy. " +
				"This is rare at the doses we use. " +
				"We watch for it closely and can treat it. " +
				"Very rarely, a serious problem with your heart or breathing can happen.",
			InitialsRequired: true,
		},
		{
			// Psychiatric Annals 2018 on ketamine cystitis; DOMAIN §2.
			ID:    "repeated-use-risks",
			Title: "Risks of repeated or heavy use",
			Text: "Some harms are seen mostly in people who use ketamine often or in large amounts, " +
				"such as people who misuse it. " +
				"They are less likely at treatment doses, but we cannot rule them out.\n\n" +
				"Bladder damage: Ketamine can hurt the bladder. " +
				"This is called ketamine cystitis. " +
				"Signs are pain when you pass urine, needing to go often or in a rush, and blood in your urine. " +
				"It may get worse if use goes on.\n\n" +
				"Memory and thinking: Heavy use can cause problems with memory, focus and clear thinking.\n\n" +
				"Liver: Ketamine can affect the liver. " +
				"We may check your liver with blood tests.\n\n" +
				"Misuse: People can misuse ketamine and can come to depend on it. " +
				"You should never take ketamine that we did not give you or prescribe.\n\n" +
				"Tell us right away if you notice any of these signs.",
			InitialsRequired: true,
		},
		{
			// Mathai et al. 2022: long-term effects were poorly described.
			ID:    "long-term-effects",
			Title: "Long-term effects are not known",
			Text: "Most studies of ketamine for mental health have followed people for only weeks or months. " +
				"We do not know the effects of many sessions over years. " +
				"There may be risks that no one knows about yet.\n\n" +
				"We also do not know how long any benefit will last. " +
				"Some people need more sessions to keep feeling better. " +
				"The risks of repeated use, like bladder and memory problems, may grow with more sessions.\n\n" +
				"To keep you safe, we will check in with you about side effects during your treatment. " +
				"We will review with you whether more sessions still make sense. " +
				"If we learn of new risks, we will tell you.",
			InitialsRequired: true,
		},
		{
			ID:    "benefits",
			Title: "Possible benefits",
			Text: "Ketamine may ease depression. " +
				"It may also help with anxiety, trauma and thoughts of suicide. " +
				"Some people feel better within hours or days. " +
				"Therapy around each dose may help you make sense of what you feel and make lasting changes.\n\n" +
				"We cannot promise that this treatment will help you. " +
				"Some people do not get better. " +
				"For others, the benefit fades after days or weeks. " +
				"Research on ketamine for mental health is still growing. " +
				"There is less proof for some problems, such as anxiety and trauma, than for depression. " +
				"We will track your symptoms so you and your clinician can see if it is helping.",
		},
		{
			// Mathai et al. 2022: alternatives were poorly described.
			ID:    "alternatives",
			Title: "Other choices, including no treatment",
			Text: "Ketamine is not your only choice. " +
				"Other treatments include:\n\n" +
				"Talk therapy alone, without any drug. " +
				"Medicines for depression or anxiety taken by mouth each day. " +
				"Esketamine nasal spray, which the FDA has approved for depression. " +
				"TMS, which uses magnets held near the head to change brain activity. " +
				"ECT, in which a small electric current is passed through the brain while you are asleep under anesthesia.\n\n" +
				"You may also choose no treatment at all.\n\n" +
				"Each choice has its own risks and benefits. " +
				"Some may be covered by insurance when ketamine is not. " +
				"Your clinician can talk with you about which choices fit your needs. " +
				"You can ask about them at any time.",
			InitialsRequired: true,
		},
		{
			// Mathai et al. 2022: pre-treatment evaluation was poorly
			// described. The checks mirror the screening rules, DOMAIN §3.
			ID:    "pre-treatment-evaluation",
			Title: "Your evaluation before treatment",
			Text: "Before your first session, a clinician will check whether ketamine is safe and right for you.\n\n" +
				"We will ask about your physical and mental health, past and present. " +
				"We will ask about all the medicines you take, your allergies, and your use of alcohol and drugs. " +
				"You will fill out short forms about your mood, anxiety and trauma. " +
				"We will check your blood pressure and heart rate. " +
				"We may ask for a pregnancy test, lab tests, or records from your other doctors.\n\n" +
				"Some conditions make ketamine unsafe. " +
				"Examples are psychosis, mania, some heart and blood vessel problems, and high blood pressure that is not under control. " +
				"If we find a problem, we may delay treatment, change the plan, or advise you not to have it. " +
				"We will explain why.",
		},
		{
			ID:    "full-disclosure",
			Title: "Telling us your full history",
			Text: "Your safety depends on what you tell us. " +
				"You agree to tell us the whole truth about:\n\n" +
				"Your physical and mental health, now and in the past. " +
				"All medicines, vitamins and supplements you take. " +
				"Your use of alcohol, cannabis and other drugs, including any past use of ketamine. " +
				"Any chance that you are pregnant.\n\n" +
				"Before each session, tell us about any changes. " +
				"This includes new medicines, new health problems, or thoughts of harming yourself. " +
				"If you leave something out, you could be harmed.",
			InitialsRequired: true,
		},
		{
			// Fasting food 4 h and clear liquids 2 h; hold list for 24 h
			// (DOMAIN §2; Andrade 2017 on lamotrigine).
			ID:    "preparation",
			Title: "Getting ready for a session",
			Text: "Do not eat any food for 4 hours before your session. " +
				"You may drink clear liquids, such as water or apple juice, until 2 hours before. " +
				"An empty stomach lowers the risk of choking if you throw up.\n\n" +
				"For 24 hours before your session, do not use alcohol or cannabis. " +
				"Your clinician may also ask you to skip some medicines for 24 hours. " +
				"These can include sleep or anxiety pills, opioid pain pills, and stimulants. " +
				"You may also be asked to skip lamotrigine, a seizure and mood medicine, for 24 hours. " +
				"These can make ketamine less safe or less helpful.\n\n" +
				"Only skip a medicine if your clinician tells you to. " +
				"Never stop a prescribed medicine on your own. " +
				"Plan for an adult to take you home after the session.",
			InitialsRequired: true,
		},
		{
			// Mathai et al. 2022: support during treatment was poorly
			// described. Monitoring and rescue medicines (DOMAIN §2).
			ID:    "support-during-treatment",
			Title: "Who is with you, and how we keep you safe",
			Text: "A trained staff member will be with you from the time you get the dose until the main effects wear off. " +
				"A clinician who can treat medical problems will be on site. " +
				"Your therapist may be in the room to support you.\n\n" +
				"We will check your blood pressure, heart rate, breathing and oxygen level before, during and after the dose. " +
				"We may use a small clip on your finger and a cuff on your arm.\n\n" +
				"We keep rescue medicines and oxygen ready. " +
				"We can give medicine for nausea, for high blood pressure, or to help you feel calm. " +
				"With an IV, we can slow or stop the drug at any time.\n\n" +
				"You can ask for help at any point. " +
				"Before you start, we will agree on a way for you to tell us you need something.",
		},
		{
			ID:    "after-session",
			Title: "After your session",
			Text: "You must stay at the clinic until staff say it is safe for you to leave. " +
				"A responsible adult must take you home. " +
				"You may not leave alone, drive yourself, or take a taxi alone.\n\n" +
				"Do not drive or use machines or power tools until the next day, after a full night of sleep. " +
				"Do not ride a bike or do other things that need you to be alert. " +
				"Do not drink alcohol for 24 hours. " +
				"It is best not to make big decisions for the rest of the day.\n\n" +
				"Rest for the rest of the day. " +
				"Call us if you have side effects that worry you.",
			InitialsRequired: true,
		},
		{
			// Pregnant or breastfeeding is an exclusion (DOMAIN §2, §3).
			ID:    "pregnancy",
			Title: "Pregnancy and breastfeeding",
			Text: "You cannot have this treatment if you are pregnant or breastfeeding. " +
				"We do not know if ketamine is safe for an unborn baby. " +
				"It can also pass into breast milk.\n\n" +
				"If you could become pregnant, we may ask you to take a pregnancy test before treatment. " +
				"Use birth control that works for you while you are in treatment. " +
				"Tell us right away if you become pregnant, think you might be, or start breastfeeding. " +
				"We will stop your treatment and help you plan your next steps.",
			InitialsRequired: true,
		},
		{
			// Withdrawal before dosing and revocation later, effective from
			// its time; the original record stays (DOMAIN §1, §2).
			ID:    "right-to-withdraw",
			Title: "Your right to say no or stop",
			Text: "Taking part is your choice. " +
				"You may say no at any time before you get a dose. " +
				"Saying no will not affect the rest of your care here.\n\n" +
				"If you want to stop during a session, tell us. " +
				"With an IV, we can stop the drug. " +
				"But a dose you have already taken will keep working until it wears off.\n\n" +
				"You may also take back this consent later. " +
				"To do so, tell us in writing or in your patient portal. " +
				"It takes effect from the time we get it. " +
				"It does not undo treatment you have already had. " +
				"We will keep the records of that care, as the law requires.",
			InitialsRequired: true,
		},
		{
			ID:    "emergencies",
			Title: "If there is an emergency",
			Text: "If you have a medical or mental health emergency at the clinic, our staff will give first aid and rescue medicines. " +
				"We will call 911 if needed. " +
				"You may be taken to a hospital. " +
				"By signing, you agree to this emergency care. " +
				"You may have to pay for the ambulance and hospital care.\n\n" +
				"If you have an emergency after you leave, call 911 or go to the nearest emergency room. " +
				"If you have thoughts of harming yourself, call or text 988 at any time. " +
				"For questions that are not urgent, call the clinic.",
		},
		{
			// HIPAA; 42 CFR Part 2 only for federally assisted SUD programs
			// (DOMAIN §2, §5).
			ID:    "confidentiality",
			Title: "Privacy of your records",
			Text: "We keep your health records private, as the federal law called HIPAA requires. " +
				"Our Notice of Privacy Practices explains how we use and share your information. " +
				"We will give you a copy.\n\n" +
				"We share your records only as the law allows or as you agree. " +
				"The law may require us to share some facts without your consent. " +
				"Examples are when someone is in danger, when a child or elder is being abused, or when a court orders it.\n\n" +
				"Some clinics are federally assisted programs that treat substance use. " +
				"Another federal law, 42 CFR Part 2, gives those records extra protection. " +
				"It applies only if our clinic is such a program. " +
				"If it does, we will tell you, and we will ask for your written consent before we share those records.",
		},
		{
			ID:    "fees-and-cancellation",
			Title: "Fees and cancellation",
			Text: "Our fees are listed in a separate fee schedule. " +
				"We will give it to you before you start. " +
				"It also explains our rules for canceling or missing a session, and any fees for that.\n\n" +
				"Insurance often does not pay for ketamine used off-label. " +
				"You may have to pay for all or part of your care yourself. " +
				"Please ask us about costs before you agree to treatment.",
		},
		{
			ID:    "integration",
			Title: "Integration and follow-up",
			Text: "After each dose, you will meet with your therapist. " +
				"This is called integration. " +
				"You will talk about what you felt and saw, and how it relates to your life and goals. " +
				"Many people find this is where much of the work happens.\n\n" +
				"We will also ask you to fill out short forms about your mood and anxiety from time to time. " +
				"We will ask about side effects. " +
				"This helps us see if the treatment is working and if it is safe to go on. " +
				"Based on what we learn, we may change your plan, pause it, or end it.",
		},
	}
}

// kapConsentClauses are the parts the patient accepts or declines one by
// one, each with its own initials and its own withdrawal (DOMAIN §2).
func kapConsentClauses() []Clause {
	return []Clause{
		{
			// At-home dosing rules where offered: peer monitor, BP cuff, dose
			// limits (DOMAIN §2; Choose Ketamine remote treatment agreement).
			ID:    "at-home-dosing",
			Title: "At-home dosing",
			Text: "This part applies only if our clinic offers at-home dosing and your clinician says it is right for you. " +
				"If you agree, you may take some lozenge doses at home. " +
				"You agree to these rules:\n\n" +
				"An adult you trust, who has been told what to do, will stay with you from the dose until the effects wear off. " +
				"You will check your blood pressure with a home cuff before each dose. " +
				"You will not take the dose if it is above the limit your clinician gives you. " +
				"You will take only the dose prescribed, never more, and never more often. " +
				"You will keep the drug locked up and away from others. " +
				"You will not drive until the next day, after a full night of sleep.\n\n" +
				"We may stop at-home dosing at any time if it is not safe.",
		},
		{
			ID:    "session-recording",
			Title: "Recording of sessions",
			Text: "With your permission, we may make audio or video recordings of your sessions. " +
				"Recordings help your care team and are used to train and supervise staff. " +
				"Only your care team and their supervisors may see or hear them.\n\n" +
				"We keep recordings securely for up to one year and then delete them. " +
				"They are not part of your medical record. " +
				"Saying no will not change your care. " +
				"You may withdraw this permission at any time, and we will stop recording from then on.",
		},
		{
			ID:    "research-data",
			Title: "Use of your data for research",
			Text: "With your permission, we may use your treatment results for research. " +
				"This includes your symptom scores, side effects and doses. " +
				"Before we use them, we remove your name and anything else that could identify you.\n\n" +
				"The research aims to learn how well this treatment works and how safe it is. " +
				"Saying no will not change your care. " +
				"You may withdraw this permission at any time. " +
				"We will not use new data after that, but we cannot take back data that has already been used.",
		},
		{
			ID:    "support-person-contact",
			Title: "Contact with your support person",
			Text: "You may name a support person on this form, such as a family member or friend. " +
				"With your permission, we may contact this person. " +
				"We might call to confirm your ride home, to check on you after a session, or if we are worried about your safety.\n\n" +
				"We will share only what is needed for that purpose. " +
				"You may change your support person or withdraw this permission at any time. " +
				"In an emergency, the law may still let us contact others to keep you safe.",
		},
	}
}
