package forms

// kindRules is what the server knows about one kind of form beyond its
// text: how to check its answers, the JSON Schema of those answers, and how
// to score them.
type kindRules struct {
	// parse decodes and checks req.Answers; pointers start at /answers.
	parse func(def *Definition, req *SubmissionRequest, v *Validator) (any, problems)
	// answersSchema is the JSON Schema of the answers member.
	answersSchema func(def *Definition) map[string]any
	// score returns the instrument scores of valid answers, or nil.
	score func(answers any) map[string]any
}

// kinds lists every form kind the server can accept.
var kinds = map[string]kindRules{
	KindKAPConsent: {parse: parseConsentAnswers, answersSchema: consentAnswersSchema},
}

// Builtin returns the catalogue of the forms Consentry ships.
func Builtin() *Catalogue {
	c, err := NewCatalogue(kapConsent202611())
	if err != nil {
		// The shipped forms are fixed at compile time and tested.
		panic(err)
	}
	return c
}
