package forms

// KindMedicalHistory is the patient's medical, psychiatric and substance
// history, filled in before screening (DOMAIN §1, step 2).
const KindMedicalHistory = "medical-history"

// MedicalHistoryAnswers are the answers of the medical-history form. Every
// part is required, so that "none" is a statement the patient made and
// not a gap.
type MedicalHistoryAnswers struct {
	Medications  *Medications        `json:"medications" validate:"required"`
	Allergies    []Allergy           `json:"allergies" validate:"required,max=30,dive" desc:"Every allergy or bad reaction to a medicine, food or other thing. An empty list means none known."`
	Psychiatric  *PsychiatricHistory `json:"psychiatric" validate:"required"`
	SubstanceUse *SubstanceUse       `json:"substance_use" validate:"required"`
	Medical      *MedicalConditions  `json:"medical" validate:"required"`
	Pregnancy    *PregnancyStatus    `json:"pregnancy" validate:"required"`
	Vitals       *RecentVitals       `json:"vitals" validate:"required" desc:"Your most recent blood pressure and pulse, and the day they were taken."`
}

// Allergy is one allergy or bad reaction.
type Allergy struct {
	Substance string `json:"substance" validate:"required,max=100,text" desc:"What you are allergic to."`
	Reaction  string `json:"reaction" validate:"required,max=200,text" desc:"What happened, for example rash, swelling or trouble breathing."`
	Severity  string `json:"severity" validate:"required,oneof=mild moderate severe anaphylaxis" desc:"How bad it was; anaphylaxis is a sudden reaction with trouble breathing or collapse."`
}

// PsychiatricHistory is the patient's mental-health history, asked in the
// project's own words (no C-SSRS or MDQ wording; DOMAIN §4).
type PsychiatricHistory struct {
	Diagnoses           []string       `json:"diagnoses" validate:"required,max=20,unique,dive,oneof=major-depression persistent-depression bipolar-i bipolar-ii cyclothymia ptsd generalised-anxiety panic social-anxiety ocd eating-disorder adhd autism personality-disorder substance-use-disorder schizophrenia schizoaffective other-psychotic-disorder other" desc:"Mental-health conditions a clinician has told you that you have. An empty list means none."`
	OtherDiagnoses      string         `json:"other_diagnoses,omitempty" validate:"omitempty,max=500,text" desc:"Any other condition, in your words."`
	Psychosis           string         `json:"psychosis" validate:"required,oneof=never over-12-months past-12-months past-3-months past-month now" desc:"Have you ever had a time when you heard or saw things other people could not, or were sure of things that others said were not true, such as that people were plotting against you or sending you hidden messages? If so, when did this last happen?"`
	Mania               string         `json:"mania" validate:"required,oneof=never over-12-months past-12-months past-3-months past-month now" desc:"Have you ever had a time of at least several days when you felt far more up, wired or irritable than is normal for you, needed much less sleep without feeling tired, and had racing thoughts, big plans or spent or took risks in ways that others noticed? If so, when did this last happen?"`
	Hospitalisations    *int           `json:"hospitalisations" validate:"required,min=0,max=100" desc:"How many times have you stayed in a hospital overnight or longer for your mental health?"`
	LastHospitalisation string         `json:"last_hospitalisation" validate:"required,oneof=never over-12-months past-12-months past-3-months past-month now" desc:"When was the most recent of those stays? never if there were none."`
	SuicidalThoughts    string         `json:"suicidal_thoughts" validate:"required,oneof=never over-12-months past-12-months past-3-months past-month now" desc:"Have you ever had thoughts of ending your own life? If so, when did you last have them?"`
	SuicideAttempt      string         `json:"suicide_attempt" validate:"required,oneof=never over-12-months past-12-months past-3-months past-month now" desc:"Have you ever done something to try to end your life? If so, when was the most recent time?"`
	PriorKetamine       *PriorKetamine `json:"prior_ketamine" validate:"required" desc:"Past treatment with ketamine or esketamine, and any bad reaction to either."`
}

// PriorKetamine is the patient's past treatment with ketamine or
// esketamine, and any reaction to either drug for any reason.
type PriorKetamine struct {
	Treated   *bool    `json:"treated" validate:"required" desc:"Have you had ketamine or esketamine (Spravato) as a treatment for your mental health before?"`
	Products  []string `json:"products" validate:"required,max=2,unique,dive,oneof=ketamine esketamine" desc:"Which ones. An empty list if you have not had either."`
	Response  string   `json:"response,omitempty" validate:"omitempty,oneof=helped-a-lot helped-some did-not-help unsure" desc:"If you had it, did it help?"`
	Reactions []string `json:"reactions" validate:"required,max=8,unique,dive,oneof=allergic-reaction serious-reaction very-high-blood-pressure breathing-problems severe-distress-or-agitation long-lasting-confusion vomiting other" desc:"Bad reactions to ketamine or esketamine at any time, for any reason: as a treatment, during surgery or in an emergency. allergic-reaction: rash, swelling or trouble breathing soon after a dose. serious-reaction: one that needed emergency care or a hospital stay. An empty list means none."`
	Details   string   `json:"details,omitempty" validate:"omitempty,max=1000,text" desc:"Anything else about past ketamine or esketamine, in your words."`
}

// PregnancyStatus is whether the patient is or may be pregnant, or is
// breastfeeding.
type PregnancyStatus struct {
	Pregnant      string `json:"pregnant" validate:"required,oneof=no yes unsure not-applicable" desc:"Are you pregnant, or could you be? not-applicable if you cannot become pregnant."`
	Breastfeeding *bool  `json:"breastfeeding" validate:"required" desc:"Are you breastfeeding or pumping breast milk?"`
}

// RecentVitals is the patient's most recent blood pressure and pulse.
type RecentVitals struct {
	Systolic   *int   `json:"systolic" validate:"required,min=60,max=300" desc:"The top number, in mmHg."`
	Diastolic  *int   `json:"diastolic" validate:"required,min=30,max=200" desc:"The bottom number, in mmHg; lower than the top number."`
	HeartRate  *int   `json:"heart_rate" validate:"required,min=25,max=250" desc:"Pulse, in beats a minute."`
	MeasuredOn string `json:"measured_on" validate:"required,datetime=2006-01-02" desc:"The day they were taken, YYYY-MM-DD; not after the day you fill in this form."`
}
