package forms

// The words a record prints for the intake forms' questions and answers,
// so that a clinician reads "Psychosis (last episode)" and "In the past 3
// months" rather than psychosis and past-3-months. The questions' full
// wording (desc) stays in the JSON Schemas that portals show.

// questionLabels names each answer on the record: "Type.member", where
// Type is the Go type holding the member and member its JSON name. A
// member that is a group of answers names the group.
var questionLabels = map[string]string{
	// Medical history.
	"MedicalHistoryAnswers.medications":   "Medicines",
	"MedicalHistoryAnswers.allergies":     "Allergies",
	"MedicalHistoryAnswers.psychiatric":   "Mental-health history",
	"MedicalHistoryAnswers.substance_use": "Alcohol and drugs",
	"MedicalHistoryAnswers.medical":       "Physical health",
	"MedicalHistoryAnswers.pregnancy":     "Pregnancy and breastfeeding",
	"MedicalHistoryAnswers.vitals":        "Most recent blood pressure and pulse",

	"Allergy.substance": "Allergic to",
	"Allergy.reaction":  "Reaction",
	"Allergy.severity":  "Severity",

	"PsychiatricHistory.diagnoses":            "Diagnoses a clinician has given",
	"PsychiatricHistory.other_diagnoses":      "Other conditions",
	"PsychiatricHistory.psychosis":            "Psychosis (hearing or seeing things others could not, fixed false beliefs): last time",
	"PsychiatricHistory.mania":                "Mania (days of feeling far more up or wired, little sleep, racing thoughts): last time",
	"PsychiatricHistory.hospitalisations":     "Overnight hospital stays for mental health",
	"PsychiatricHistory.last_hospitalisation": "Most recent mental-health hospital stay",
	"PsychiatricHistory.suicidal_thoughts":    "Thoughts of ending own life: last time",
	"PsychiatricHistory.suicide_attempt":      "Suicide attempt: most recent",
	"PsychiatricHistory.prior_ketamine":       "Ketamine or esketamine before",

	"PriorKetamine.treated":   "Treated with ketamine or esketamine before",
	"PriorKetamine.products":  "Which",
	"PriorKetamine.response":  "Did it help",
	"PriorKetamine.reactions": "Bad reactions to ketamine or esketamine",
	"PriorKetamine.details":   "Details",

	"PregnancyStatus.pregnant":      "Pregnant, or could be",
	"PregnancyStatus.breastfeeding": "Breastfeeding or pumping",

	"RecentVitals.systolic":    "Systolic blood pressure (mmHg)",
	"RecentVitals.diastolic":   "Diastolic blood pressure (mmHg)",
	"RecentVitals.heart_rate":  "Pulse (beats a minute)",
	"RecentVitals.measured_on": "Measured on",

	"Medications.benzodiazepines": "Benzodiazepines",
	"Medications.other":           "Other medicine",

	"BenzodiazepineDose.drug":          "Medicine",
	"BenzodiazepineDose.mg_per_dose":   "mg each dose",
	"BenzodiazepineDose.doses_per_day": "Doses a day",
	"BenzodiazepineDose.as_needed":     "Only when needed",

	"Medication.name":      "Name",
	"Medication.class":     "Kind of medicine",
	"Medication.dose":      "Dose",
	"Medication.unit":      "Unit",
	"Medication.frequency": "How often",

	"SubstanceUse.alcohol":       "Alcohol",
	"SubstanceUse.cannabis":      "Cannabis",
	"SubstanceUse.ketamine_pcp":  "Ketamine or PCP outside treatment",
	"SubstanceUse.opioids":       "Opioids not as prescribed",
	"SubstanceUse.stimulants":    "Stimulants not as prescribed",
	"SubstanceUse.sedatives":     "Sedatives not as prescribed",
	"SubstanceUse.hallucinogens": "Psychedelics (psilocybin, LSD, MDMA, ayahuasca)",
	"SubstanceUse.other":         "Other drug",
	"SubstanceUse.other_name":    "Other drug's name",
	"SubstanceUse.disorder":      "Lost control of alcohol or drug use, or it caused harm: last time",
	"SubstanceUse.treatment":     "Treatment for alcohol or drug use: last time",

	"SubstanceUseItem.frequency": "How often, past 12 months",
	"SubstanceUseItem.last_use":  "Last used",

	"MedicalConditions.hypertension":                  "High blood pressure",
	"MedicalConditions.unstable_angina":               "Chest pain that is new, worsening or at rest (unstable angina)",
	"MedicalConditions.heart_attack":                  "Heart attack",
	"MedicalConditions.heart_failure":                 "Heart failure",
	"MedicalConditions.arrhythmia":                    "Serious irregular heartbeat",
	"MedicalConditions.aneurysm_or_avm":               "Aneurysm or arteriovenous malformation (AVM)",
	"MedicalConditions.brain_bleed":                   "Bleeding in the brain",
	"MedicalConditions.stroke":                        "Stroke",
	"MedicalConditions.intracranial_pressure_or_mass": "Raised pressure in the skull, or a brain tumour or growth",
	"MedicalConditions.seizures":                      "Seizures or epilepsy",
	"MedicalConditions.hyperthyroidism":               "Overactive thyroid (hyperthyroidism)",
	"MedicalConditions.liver_disease":                 "Liver disease",
	"MedicalConditions.bladder_problems":              "Bladder problems (pain, cystitis, repeated infections, blood in urine)",
	"MedicalConditions.brain_injury":                  "Head or brain injury",
	"MedicalConditions.dementia":                      "Dementia or another illness harming memory and thinking",
	"MedicalConditions.other":                         "Other medical conditions",

	// Treatment plan.
	"TreatmentPlanAnswers.route":               "Route",
	"TreatmentPlanAnswers.dose":                "Dose per session",
	"TreatmentPlanAnswers.weight_kg":           "Weight (kg)",
	"TreatmentPlanAnswers.sessions":            "Dosing sessions",
	"TreatmentPlanAnswers.spacing_days":        "Days between sessions",
	"TreatmentPlanAnswers.setting":             "Setting",
	"TreatmentPlanAnswers.certified_setting":   "Spravato REMS-certified setting",
	"TreatmentPlanAnswers.start_date":          "Earliest first session",
	"TreatmentPlanAnswers.capacity_to_consent": "Capacity to consent",
	"TreatmentPlanAnswers.notes":               "Clinical notes",
	"Dose.amount":                              "Amount",
	"Dose.unit":                                "Unit",

	// Preparation.
	"PreparationAnswers.intentions":     "Intentions",
	"PreparationAnswers.support_people": "Support person",
	"PreparationAnswers.concern_topics": "Worries about the treatment",
	"PreparationAnswers.concerns":       "Concerns in own words",
	"PreparationAid.name":               "Name",
	"PreparationAid.relationship":       "Relationship",
	"PreparationAid.phone":              "Phone",
	"PreparationAid.roles":              "Will help by",

	// Pre-session checklist.
	"PreSessionChecklistAnswers.session_date":              "Session date",
	"PreSessionChecklistAnswers.route":                     "Route today",
	"PreSessionChecklistAnswers.vitals":                    "Vital signs before the dose",
	"PreSessionChecklistAnswers.hours_since_food":          "Hours since last food",
	"PreSessionChecklistAnswers.hours_since_clear_liquids": "Hours since last clear liquid",
	"PreSessionChecklistAnswers.last_24_hours":             "In the last 24 hours",
	"PreSessionChecklistAnswers.escort_confirmed":          "Escort home (or at-home monitor) confirmed; no driving until after sleep",
	"PreSessionChecklistAnswers.pregnancy":                 "Pregnant, or could be",
	"PreSessionChecklistAnswers.breastfeeding":             "Breastfeeding or pumping",
	"PreSessionChecklistAnswers.new_medications":           "New or changed medicine",
	"PreSessionChecklistAnswers.new_benzodiazepines":       "New or changed benzodiazepine",
	"PreSessionChecklistAnswers.mood":                      "Mood today (0 worst to 10 best)",
	"PreSessionChecklistAnswers.self_harm_thoughts":        "Thoughts of ending life or self-harm since last visit",
	"PreSessionChecklistAnswers.unwell":                    "Unwell today (fever, vomiting, chest pain, breathing, headache, infection)",
	"PreSessionChecklistAnswers.wants_to_proceed":          "Wants to go ahead today",
	"SessionVitals.systolic":                               "Systolic blood pressure (mmHg)",
	"SessionVitals.diastolic":                              "Diastolic blood pressure (mmHg)",
	"SessionVitals.heart_rate":                             "Heart rate (beats a minute)",
	"SessionVitals.spo2":                                   "Oxygen saturation (SpO2, %)",
	"SessionVitals.respiratory_rate":                       "Breaths a minute",
	"Last24Hours.alcohol":                                  "Alcohol",
	"Last24Hours.cannabis":                                 "Cannabis",
	"Last24Hours.sedatives":                                "Sedatives or sleeping pills",
	"Last24Hours.opioids":                                  "Opioids",
	"Last24Hours.stimulants":                               "Stimulants",
	"Last24Hours.lamotrigine":                              "Lamotrigine (Lamictal)",

	// Integration and follow-up.
	"IntegrationFollowupAnswers.phq9":         "PHQ-9",
	"IntegrationFollowupAnswers.gad7":         "GAD-7",
	"IntegrationFollowupAnswers.side_effects": "Side effects since the last session",
	"IntegrationFollowupAnswers.reflections":  "Reflections",
	"SideEffects.bladder":                     "Bladder",
	"SideEffects.memory":                      "New problems with memory or thinking",
	"SideEffects.cravings":                    "Urges to take ketamine outside sessions",
	"SideEffects.other":                       "Other effects",
	"BladderSymptoms.urgency":                 "Sudden strong urges to pass urine",
	"BladderSymptoms.frequency":               "Passing urine much more often",
	"BladderSymptoms.pain":                    "Pain or burning passing urine, or low belly pain",
	"BladderSymptoms.blood":                   "Blood in the urine",

	// The consent's support person.
	"ConsentAnswers.clauses":        "Optional parts",
	"ConsentAnswers.support_person": "Support person",
	"SupportPerson.name":            "Name",
	"SupportPerson.relationship":    "Relationship",
	"SupportPerson.phone":           "Phone",
	// The dosing day: administration and monitoring records.
	"AdministrationAnswers.session_date": "Session date",
	"AdministrationAnswers.drug":         "Medicine",
	"AdministrationAnswers.route":        "Route",
	"AdministrationAnswers.dose_mg":      "Dose given (mg)",
	"AdministrationAnswers.product":      "Product",
	"AdministeredProduct.lot_number":     "Lot number",
	"AdministeredProduct.expiry_date":    "Expiry date",
	"AdministeredProduct.ndc":            "NDC",
	"AdministeredProduct.compounded":     "Compounded",
	"AdministrationAnswers.start_time":   "Started",
	"AdministrationAnswers.end_time":     "Finished",
	"AdministrationAnswers.monitoring":   "Monitoring",
	"MonitoringProvider.clinician":       "Monitoring clinician",
	"MonitoringProvider.credentials":     "Credentials",
	"MonitoringProvider.setting":         "Setting",
	"MonitoringProvider.rems_setting_id": "REMS healthcare setting id",
	"MonitoringProvider.mode":            "In person or telehealth",
	"AdministrationAnswers.notes":        "Notes",

	"MonitoringAnswers.session_date":                 "Session date",
	"MonitoringAnswers.route":                        "Route",
	"MonitoringAnswers.dose_time":                    "Dose given at",
	"MonitoringAnswers.pre_dose":                     "Before the dose",
	"VitalReading.time":                              "Time",
	"VitalReading.systolic":                          "Systolic (mmHg)",
	"VitalReading.diastolic":                         "Diastolic (mmHg)",
	"VitalReading.heart_rate":                        "Pulse (per minute)",
	"VitalReading.spo2":                              "SpO2 (%)",
	"MonitoringAnswers.at_40_minutes":                "About 40 minutes after",
	"MonitoringAnswers.before_discharge":             "Before discharge",
	"MonitoringAnswers.pulse_oximetry":               "Pulse oximetry throughout",
	"MonitoringAnswers.sedation":                     "Sedation",
	"SedationObservation.observed":                   "Observed",
	"SedationObservation.moaas_lowest":               "Lowest MOAA/S",
	"MonitoringAnswers.dissociation":                 "Dissociation",
	"DissociationObservation.observed":               "Observed",
	"DissociationObservation.cadss_total":            "CADSS total",
	"MonitoringAnswers.respiratory_depression":       "Respiratory depression",
	"RespiratoryObservation.observed":                "Observed",
	"RespiratoryObservation.lowest_spo2":             "Lowest SpO2 (%)",
	"RespiratoryObservation.lowest_respiratory_rate": "Lowest breaths per minute",
	"RespiratoryObservation.intervention":            "Intervention",
	"MonitoringAnswers.adverse_events":               "Adverse events",
	"MonitoringAnswers.sedating_comedications":       "Sedating medicines given",
	"MonitoringAnswers.discharge_time":               "Discharged at",
	"MonitoringAnswers.discharge":                    "Discharge",
	"Discharge.decision":                             "Decision",
	"Discharge.vital_signs_acceptable":               "Vital signs acceptable",
	"Discharge.alert_and_oriented":                   "Alert and oriented",
	"Discharge.escort":                               "Escort present",
	"Discharge.escort_name":                          "Escort",
	"MonitoringAnswers.notes":                        "Notes",
}

