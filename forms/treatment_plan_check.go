package forms

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// checkTreatmentPlan applies the plan's checks in Go: the dose's unit and
// range for the route, weight for mg/kg, spacing for a series, and where
// each route may be given.
func checkTreatmentPlan(a *TreatmentPlanAnswers, p *problems) {
	r, known := doseRanges[a.Route]
	if known && a.Dose != nil {
		if a.Dose.Unit != "" && a.Dose.Unit != r.Unit {
			p.add("/answers/dose/unit", "route_unit", "must be %s for route %s", r.Unit, a.Route)
		} else if a.Dose.Amount != nil && *a.Dose.Amount > 0 && !r.inRange(*a.Dose.Amount) {
			p.add("/answers/dose/amount", "dose_range", "must be %s for route %s", r.describe(), a.Route)
		}
	}
	if a.Dose != nil && a.Dose.Unit == "mg/kg" && a.WeightKg == nil {
		p.add("/answers/weight_kg", "required", "is required for a dose in mg/kg")
	}
	if a.Sessions != nil && *a.Sessions > 1 && a.SpacingDays == nil {
		p.add("/answers/spacing_days", "required", "is required when there is more than one session")
	}
	if a.Setting == SettingAtHome && known && a.Route != RouteSublingual && a.Route != RouteOral {
		p.add("/answers/setting", "route_setting", "must be clinic for route %s: only sublingual or oral dosing may be at home", a.Route)
	}
	if a.Route == RouteIntranasal && (a.CertifiedSetting == nil || !*a.CertifiedSetting) {
		p.add("/answers/certified_setting", "rems", "must be true: esketamine nasal spray is given only in a setting certified under the Spravato REMS")
	}
}

// describe says a range in words: "0.1 to 1 mg/kg" or "56 or 84 mg".
func (r DoseRange) describe() string {
	if len(r.Allowed) > 0 {
		s := make([]string, len(r.Allowed))
		for i, v := range r.Allowed {
			s[i] = fmt.Sprint(v)
		}
		return strings.Join(s, " or ") + " " + r.Unit
	}
	return fmt.Sprintf("%g to %g %s", r.Min, r.Max, r.Unit)
}

// treatmentPlanSchema is the generated schema plus the Go checks above.
func treatmentPlanSchema(*Definition) map[string]any {
	s := schemaOf(reflect.TypeFor[TreatmentPlanAnswers]())
	routes := make([]string, 0, len(doseRanges))
	for route := range doseRanges {
		routes = append(routes, route)
	}
	sort.Strings(routes)
	for _, route := range routes {
		r := doseRanges[route]
		amount := map[string]any{"minimum": r.Min, "maximum": r.Max}
		if len(r.Allowed) > 0 {
			amount = map[string]any{"enum": r.Allowed}
		}
		then := props("dose", props("unit", map[string]any{"const": r.Unit}, "amount", amount))
		if route != RouteSublingual && route != RouteOral {
			then["properties"].(map[string]any)["setting"] = map[string]any{"const": SettingClinic}
		}
		if route == RouteIntranasal {
			then["properties"].(map[string]any)["certified_setting"] = map[string]any{"const": true}
			then["required"] = []string{"certified_setting"}
		}
		addAllOf(s, ifConst("route", route, then, nil))
	}
	addAllOf(s,
		map[string]any{
			"if":   props("dose", map[string]any{"properties": map[string]any{"unit": map[string]any{"const": "mg/kg"}}, "required": []string{"unit"}}),
			"then": map[string]any{"required": []string{"weight_kg"}},
		},
		map[string]any{
			"if":   map[string]any{"properties": map[string]any{"sessions": map[string]any{"minimum": 2}}, "required": []string{"sessions"}},
			"then": map[string]any{"required": []string{"spacing_days"}},
		})
	return s
}

// parseTreatmentPlan decodes and checks treatment-plan answers (kindSpec.parse).
func parseTreatmentPlan(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers(req, v, checkTreatmentPlan)
}
