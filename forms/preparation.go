package forms

// KindPreparation is the patient's preparation-session record:
// intentions, support people and concerns (DOMAIN §1, step 5).
const KindPreparation = "preparation"

// PreparationAnswers are the answers of the preparation form.
type PreparationAnswers struct {
	Intentions    string           `json:"intentions" validate:"required" desc:"What you hope for from this treatment, in your words."`
	SupportPeople []PreparationAid `json:"support_people" validate:"required,max=10,dive" desc:"People who will support you during treatment. An empty list means none."`
	ConcernTopics []string         `json:"concern_topics" validate:"required,max=10,unique,dive,oneof=losing-control difficult-experience nausea physical-safety memory dependence cost privacy other" desc:"What worries you about the treatment, if anything. An empty list means nothing."`
	Concerns      string           `json:"concerns,omitempty" desc:"Your concerns in your words."`
}

// PreparationAid is one person who supports the patient.
type PreparationAid struct {
	Name         string   `json:"name" validate:"required,max=200,text"`
	Relationship string   `json:"relationship" validate:"required,max=64,text"`
	Phone        string   `json:"phone,omitempty" validate:"omitempty,e164" desc:"E.164, e.g. +14155550123."`
	Roles        []string `json:"roles" validate:"required,min=1,max=4,unique,dive,oneof=escort-home stays-after-session checks-in-next-day emergency-contact" desc:"How this person will help."`
}
