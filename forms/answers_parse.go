package forms

// parseAnswers decodes and tag-checks a kind's answers, then applies the
// kind's rules written in Go. The rules must cope with missing members:
// they run even when the tag checks failed, so that every problem is
// reported at once. The answers are returned even with problems.
func parseAnswers[T any](req *SubmissionRequest, v *Validator, rules func(a *T, p *problems)) (*T, problems) {
	ans := new(T)
	p, ok := decodeAnswers(req.Answers, ans, "/answers")
	if !ok {
		return nil, p
	}
	p = append(p, v.checkAnswers(ans, "/answers")...)
	if rules != nil {
		rules(ans, &p)
	}
	return ans, p
}
