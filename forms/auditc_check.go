package forms

import "strconv"

// parseAUDITC decodes and checks AUDIT-C answers (kindSpec.parse).
func parseAUDITC(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers(req, v, checkAUDITC)
}

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

// checkAUDITC requires items 2 and 3 to be 0 when item 1 is 0 (never).
func checkAUDITC(a *AUDITCAnswers, p *problems) {
	if len(a.Items) != 3 || a.Items[0] == nil || *a.Items[0] != 0 {
		return
	}
	for i := 1; i < 3; i++ {
		if a.Items[i] != nil && *a.Items[i] != 0 {
			p.add(Pointer("answers", "items", strconv.Itoa(i)), "inconsistent", "must be 0 when the answer to question 1 is never")
		}
	}
}
