package forms

import "time"

// administrationRecord202611 is version 2026-11 of the administration
// record, signed by the clinician who gave the dose.
func administrationRecord202611() Definition {
	return Definition{
		Kind: KindAdministrationRecord, Version: "2026-11", Title: "Ketamine Administration Record",
		Signers:          []string{SignerClinician},
		SignatureMeaning: "I gave the dose recorded here",
		Sections: []Section{
			{ID: "what", Title: "What this record holds", Text: "This record documents one dose of ketamine or esketamine: the drug, route and dose in mg, " +
				"the dose in mg/kg worked out from the treatment plan's weight, the lot number and expiry of the product, the time the dose started, " +
				"who monitors the patient, where, and whether in person or by telehealth."},
			{ID: "controlled-substance", Title: "Controlled substance record", Text: "Ketamine and esketamine are Schedule III controlled substances. " +
				"Records of each dose dispensed or administered are kept for at least two years and are open to inspection (21 CFR 1304.04). " +
				"An expired lot must not be given."},
			{ID: "esketamine", Title: "Esketamine (Spravato)", Text: "Esketamine is given only in a healthcare setting certified under the Spravato REMS, " +
				"in person, under the observation of a healthcare provider for at least two hours after the dose. " +
				"The setting files the REMS Patient Monitoring Form within 7 days of the session."},
		},
		Attestation:       "I gave the dose recorded here to the patient named on this record, from the lot recorded here.",
		RecordsDisclosure: clinicianRecordsDisclosure("this administration record"),
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}

// monitoringRecord202611 is version 2026-11 of the monitoring record,
// signed by the monitoring clinician.
func monitoringRecord202611() Definition {
	return Definition{
		Kind: KindMonitoringRecord, Version: "2026-11", Title: "Post-Dose Monitoring Record",
		Signers:          []string{SignerClinician},
		SignatureMeaning: "I monitored the patient as recorded here",
		Sections: []Section{
			{ID: "what", Title: "What this record holds", Text: "This record documents the monitoring of the patient after a dose: " +
				"blood pressure, pulse and oxygen saturation before dosing, at about 40 minutes and before discharge; " +
				"whether sedation, dissociation or respiratory depression occurred, with the MOAA/S and CADSS scores where they were taken; " +
				"other adverse effects; sedating co-medications; the total monitoring time from the dose to discharge; and the discharge decision and escort."},
			{ID: "discharge", Title: "Discharge", Text: "Blood pressure is monitored until it returns to acceptable levels (Spravato label). " +
				"A patient leaves when vital signs are acceptable, they are alert and oriented, and an adult escort takes them home. " +
				"They must not drive until the next day after a night's sleep."},
			{ID: "rems", Title: "Spravato REMS", Text: "For esketamine this record holds what the REMS Patient Monitoring Form asks: " +
				"sedating co-medications, the monitoring provider and setting, dose and lot (on the administration record), the total monitoring time of at least two hours, " +
				"whether vital signs were acceptable, blood pressure at the three times, and whether sedation, dissociation or respiratory depression occurred. " +
				"Pulse oximetry is required during monitoring."},
		},
		Attestation:       "I monitored the patient named on this record after the dose, and the readings and observations recorded here are mine.",
		RecordsDisclosure: clinicianRecordsDisclosure("this monitoring record"),
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}
