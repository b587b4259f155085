package forms

import (
	"reflect"
	"strings"
)

// answerTypes are the Go types of each kind's answers, in which the
// members stand in the order the form asks them.
var answerTypes = map[string]reflect.Type{
	KindKAPConsent:           reflect.TypeFor[ConsentAnswers](),
	KindMedicalHistory:       reflect.TypeFor[MedicalHistoryAnswers](),
	KindPHQ9:                 reflect.TypeFor[PHQ9Answers](),
	KindGAD7:                 reflect.TypeFor[GAD7Answers](),
	KindPCL5:                 reflect.TypeFor[PCL5Answers](),
	KindAUDITC:               reflect.TypeFor[AUDITCAnswers](),
	KindTreatmentPlan:        reflect.TypeFor[TreatmentPlanAnswers](),
	KindPreparation:          reflect.TypeFor[PreparationAnswers](),
	KindPreSessionChecklist:  reflect.TypeFor[PreSessionChecklistAnswers](),
	KindIntegrationFollowup:  reflect.TypeFor[IntegrationFollowupAnswers](),
	KindAdministrationRecord: reflect.TypeFor[AdministrationAnswers](),
	KindMonitoringRecord:     reflect.TypeFor[MonitoringAnswers](),
}

// Question is where an answer stands on its form: its place in the order
// the form asks, and the short label a record prints for it.
type Question struct {
	Order int
	Label string
}

// Questions lists a kind's answers by JSON pointer ("/answers/vitals/spo2";
// a list's members without an index) with their order and label, as the
// record prints them. A kind without a known answers type has none.
func Questions(kind string) map[string]Question {
	out := map[string]Question{}
	if t, ok := answerTypes[kind]; ok {
		n := 0
		walkQuestions(t, "/answers", out, &n, 0)
	}
	return out
}

func walkQuestions(t reflect.Type, ptr string, out map[string]Question, n *int, depth int) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || depth > 8 {
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			walkQuestions(f.Type, ptr, out, n, depth+1)
			continue
		}
		if name == "" {
			name = f.Name
		}
		p := ptr + "/" + name
		*n++
		out[p] = Question{Order: *n, Label: questionLabel(t, name)}
		walkQuestions(f.Type, p, out, n, depth+1)
	}
}
