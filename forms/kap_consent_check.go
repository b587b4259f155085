package forms

// clauseSupportPerson is the optional clause that needs a named person.
const clauseSupportPerson = "support-person-contact"

// parseKAPConsent decodes and checks consent answers (kindSpec.parse).
func parseKAPConsent(def *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	var ans ConsentAnswers
	if len(req.Answers) == 0 || string(req.Answers) == "null" {
		var p problems
		p.add("/answers", "required", "is required: a decision on each optional clause")
		return nil, p
	}
	p := decode(req.Answers, &ans, "/answers")
	if p.fatal() {
		return nil, p
	}
	p = append(p, v.check(&ans, "/answers")...)
	for _, c := range def.Clauses {
		d, ok := ans.Clauses[c.ID]
		switch {
		case !ok && ans.Clauses != nil:
			p.add(Pointer("answers", "clauses", c.ID), "required", "needs a decision: true to accept, false to decline")
		case ok && d == nil:
			p.add(Pointer("answers", "clauses", c.ID), "type", "must be a boolean")
		}
		if ok && req.Initials[c.ID] == "" {
			p.add(Pointer("initials", c.ID), "required", "the decision on clause %q needs the patient's initials", c.ID)
		}
	}
	for id := range ans.Clauses {
		if _, ok := def.Clause(id); !ok {
			p.add(Pointer("answers", "clauses", id), "unknown_clause", "is not an optional clause of %s %s", def.Kind, def.Version)
		}
	}
	if _, ok := def.Clause(clauseSupportPerson); ok && ans.Accepted(clauseSupportPerson) && ans.SupportPerson == nil {
		p.add("/answers/support_person", "required", "is required when clause %q is accepted", clauseSupportPerson)
	}
	sortProblems(p)
	return &ans, p
}

func kapConsentSchema(def *Definition) map[string]any {
	clauseProps := map[string]any{}
	ids := make([]string, 0, len(def.Clauses))
	for _, c := range def.Clauses {
		clauseProps[c.ID] = map[string]any{"type": "boolean", "description": c.Title}
		ids = append(ids, c.ID)
	}
	s := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"clauses": map[string]any{
				"type":                 "object",
				"description":          "A decision on every optional clause: true accepts, false declines.",
				"properties":           clauseProps,
				"required":             ids,
				"additionalProperties": false,
			},
			"support_person": map[string]any{
				"type": "object",
				"properties": map[string]any{
					"name":         textSchema(200),
					"relationship": textSchema(64),
					"phone":        phoneSchema(),
				},
				"required":             []string{"name", "relationship", "phone"},
				"additionalProperties": false,
			},
		},
		"required":             []string{"clauses"},
		"additionalProperties": false,
	}
	if _, ok := def.Clause(clauseSupportPerson); ok {
		s["if"] = map[string]any{
			"properties": map[string]any{"clauses": map[string]any{
				"properties": map[string]any{clauseSupportPerson: map[string]any{"const": true}},
				"required":   []string{clauseSupportPerson},
			}},
			"required": []string{"clauses"},
		}
		s["then"] = map[string]any{"required": []string{"support_person"}}
	}
	return s
}
