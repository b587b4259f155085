package forms

// kindSpec is what the server knows about one kind of form beyond its
// text: how to check its answers and the JSON Schema of those answers.
type kindSpec struct {
	// parse decodes and checks req.Answers; pointers start at /answers.
	parse func(def *Definition, req *SubmissionRequest, v *Validator) (any, problems)
	// answersSchema is the JSON Schema of the answers member.
	answersSchema func(def *Definition) map[string]any
}

// kinds lists every form kind the server can accept.
var kinds = map[string]kindSpec{
	KindKAPConsent:           {parse: parseKAPConsent, answersSchema: kapConsentSchema},
	KindMedicalHistory:       {parse: parseMedicalHistory, answersSchema: medicalHistorySchema},
	KindPHQ9:                 {parse: parsePHQ9, answersSchema: schemaFor[PHQ9Answers]},
	KindGAD7:                 {parse: parseGAD7, answersSchema: schemaFor[GAD7Answers]},
	KindPCL5:                 {parse: parsePCL5, answersSchema: schemaFor[PCL5Answers]},
	KindAUDITC:               {parse: parseAUDITC, answersSchema: auditcSchema},
	KindTreatmentPlan:        {parse: parseTreatmentPlan, answersSchema: treatmentPlanSchema},
	KindPreparation:          {parse: parsePreparation, answersSchema: preparationSchema},
	KindPreSessionChecklist:  {parse: parsePreSessionChecklist, answersSchema: preSessionChecklistSchema},
	KindIntegrationFollowup:  {parse: parseIntegrationFollowup, answersSchema: integrationFollowupSchema},
	KindAdministrationRecord: {parse: parseAdministration, answersSchema: administrationSchema},
	KindMonitoringRecord:     {parse: parseMonitoring, answersSchema: monitoringSchema},
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
		administrationRecord202611(),
		monitoringRecord202611(),
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
