package forms

// schemaAt returns the schema of a nested member: each name steps into
// "properties", and "[]" steps into an array's "items".
func schemaAt(s map[string]any, names ...string) map[string]any {
	for _, n := range names {
		if n == "[]" {
			s = s["items"].(map[string]any)
			continue
		}
		s = s["properties"].(map[string]any)[n].(map[string]any)
	}
	return s
}

// addAllOf appends conditions to a schema's allOf.
func addAllOf(s map[string]any, conds ...map[string]any) {
	all, _ := s["allOf"].([]any)
	for _, c := range conds {
		all = append(all, c)
	}
	s["allOf"] = all
}

// ifConst is the JSON Schema "if member has value v then ... else ...".
// A nil branch is left out.
func ifConst(member string, v any, then, els map[string]any) map[string]any {
	c := map[string]any{"if": map[string]any{
		"properties": map[string]any{member: map[string]any{"const": v}},
		"required":   []string{member},
	}}
	if then != nil {
		c["then"] = then
	}
	if els != nil {
		c["else"] = els
	}
	return c
}

// props is a schema fragment constraining members: props("a", s1, "b", s2).
func props(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return map[string]any{"properties": m}
}
