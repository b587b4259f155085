package forms

// parsePCL5 decodes and checks PCL-5 answers: their tags are all.
func parsePCL5(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers[PCL5Answers](req, v, nil)
}
