package forms

import (
	"reflect"
	"time"
)

// parseMedicalHistory decodes and checks medical-history answers (kindSpec.parse).
func parseMedicalHistory(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers(req, v, checkMedicalHistory)
}

// checkMedicalHistory applies the medical-history checks that tags cannot
// express: answers that contradict each other.
func checkMedicalHistory(a *MedicalHistoryAnswers, p *problems) {
	if vt := a.Vitals; vt != nil && vt.Systolic != nil && vt.Diastolic != nil && *vt.Systolic <= *vt.Diastolic {
		p.add("/answers/vitals/diastolic", "order", "must be lower than the systolic (top) number")
	}
	if ps := a.Psychiatric; ps != nil {
		if ps.Hospitalisations != nil && ps.LastHospitalisation != "" && (*ps.Hospitalisations == 0) != (ps.LastHospitalisation == RecencyNever) {
			p.add("/answers/psychiatric/last_hospitalisation", "inconsistent", "must be never when there were no hospital stays, and must not be never when there were")
		}
		if k := ps.PriorKetamine; k != nil && k.Treated != nil {
			switch {
			case *k.Treated && k.Products != nil && len(k.Products) == 0:
				p.add("/answers/psychiatric/prior_ketamine/products", "inconsistent", "must name ketamine, esketamine or both when treated is true")
			case !*k.Treated && len(k.Products) > 0:
				p.add("/answers/psychiatric/prior_ketamine/products", "inconsistent", "must be empty when treated is false")
			case !*k.Treated && k.Response != "":
				p.add("/answers/psychiatric/prior_ketamine/response", "inconsistent", "must be left out when treated is false")
			}
		}
	}
	if su := a.SubstanceUse; su != nil {
		for name, it := range substanceItems(su) {
			if it != nil && !substanceItemConsistent(it) {
				p.add(Pointer("answers", "substance_use", name, "last_use"), "inconsistent",
					"must be never or over-12-months when the frequency is none, and within the past 12 months otherwise")
			}
		}
		sortProblems(*p)
	}
}

// substanceItems maps each substance member's JSON name to its answer.
func substanceItems(su *SubstanceUse) map[string]*SubstanceUseItem {
	return map[string]*SubstanceUseItem{
		"alcohol": su.Alcohol, "cannabis": su.Cannabis, "ketamine_pcp": su.KetaminePCP,
		"opioids": su.Opioids, "stimulants": su.Stimulants, "sedatives": su.Sedatives,
		"hallucinogens": su.Hallucinogens, "other": su.Other,
	}
}

func substanceItemConsistent(it *SubstanceUseItem) bool {
	if it.Frequency == "" || it.LastUse == "" {
		return true // reported as required
	}
	longAgo := it.LastUse == RecencyNever || it.LastUse == RecencyOver12Months
	return (it.Frequency == "none") == longAgo
}

// medicalHistorySchema is the generated schema plus the Go checks that
// JSON Schema can say (systolic above diastolic it cannot).
func medicalHistorySchema(*Definition) map[string]any {
	s := schemaOf(reflect.TypeFor[MedicalHistoryAnswers]())
	addAllOf(schemaAt(s, "psychiatric"), ifConst("hospitalisations", 0,
		props("last_hospitalisation", map[string]any{"const": RecencyNever}),
		props("last_hospitalisation", map[string]any{"not": map[string]any{"const": RecencyNever}})))
	addAllOf(schemaAt(s, "psychiatric", "prior_ketamine"), ifConst("treated", true,
		props("products", map[string]any{"minItems": 1}),
		map[string]any{"properties": map[string]any{"products": map[string]any{"maxItems": 0}}, "not": map[string]any{"required": []string{"response"}}}))
	for name := range substanceItems(&SubstanceUse{}) {
		addAllOf(schemaAt(s, "substance_use", name), ifConst("frequency", "none",
			props("last_use", map[string]any{"enum": []string{RecencyNever, RecencyOver12Months}}),
			props("last_use", map[string]any{"enum": []string{RecencyPast12Months, RecencyPast3Months, RecencyPastMonth, RecencyNow}})))
	}
	return s
}

// CheckVitalsDate is the hook for the medical history's one clock check:
// the most recent vitals must not be dated after the server's today (one
// day's grace for time zones).
func CheckVitalsDate(a *MedicalHistoryAnswers, now time.Time) []FieldError {
	if a.Vitals == nil {
		return nil
	}
	d, err := time.Parse(time.DateOnly, a.Vitals.MeasuredOn)
	if err != nil {
		return nil
	}
	var p problems
	if d.After(now.UTC().Add(24 * time.Hour)) {
		p.add("/answers/vitals/measured_on", "future", "must not be in the future")
	}
	return p
}
