package forms

// KindIntegrationFollowup is the patient's integration and follow-up
// record: PHQ-9 and GAD-7 repeated, side effects, reflections (DOMAIN §1,
// step 7).
const KindIntegrationFollowup = "integration-followup"

// IntegrationFollowupAnswers are the answers of the follow-up form.
type IntegrationFollowupAnswers struct {
	PHQ9        *PHQ9Answers `json:"phq9" validate:"required" desc:"The PHQ-9, as in the phq-9 form."`
	GAD7        *GAD7Answers `json:"gad7" validate:"required" desc:"The GAD-7, as in the gad-7 form."`
	SideEffects *SideEffects `json:"side_effects" validate:"required"`
	Reflections string       `json:"reflections,omitempty" desc:"What you noticed or learned since the last session, in your words."`
}

// SideEffects are the effects of repeated ketamine use the follow-up asks
// about: bladder (ketamine cystitis), memory and thinking, and cravings
// (DOMAIN §2, risks of repeated use).
type SideEffects struct {
	Bladder  *BladderSymptoms `json:"bladder" validate:"required" desc:"Since your last session, have you had any of these?"`
	Memory   string           `json:"memory" validate:"required,oneof=none mild moderate severe" desc:"Since your last session, have you had new problems with memory or thinking clearly? How bad?"`
	Cravings string           `json:"cravings" validate:"required,oneof=none mild moderate severe" desc:"Since your last session, have you had urges to take ketamine outside your sessions? How strong?"`
	Other    string           `json:"other,omitempty" validate:"omitempty,max=1000,text" desc:"Any other effect, in your words."`
}

// BladderSymptoms are the urinary symptoms of ketamine-related cystitis.
type BladderSymptoms struct {
	Urgency   *bool `json:"urgency" validate:"required" desc:"Sudden, strong urges to pass urine."`
	Frequency *bool `json:"frequency" validate:"required" desc:"Passing urine much more often than usual, day or night."`
	Pain      *bool `json:"pain" validate:"required" desc:"Pain or burning when passing urine, or pain low in the belly."`
	Blood     *bool `json:"blood" validate:"required" desc:"Blood in the urine."`
}
