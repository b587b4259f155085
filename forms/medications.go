package forms

// Medicine classes a Medication may have. The screening rules read the
// class, never the free-text name.
const (
	ClassMAOI             = "maoi"
	ClassStimulant        = "stimulant"
	ClassOpioid           = "opioid"
	ClassCNSDepressant    = "cns-depressant"
	ClassLamotrigine      = "lamotrigine"
	ClassOpioidAntagonist = "opioid-antagonist"
	// ClassBenzodiazepine is a benzodiazepine listed among the other
	// medicines (or recognised there by its name): screening counts its
	// dose with the benzodiazepines list's.
	ClassBenzodiazepine = "benzodiazepine"
)

// Medications are the medicines a patient takes now. Benzodiazepines are
// listed apart, drug by drug, so that a diazepam-equivalent daily dose can
// be worked out.
type Medications struct {
	Benzodiazepines []BenzodiazepineDose `json:"benzodiazepines" validate:"required,max=10,dive" desc:"Benzodiazepines you take now, for example alprazolam (Xanax), clonazepam (Klonopin), diazepam (Valium) or lorazepam (Ativan). An empty list means none."`
	Other           []Medication         `json:"other" validate:"required,max=40,dive" desc:"Every other medicine you take now, prescribed or bought, including sleeping pills, pain medicines, supplements and patches. An empty list means none."`
}

// BenzodiazepineDose is one benzodiazepine a patient takes.
type BenzodiazepineDose struct {
	Drug        string   `json:"drug" validate:"required,oneof=alprazolam chlordiazepoxide clobazam clonazepam clorazepate diazepam estazolam flurazepam lorazepam oxazepam quazepam temazepam triazolam" desc:"The medicine's generic name."`
	MgPerDose   *float64 `json:"mg_per_dose" validate:"required,gt=0,lte=300" desc:"How many mg you take each time."`
	DosesPerDay *int     `json:"doses_per_day" validate:"required,min=1,max=6" desc:"How many times a day you take it. If you take it only when needed, how many times on a day you take it."`
	AsNeeded    *bool    `json:"as_needed" validate:"required" desc:"True if you take it only when needed, not every day."`
}

// Medication is any other medicine a patient takes, with its dose and how
// often, and the class the screening rules read.
type Medication struct {
	Name      string   `json:"name" validate:"required,max=100,text" desc:"The medicine's name as on the label."`
	Class     string   `json:"class" validate:"required,oneof=maoi benzodiazepine stimulant opioid cns-depressant lamotrigine opioid-antagonist antidepressant antipsychotic mood-stabiliser anticonvulsant antihypertensive thyroid other" desc:"maoi: an MAO inhibitor (phenelzine, tranylcypromine, isocarboxazid, selegiline including the patch, linezolid). stimulant: amphetamines, methylphenidate, modafinil, armodafinil. opioid: any opioid, including tramadol, codeine, buprenorphine and methadone. cns-depressant: other sedating medicines (zolpidem, zopiclone, eszopiclone, gabapentin, pregabalin, barbiturates, muscle relaxants, sedating antihistamines). lamotrigine: lamotrigine (Lamictal). opioid-antagonist: naltrexone or nalmefene. benzodiazepine: a benzodiazepine, where there is no benzodiazepines list. Screening also recognises each medicine by its name, generic or brand, whatever class is picked."`
	Dose      *float64 `json:"dose" validate:"required,gt=0,lte=100000" desc:"How much you take each time, in the unit below."`
	Unit      string   `json:"unit" validate:"required,oneof=mg mcg g mL units mcg/h puffs drops" desc:"The unit of the dose; mcg/h is for skin patches."`
	Frequency string   `json:"frequency" validate:"required,oneof=once-daily twice-daily three-times-daily four-times-daily every-other-day weekly monthly as-needed other" desc:"How often you take it."`
}
