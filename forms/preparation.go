package forms

import (
	"reflect"
	"time"
)

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

const (
	maxIntentions = 4000
	maxConcerns   = 4000
)

func parsePreparation(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers(req, v, func(a *PreparationAnswers, p *problems) {
		checkParagraphs(a.Intentions, maxIntentions, "/answers/intentions", p)
		checkParagraphs(a.Concerns, maxConcerns, "/answers/concerns", p)
	})
}

func preparationSchema(*Definition) map[string]any {
	s := schemaOf(reflect.TypeFor[PreparationAnswers]())
	p := s["properties"].(map[string]any)
	intentions := paragraphsSchema(maxIntentions, p["intentions"].(map[string]any)["description"].(string))
	intentions["minLength"] = 1
	p["intentions"] = intentions
	p["concerns"] = paragraphsSchema(maxConcerns, p["concerns"].(map[string]any)["description"].(string))
	return s
}

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
