package forms

// KindKAPConsent is the informed consent for ketamine-assisted
// psychotherapy.
const KindKAPConsent = "kap-consent"

// ConsentAnswers are the answers of a consent form: a decision on each
// optional clause, and the support person where that clause is accepted.
type ConsentAnswers struct {
	// Clauses maps every optional clause id to true (accepted) or false.
	Clauses       map[string]*bool `json:"clauses" validate:"required"`
	SupportPerson *SupportPerson   `json:"support_person,omitempty"`
}

// SupportPerson is the person a patient allows the clinic to contact.
type SupportPerson struct {
	Name         string `json:"name" validate:"required,max=200,text"`
	Relationship string `json:"relationship" validate:"required,max=64,text"`
	Phone        string `json:"phone" validate:"required,e164"`
}

// Accepted reports whether the clause was accepted.
func (a *ConsentAnswers) Accepted(clauseID string) bool {
	v := a.Clauses[clauseID]
	return v != nil && *v
}
