package forms

// SubstanceUse is the patient's use of alcohol and other drugs, asked in
// the project's own words (no DAST-10 wording; DOMAIN §4).
type SubstanceUse struct {
	Alcohol       *SubstanceUseItem `json:"alcohol" validate:"required" desc:"Alcohol: beer, wine, spirits."`
	Cannabis      *SubstanceUseItem `json:"cannabis" validate:"required" desc:"Cannabis in any form: smoked, vaped or eaten."`
	KetaminePCP   *SubstanceUseItem `json:"ketamine_pcp" validate:"required" desc:"Ketamine or PCP outside a treatment a clinician gave you."`
	Opioids       *SubstanceUseItem `json:"opioids" validate:"required" desc:"Opioids not prescribed to you, or more than prescribed: heroin, fentanyl, pain pills."`
	Stimulants    *SubstanceUseItem `json:"stimulants" validate:"required" desc:"Stimulants not prescribed to you, or more than prescribed: cocaine, methamphetamine, ADHD pills."`
	Sedatives     *SubstanceUseItem `json:"sedatives" validate:"required" desc:"Sedatives not prescribed to you, or more than prescribed: benzodiazepines, sleeping pills, GHB."`
	Hallucinogens *SubstanceUseItem `json:"hallucinogens" validate:"required" desc:"Psilocybin mushrooms, LSD, MDMA, ayahuasca or similar."`
	Other         *SubstanceUseItem `json:"other" validate:"required" desc:"Any other drug used to get high, for example inhalants."`
	OtherName     string            `json:"other_name,omitempty" validate:"omitempty,max=200,text" desc:"What the other drug is."`
	Disorder      string            `json:"disorder" validate:"required,oneof=never over-12-months past-12-months past-3-months past-month now" desc:"Has there been a time when you could not control your use of alcohol or a drug, or it harmed your health, work, family or safety, or a clinician told you that you have an addiction or substance use disorder? If so, when was this last true of you?"`
	Treatment     string            `json:"treatment" validate:"required,oneof=never over-12-months past-12-months past-3-months past-month now" desc:"Have you had treatment for alcohol or drug use, such as detox, a rehab program, counselling, a support group or medicine like buprenorphine, methadone or naltrexone? If so, when most recently? now if you are in treatment."`
}

// SubstanceUseItem is how often a patient used one kind of substance in
// the past 12 months, and when last. A frequency of none goes with a last
// use of never or over-12-months, and only with those.
type SubstanceUseItem struct {
	Frequency string `json:"frequency" validate:"required,oneof=none less-than-monthly monthly weekly daily" desc:"How often in the past 12 months. daily means daily or almost daily."`
	LastUse   string `json:"last_use" validate:"required,oneof=never over-12-months past-12-months past-3-months past-month now" desc:"When you last used it."`
}

// MedicalConditions are the physical conditions screening asks about.
type MedicalConditions struct {
	Hypertension         string `json:"hypertension" validate:"required,oneof=none controlled uncontrolled unsure" desc:"Do you have high blood pressure? controlled: your readings are usually where your doctor wants them. uncontrolled: they are often higher. unsure: you do not know."`
	UnstableAngina       *bool  `json:"unstable_angina" validate:"required" desc:"Do you have chest pain or pressure (angina) that is new, getting worse, or comes on at rest?"`
	HeartAttack          string `json:"heart_attack" validate:"required,oneof=never over-12-months past-12-months past-3-months past-month now" desc:"Have you ever had a heart attack? If so, when?"`
	HeartFailure         *bool  `json:"heart_failure" validate:"required" desc:"Has a doctor told you that you have heart failure (a weak heart)?"`
	Arrhythmia           *bool  `json:"arrhythmia" validate:"required" desc:"Do you have an irregular or abnormal heartbeat that a doctor called serious, that needs ongoing treatment, or that needed a pacemaker or defibrillator?"`
	AneurysmOrAVM        *bool  `json:"aneurysm_or_avm" validate:"required" desc:"Have you ever had a bulge in a blood vessel (aneurysm) anywhere in the body, including the brain, chest or belly, or a tangle of blood vessels (arteriovenous malformation, AVM)?"`
	BrainBleed           *bool  `json:"brain_bleed" validate:"required" desc:"Have you ever had bleeding in the brain (intracerebral haemorrhage)?"`
	Stroke               *bool  `json:"stroke" validate:"required" desc:"Have you ever had a stroke?"`
	IntracranialPressure *bool  `json:"intracranial_pressure_or_mass" validate:"required" desc:"Do you have raised pressure inside the skull, a brain tumour, or another growth in the brain?"`
	Seizures             *bool  `json:"seizures" validate:"required" desc:"Have you had seizures or epilepsy?"`
	Hyperthyroidism      string `json:"hyperthyroidism" validate:"required,oneof=none treated untreated" desc:"Do you have an overactive thyroid (hyperthyroidism)? treated: you take treatment for it or had it fixed."`
	LiverDisease         string `json:"liver_disease" validate:"required,oneof=none mild severe" desc:"Do you have liver disease? severe: cirrhosis, or a doctor called it severe."`
	BladderProblems      *bool  `json:"bladder_problems" validate:"required" desc:"Have you had bladder problems: bladder pain, interstitial cystitis, repeated bladder infections, or blood in your urine?"`
	BrainInjury          string `json:"brain_injury" validate:"required,oneof=none recovered ongoing-symptoms" desc:"Have you had a head or brain injury? ongoing-symptoms: you still have problems from it, such as with memory, thinking or headaches."`
	Dementia             *bool  `json:"dementia" validate:"required" desc:"Has a doctor told you that you have dementia or another illness that harms memory and thinking?"`
	Other                string `json:"other,omitempty" validate:"omitempty,max=1000,text" desc:"Any other medical condition, in your words."`
}
