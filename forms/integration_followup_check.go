package forms

import "reflect"

const maxReflections = 4000

// parseIntegrationFollowup decodes and checks integration follow-up answers (kindSpec.parse).
func parseIntegrationFollowup(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers(req, v, func(a *IntegrationFollowupAnswers, p *problems) {
		checkParagraphs(a.Reflections, maxReflections, "/answers/reflections", p)
	})
}

func integrationFollowupSchema(*Definition) map[string]any {
	s := schemaOf(reflect.TypeFor[IntegrationFollowupAnswers]())
	p := s["properties"].(map[string]any)
	p["reflections"] = paragraphsSchema(maxReflections, p["reflections"].(map[string]any)["description"].(string))
	return s
}
