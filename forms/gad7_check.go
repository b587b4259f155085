package forms

// parseGAD7 decodes and checks GAD-7 answers: their tags are all.
func parseGAD7(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers[GAD7Answers](req, v, nil)
}
