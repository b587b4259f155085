package forms

import "time"

// treatmentPlan202611 is version 2026-11 of the treatment plan, signed by
// the prescribing clinician alone.
func treatmentPlan202611() Definition {
	return Definition{
		Kind: KindTreatmentPlan, Version: "2026-11", Title: "Ketamine Treatment Plan",
		Signers:          []string{SignerClinician},
		SignatureMeaning: "I prescribe this treatment plan and take responsibility for it",
		Sections: []Section{
			{ID: "basis", Title: "Basis of the plan", Text: "This plan sets the route, dose, number and spacing of sessions, setting and start date of the patient's ketamine treatment. " +
				"It must rest on the patient's medical, psychiatric and substance history, current medications, vital signs and the screening flags. " +
				"Every exclude flag must carry a documented clinician override before the first session."},
			{ID: "dosing", Title: "Routes and doses", Text: "Doses are checked against the range of their route: " +
				"IV 0.1 to 1.0 mg/kg, with 0.5 mg/kg over about 40 minutes the usual dose; " +
				"IM 0.1 to 1.5 mg/kg; sublingual or oral lozenge or tablet 25 to 300 mg; " +
				"intranasal esketamine (Spravato) 56 or 84 mg, only in a setting certified under the Spravato REMS. " +
				"Doses in mg/kg need the patient's weight. " +
				"Sessions at home are allowed only for sublingual or oral dosing, with a monitor present and a blood pressure cuff."},
			{ID: "capacity", Title: "Capacity to consent", Text: "Record your judgement of the patient's capacity to consent to this treatment. " +
				"Doubt about capacity is a contraindication (Toronto Ketamine Clinic criteria): resolve it before treatment."},
		},
		Attestation: "I have reviewed the patient's history, medications, vital signs and screening flags, and I have documented every contraindication I chose to override. " +
			"I am licensed to prescribe this treatment and hold a current DEA registration for Schedule III controlled substances.",
		RecordsDisclosure: clinicianRecordsDisclosure("this treatment plan"),
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}
