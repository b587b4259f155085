package forms

import "reflect"

// maxIntentions and maxConcerns bound the free-text answers.
const (
	maxIntentions = 4000
	maxConcerns   = 4000
)

// parsePreparation decodes and checks preparation answers (kindSpec.parse).
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
