package forms

// parsePHQ9 decodes and checks PHQ-9 answers: their tags are all.
func parsePHQ9(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers[PHQ9Answers](req, v, nil)
}
