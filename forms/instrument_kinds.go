package forms

import "reflect"

// The kind rules of the four standard instruments: parse and schema.

func parsePHQ9(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers[PHQ9Answers](req, v, nil)
}

func parseGAD7(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers[GAD7Answers](req, v, nil)
}

func parsePCL5(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers[PCL5Answers](req, v, nil)
}

func parseAUDITC(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers(req, v, auditcRules)
}

func schemaFor[T any](*Definition) map[string]any { return schemaOf(reflect.TypeFor[T]()) }

// auditcSchema adds "items 2 and 3 are 0 when item 1 is 0".
func auditcSchema(d *Definition) map[string]any {
	s := schemaFor[AUDITCAnswers](d)
	zero := map[string]any{"const": 0}
	addAllOf(s, map[string]any{
		"if":   props("items", map[string]any{"prefixItems": []any{zero}}),
		"then": props("items", map[string]any{"prefixItems": []any{true, zero, zero}}),
	})
	return s
}
