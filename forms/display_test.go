package forms

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/consentry/consentry/forms/formstest"
)

func TestAnswerLinesShowEveryAnswer(t *testing.T) {
	for _, kind := range []string{"medical-history", "phq-9", "treatment-plan", "preparation", "integration-followup"} {
		t.Run(kind, func(t *testing.T) {
			sub, err := Builtin().ParseSubmission(NewValidator(), formstest.JSON(t, validBody(t, kind)))
			if err != nil {
				t.Fatal(err)
			}
			lines := AnswerLines(sub.Answers)
			if len(lines) == 0 {
				t.Fatal("no answer lines")
			}
			seen := map[string]bool{}
			for _, l := range lines {
				if l.Label == "" || l.Value == "" || !strings.HasPrefix(l.Pointer, "/answers") {
					t.Errorf("line %+v", l)
				}
				if seen[l.Pointer] {
					t.Errorf("pointer %s twice", l.Pointer)
				}
				seen[l.Pointer] = true
			}
		})
	}
	sub, err := Builtin().ParseSubmission(NewValidator(), formstest.JSON(t, validBody(t, "treatment-plan")))
	if err != nil {
		t.Fatal(err)
	}
	var dose string
	for _, l := range AnswerLines(sub.Answers) {
		if l.Pointer == "/answers/dose/amount" {
			dose = l.Group + " › " + l.Label + "=" + l.Value
		}
	}
	if dose != "Dose per session › Amount=0.5" {
		t.Errorf("dose line %q", dose)
	}
}

// TestAnswerLinesSpeakPlainly checks that every member of every kind's
// answers has a printed label and every answer chosen from a list has
// printed words: a record shows no raw keys such as last_use or
// past-3-months.
func TestAnswerLinesSpeakPlainly(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(t *testing.T, rt reflect.Type)
	walk = func(t *testing.T, rt reflect.Type) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice || rt.Kind() == reflect.Map {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct || seen[rt] {
			return
		}
		seen[rt] = true
		if reflect.PointerTo(rt).Implements(reflect.TypeFor[itemised]()) {
			return
		}
		for i := range rt.NumField() {
			f := rt.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			if _, ok := questionLabels[rt.Name()+"."+name]; !ok {
				t.Errorf("%s.%s has no printed label in questionLabels", rt.Name(), name)
			}
			for _, tag := range strings.Split(f.Tag.Get("validate"), ",") {
				if vals, ok := strings.CutPrefix(tag, "oneof="); ok {
					for _, v := range strings.Fields(vals) {
						if _, ok := answerWords[v]; !ok {
							t.Errorf("%s.%s: answer %q has no printed words in answerWords", rt.Name(), name, v)
						}
					}
				}
			}
			walk(t, f.Type)
		}
	}
	for kind, spec := range map[string]any{
		KindMedicalHistory: MedicalHistoryAnswers{}, KindTreatmentPlan: TreatmentPlanAnswers{},
		KindPreparation: PreparationAnswers{}, KindPreSessionChecklist: PreSessionChecklistAnswers{},
		KindIntegrationFollowup: IntegrationFollowupAnswers{}, KindKAPConsent: ConsentAnswers{},
		KindAdministrationRecord: AdministrationAnswers{}, KindMonitoringRecord: MonitoringAnswers{},
	} {
		t.Run(kind, func(t *testing.T) { walk(t, reflect.TypeOf(spec)) })
	}
	sub, err := Builtin().ParseSubmission(NewValidator(), formstest.JSON(t, validBody(t, KindMedicalHistory)))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range AnswerLines(sub.Answers) {
		if strings.Contains(l.Label+l.Group+l.Value, "_") || l.Value == "past-month" {
			t.Errorf("line %+v shows a raw key", l)
		}
	}
}

// TestAnswerLinesOfInstruments checks that each instrument's answers list
// every item with its published wording, the answer's words and value.
func TestAnswerLinesOfInstruments(t *testing.T) {
	for _, in := range []instrument{phq9, gad7, pcl5, auditc} {
		t.Run(in.kind, func(t *testing.T) {
			sub, err := Builtin().ParseSubmission(NewValidator(), formstest.JSON(t, validBody(t, in.kind)))
			if err != nil {
				t.Fatal(err)
			}
			lines := AnswerLines(sub.Answers)
			items := formstest.Answers(in.kind)["items"].([]any)
			for i, it := range in.items {
				l := lines[i]
				v := items[i].(int)
				opts := in.options
				if len(it.options) > 0 {
					opts = it.options
				}
				want := AnswerLine{Pointer: Pointer("answers", "items", strconv.Itoa(i)), Instrument: in.short,
					Item: strconv.Itoa(i + 1), Label: it.text, Value: opts[v], Points: strconv.Itoa(v)}
				if len(it.options) > 0 {
					want.Options = optionList(it.options)
				}
				if l != want {
					t.Errorf("item %d: %+v, want %+v", i+1, l, want)
				}
			}
			if in.kind == KindPHQ9 {
				d := lines[len(lines)-1]
				if d.Label != phq9Difficulty || d.Value != "Very difficult (not scored)" || d.Points != "2" || d.Item != "" {
					t.Errorf("difficulty line %+v", d)
				}
			} else if len(lines) != len(in.items) {
				t.Errorf("%d lines for %d items", len(lines), len(in.items))
			}
		})
	}
}

func TestItemsSection(t *testing.T) {
	for _, d := range Builtin().List() {
		_, isInstrument := instruments[d.Kind]
		if got := ItemsSection(d); (got == "questions") != isInstrument {
			t.Errorf("%s: ItemsSection = %q", d.Kind, got)
		}
	}
	d := phq9.definition()
	d.Sections[1].Text += " Reworded."
	if got := ItemsSection(&d); got != "" {
		t.Errorf("reworded questions: ItemsSection = %q, want none", got)
	}
}
