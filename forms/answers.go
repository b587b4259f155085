package forms

import (
	"bytes"
	"encoding/json"
)

// parseAnswers decodes and tag-checks a kind's answers, then applies the
// kind's checks written in Go (check, nil for none). They must cope with
// missing members: they run even when the tag checks failed, so that
// every problem is reported at once. The answers are returned even with
// problems.
func parseAnswers[T any](req *SubmissionRequest, v *Validator, check func(a *T, p *problems)) (*T, problems) {
	ans := new(T)
	p, ok := decodeAnswers(req.Answers, ans, "/answers")
	if !ok {
		return nil, p
	}
	p = append(p, v.checkAnswers(ans, "/answers")...)
	if check != nil {
		check(ans, &p)
	}
	return ans, p
}

// decodeAnswers decodes a submission's answers member into v (a pointer to
// a struct) with decode: every unknown member and every value of the
// wrong JSON type is reported with its exact pointer, array indices
// included ("/answers/items/3"). It returns the problems and whether v is
// worth checking further (false when answers is missing or not an
// object).
func decodeAnswers(raw json.RawMessage, v any, prefix string) (problems, bool) {
	var p problems
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || string(trimmed) == "null" {
		p.add(prefix, "required", "is required")
		return p, false
	}
	if trimmed[0] != '{' {
		p.add(prefix, "type", "must be an object")
		return p, false
	}
	p = decode(raw, v, prefix)
	return p, !p.fatalAt(prefix)
}

// fatalAt reports a problem with the document at ptr itself (not one of
// its members), after which checking its members only adds noise.
func (p problems) fatalAt(ptr string) bool {
	for _, fe := range p {
		if fe.Pointer == ptr && (fe.Code == "json" || fe.Code == "type") {
			return true
		}
	}
	return false
}
