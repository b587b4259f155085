package forms

// kindRules is what the server knows about one kind of form beyond its
// text: how to check its answers, the JSON Schema of those answers, and how
// to score and screen them.
type kindRules struct {
	// parse decodes and checks req.Answers; pointers start at /answers.
	parse func(def *Definition, req *SubmissionRequest, v *Validator) (any, problems)
	// answersSchema is the JSON Schema of the answers member.
	answersSchema func(def *Definition) map[string]any
	// collect adds valid answers to the facts screening reads, under
	// their source record, and returns the submission's scores (nil when
	// the kind is not screened).
	collect func(answers any, f *Facts, s *Settings, src source) map[string]any
}

// kinds lists every form kind the server can accept.
var kinds = map[string]kindRules{
	KindKAPConsent:          {parse: parseConsentAnswers, answersSchema: consentAnswersSchema},
	KindMedicalHistory:      {parse: parseMedicalHistory, answersSchema: medicalHistorySchema, collect: collectMedicalHistory},
	KindPHQ9:                {parse: parsePHQ9, answersSchema: schemaFor[PHQ9Answers], collect: collectPHQ9},
	KindGAD7:                {parse: parseGAD7, answersSchema: schemaFor[GAD7Answers], collect: collectGAD7},
	KindPCL5:                {parse: parsePCL5, answersSchema: schemaFor[PCL5Answers], collect: collectPCL5},
	KindAUDITC:              {parse: parseAUDITC, answersSchema: auditcSchema, collect: collectAUDITC},
	KindTreatmentPlan:       {parse: parseTreatmentPlan, answersSchema: treatmentPlanSchema, collect: collectTreatmentPlan},
	KindPreparation:         {parse: parsePreparation, answersSchema: preparationSchema},
	KindPreSessionChecklist: {parse: parsePreSessionChecklist, answersSchema: preSessionChecklistSchema, collect: collectPreSessionChecklist},
	KindIntegrationFollowup: {parse: parseIntegrationFollowup, answersSchema: integrationFollowupSchema, collect: collectIntegrationFollowup},
}

// builtinDefinitions are the forms Consentry ships, in care-pathway order
// (DOMAIN §1).
func builtinDefinitions() []Definition {
	return []Definition{
		medicalHistory202611(),
		phq9.definition(), gad7.definition(), pcl5.definition(), auditc.definition(),
		treatmentPlan202611(),
		kapConsent202611(),
		preparation202611(),
		preSessionChecklist202611(),
		integrationFollowup202611(),
	}
}

// Builtin returns the catalogue of the forms Consentry ships.
func Builtin() *Catalogue {
	c, err := NewCatalogue(builtinDefinitions()...)
	if err != nil {
		// The shipped forms are fixed at compile time and tested.
		panic(err)
	}
	return c
}

// ScreenedForms lists the form kinds whose answers screening reads: the
// kinds a caller loads for Screen.
func ScreenedForms() []string {
	return []string{
		KindMedicalHistory, KindTreatmentPlan, KindPreSessionChecklist,
		KindPHQ9, KindGAD7, KindPCL5, KindAUDITC, KindIntegrationFollowup,
	}
}
