package screening

import "github.com/consentry/consentry/forms"

// collectFunc adds a kind's valid answers to the facts the rules read,
// under their source record, and returns the submission's scores.
type collectFunc func(answers any, f *Facts, s *Settings, src source) map[string]any

// collector is how screening reads one form kind: whether decoded
// answers are of its type, and how they become facts and scores.
type collector struct {
	is      func(answers any) bool
	collect collectFunc
}

// answersOf is the collector of answers of type *T.
func answersOf[T any](collect collectFunc) collector {
	return collector{is: func(a any) bool { _, ok := a.(*T); return ok }, collect: collect}
}

// collectors are the form kinds screening reads, each with the type of
// its decoded answers and how they turn into facts and scores.
var collectors = map[string]collector{
	forms.KindMedicalHistory:       answersOf[forms.MedicalHistoryAnswers](collectMedicalHistory),
	forms.KindPHQ9:                 answersOf[forms.PHQ9Answers](collectPHQ9),
	forms.KindGAD7:                 answersOf[forms.GAD7Answers](collectGAD7),
	forms.KindPCL5:                 answersOf[forms.PCL5Answers](collectPCL5),
	forms.KindAUDITC:               answersOf[forms.AUDITCAnswers](collectAUDITC),
	forms.KindTreatmentPlan:        answersOf[forms.TreatmentPlanAnswers](collectTreatmentPlan),
	forms.KindPreSessionChecklist:  answersOf[forms.PreSessionChecklistAnswers](collectPreSessionChecklist),
	forms.KindIntegrationFollowup:  answersOf[forms.IntegrationFollowupAnswers](collectIntegrationFollowup),
	forms.KindAdministrationRecord: answersOf[forms.AdministrationAnswers](collectAdministration),
	forms.KindMonitoringRecord:     answersOf[forms.MonitoringAnswers](collectMonitoring),
}

// ScreenedForms lists the form kinds whose answers screening reads: the
// kinds a caller loads for Screen.
func ScreenedForms() []string {
	return []string{
		forms.KindMedicalHistory, forms.KindTreatmentPlan, forms.KindPreSessionChecklist,
		forms.KindPHQ9, forms.KindGAD7, forms.KindPCL5, forms.KindAUDITC, forms.KindIntegrationFollowup,
		forms.KindAdministrationRecord, forms.KindMonitoringRecord,
	}
}

func collectMedicalHistory(answers any, f *Facts, _ *Settings, src source) map[string]any {
	a := answers.(*forms.MedicalHistoryAnswers)
	f.History, f.sources[EvidenceHistory] = a, src
	f.Medicines = resolveMedications(a.Medications.Other)
	f.DiazepamEqMg = DailyDiazepamEquivalentMg(benzodiazepineDoses(a.Medications.Benzodiazepines, f.Medicines))
	return map[string]any{"diazepam_equivalent_mg_per_day": f.DiazepamEqMg}
}

func collectPHQ9(answers any, f *Facts, _ *Settings, src source) map[string]any {
	sc := answers.(*forms.PHQ9Answers).Score()
	f.PHQ9, f.sources[EvidencePHQ9] = &sc, src
	return sc.Map()
}

func collectGAD7(answers any, f *Facts, _ *Settings, src source) map[string]any {
	sc := answers.(*forms.GAD7Answers).Score()
	f.GAD7, f.sources[EvidenceGAD7] = &sc, src
	return sc.Map()
}

func collectPCL5(answers any, f *Facts, s *Settings, src source) map[string]any {
	sc := answers.(*forms.PCL5Answers).Score(s.PCL5Cutoff)
	f.PCL5, f.sources[EvidencePCL5] = &sc, src
	return sc.Map()
}

func collectAUDITC(answers any, f *Facts, s *Settings, src source) map[string]any {
	sc := answers.(*forms.AUDITCAnswers).Score(f.Sex, s.AUDITCCutoffMen, s.AUDITCCutoffWomen)
	f.AUDITC, f.sources[EvidenceAUDITC] = &sc, src
	return sc.Map()
}

func collectTreatmentPlan(answers any, f *Facts, _ *Settings, src source) map[string]any {
	a := answers.(*forms.TreatmentPlanAnswers)
	f.Plan, f.sources[EvidencePlan] = a, src
	if f.Setting == "" {
		f.Setting = a.Setting
	}
	out := map[string]any{}
	if mg, ok := a.MgPerSession(); ok {
		out["mg_per_session"] = mg
	}
	return out
}

func collectPreSessionChecklist(answers any, f *Facts, _ *Settings, src source) map[string]any {
	a := answers.(*forms.PreSessionChecklistAnswers)
	f.Checklist, f.sources[EvidenceChecklist] = a, src
	f.NewMedicines = resolveMedications(a.NewMedications)
	setting := f.Setting
	if setting == "" {
		setting = "unknown"
	}
	out := map[string]any{"setting": setting}
	if doses := benzodiazepineDoses(a.NewBenzodiazepines, f.NewMedicines); len(doses) > 0 {
		out["new_diazepam_equivalent_mg_per_day"] = DailyDiazepamEquivalentMg(doses)
	}
	return out
}

func collectIntegrationFollowup(answers any, f *Facts, s *Settings, src source) map[string]any {
	a := answers.(*forms.IntegrationFollowupAnswers)
	out := map[string]any{
		"phq9": collectPHQ9(a.PHQ9, f, s, src),
		"gad7": collectGAD7(a.GAD7, f, s, src),
	}
	f.SideEffects, f.sources[EvidenceSideEffects] = a.SideEffects, src
	return out
}

func collectAdministration(answers any, f *Facts, _ *Settings, src source) map[string]any {
	a := answers.(*forms.AdministrationAnswers)
	f.Administration, f.sources[EvidenceAdministration] = a, src
	out := map[string]any{"dose_mg": *a.DoseMg}
	if mgkg, ok := a.MgPerKg(f.Plan); ok {
		out["mg_per_kg"] = mgkg
	}
	if mg, ok := planMg(f.Plan); ok {
		out["planned_mg"] = mg
	}
	return out
}

func collectMonitoring(answers any, f *Facts, _ *Settings, src source) map[string]any {
	a := answers.(*forms.MonitoringAnswers)
	f.Monitoring, f.sources[EvidenceMonitoring] = a, src
	out := map[string]any{}
	if m, ok := a.MonitoringMinutes(); ok {
		out["monitoring_minutes"] = m
	}
	return out
}

// planMg is the plan's dose per session in mg, if known.
func planMg(p *forms.TreatmentPlanAnswers) (float64, bool) {
	if p == nil {
		return 0, false
	}
	return p.MgPerSession()
}