// answerWords are the words a record prints for the answers chosen from a
// list (the oneof values of the answers' validate tags).
var answerWords = map[string]string{
	// When it last happened (Recency).
	RecencyNever:        "Never",
	RecencyOver12Months: "More than 12 months ago",
	RecencyPast12Months: "3 to 12 months ago",
	RecencyPast3Months:  "1 to 3 months ago",
	RecencyPastMonth:    "2 weeks to 1 month ago",
	RecencyNow:          "In the last 2 weeks, or now",

	// How often and how bad.
	"none": "None", "less-than-monthly": "Less than monthly", "monthly": "Monthly", "weekly": "Weekly",
	"daily": "Daily or almost daily", "mild": "Mild", "moderate": "Moderate", "severe": "Severe",
	"anaphylaxis": "Anaphylaxis",

	// Yes, no and not sure.
	"no": "No", "yes": "Yes", "unsure": "Not sure", "not-applicable": "Cannot become pregnant",

	// Conditions.
	"controlled": "Yes, controlled", "uncontrolled": "Yes, not controlled", "treated": "Yes, treated",
	"untreated": "Yes, untreated", "recovered": "Yes, recovered", "ongoing-symptoms": "Yes, with ongoing symptoms",

	// Diagnoses.
	"major-depression": "Major depression", "persistent-depression": "Persistent depression (dysthymia)",
	"bipolar-i": "Bipolar I disorder", "bipolar-ii": "Bipolar II disorder", "cyclothymia": "Cyclothymia",
	"ptsd": "PTSD", "generalised-anxiety": "Generalised anxiety disorder", "panic": "Panic disorder",
	"social-anxiety": "Social anxiety disorder", "ocd": "OCD", "eating-disorder": "Eating disorder",
	"adhd": "ADHD", "autism": "Autism", "personality-disorder": "Personality disorder",
	"substance-use-disorder": "Substance use disorder", "schizophrenia": "Schizophrenia",
	"schizoaffective": "Schizoaffective disorder", "other-psychotic-disorder": "Other psychotic disorder",
	"other": "Other",

	// Prior ketamine.
	"ketamine": "Ketamine", "esketamine": "Esketamine (Spravato)",
	"helped-a-lot": "Helped a lot", "helped-some": "Helped some", "did-not-help": "Did not help",
	"allergic-reaction": "Allergic reaction", "serious-reaction": "Serious reaction (emergency care or hospital)",
	"very-high-blood-pressure": "Very high blood pressure", "breathing-problems": "Breathing problems",
	"severe-distress-or-agitation": "Severe distress or agitation", "long-lasting-confusion": "Long-lasting confusion",
	"vomiting": "Vomiting",

	// Medicines.
	"alprazolam": "Alprazolam", "chlordiazepoxide": "Chlordiazepoxide", "clobazam": "Clobazam",
	"clonazepam": "Clonazepam", "clorazepate": "Clorazepate", "diazepam": "Diazepam", "estazolam": "Estazolam",
	"flurazepam": "Flurazepam", "lorazepam": "Lorazepam", "oxazepam": "Oxazepam", "quazepam": "Quazepam",
	"temazepam": "Temazepam", "triazolam": "Triazolam",
	"benzodiazepine": "Benzodiazepine", "maoi": "MAO inhibitor",
	"in-person": "In person", "telehealth": "Telehealth",
	"headache": "Headache", "dizziness": "Dizziness", "blurred-vision": "Blurred vision", "anxiety": "Anxiety",
	"agitation": "Agitation", "emergence-reaction": "Emergence reaction", "hypertension": "High blood pressure",
	"tachycardia": "Fast heart rate", "discharged": "Discharged home", "transferred": "Transferred for care",
	"extended-observation": "Kept for longer observation", "stimulant": "Stimulant", "opioid": "Opioid", "cns-depressant": "Sedative (CNS depressant)",
	"lamotrigine": "Lamotrigine", "opioid-antagonist": "Opioid antagonist", "antidepressant": "Antidepressant",
	"antipsychotic": "Antipsychotic", "mood-stabiliser": "Mood stabiliser", "anticonvulsant": "Anticonvulsant",
	"antihypertensive": "Blood pressure medicine", "thyroid": "Thyroid medicine",
	"mg": "mg", "mcg": "mcg", "g": "g", "mL": "mL", "units": "units", "mcg/h": "mcg/h (patch)", "puffs": "puffs",
	"drops": "drops", "mg/kg": "mg/kg",
	"once-daily": "Once a day", "twice-daily": "Twice a day", "three-times-daily": "Three times a day",
	"four-times-daily": "Four times a day", "every-other-day": "Every other day", "as-needed": "Only when needed",

	// Treatment plan.
	RouteIV: "IV (intravenous infusion)", RouteIM: "IM (intramuscular injection)",
	RouteSublingual: "Sublingual (lozenge under the tongue)", RouteOral: "Oral (tablet or lozenge swallowed)",
	RouteIntranasal: "Intranasal (esketamine nasal spray)",
	SettingClinic:   "In the clinic", SettingAtHome: "At home",
	"confirmed": "Confirmed", "in-doubt": "In doubt",

	// Preparation.
	"losing-control": "Losing control", "difficult-experience": "A difficult experience", "nausea": "Nausea",
	"physical-safety": "Physical safety", "memory": "Memory", "dependence": "Dependence", "cost": "Cost",
	"privacy":     "Privacy",
	"escort-home": "Takes me home", "stays-after-session": "Stays with me after the session",
	"checks-in-next-day": "Checks in the next day", "emergency-contact": "Emergency contact",
}

// answerWord is the printed word of a listed answer, or the answer itself.
func answerWord(v string) string {
	if w, ok := answerWords[v]; ok {
		return w
	}
	return v
}

// AnswerWord is the printed word of a listed answer, e.g. "Only when
// needed" for as-needed, or the answer itself.
func AnswerWord(v string) string { return answerWord(v) }
