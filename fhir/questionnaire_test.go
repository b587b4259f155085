package fhir

import (
	"encoding/json"
	"testing"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/internal/fhirvalidate"
)

// TestQuestionnairesValidate builds every shipped form's Questionnaire
// and validates each with the R4 validator.
func TestQuestionnairesValidate(t *testing.T) {
	docs := map[string][]byte{}
	for _, d := range forms.Builtin().List() {
		q := QuestionnaireOf(d)
		if q.URL != QuestionnaireURL(d.Kind) || q.Version != d.Version || q.Status != "active" || q.Title == "" || len(q.Item) == 0 {
			t.Errorf("%s: url %q version %q status %q title %q, %d items", d.Kind, q.URL, q.Version, q.Status, q.Title, len(q.Item))
		}
		b, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		docs[d.Kind] = b
	}
	t.Log(fhirvalidate.Validate(t, docs))
}

// TestInstrumentQuestionnaire checks PHQ-9's items: nine required choices
// with the four published options coded 0-3.
func TestInstrumentQuestionnaire(t *testing.T) {
	d, err := forms.Builtin().Current(forms.KindPHQ9)
	if err != nil {
		t.Fatal(err)
	}
	q := QuestionnaireOf(d)
	n := 0
	for _, it := range q.Item {
		if it.Type == "choice" && it.Required != nil && *it.Required && len(it.AnswerOption) == 4 && it.AnswerOption[3].ValueCoding.Code == "3" {
			n++
		}
	}
	if n != 9 {
		t.Errorf("PHQ-9 has %d required four-option items, want 9: %+v", n, q.Item)
	}
}

// TestEnableWhen checks that a conditional answer of some shipped form
// carries enableWhen naming an item of the same Questionnaire.
func TestEnableWhen(t *testing.T) {
	found := 0
	for _, d := range forms.Builtin().List() {
		links := map[string]bool{}
		var walk func([]QuestionnaireItem, func(QuestionnaireItem))
		walk = func(items []QuestionnaireItem, f func(QuestionnaireItem)) {
			for _, it := range items {
				f(it)
				walk(it.Item, f)
			}
		}
		q := QuestionnaireOf(d)
		walk(q.Item, func(it QuestionnaireItem) { links[it.LinkID] = true })
		walk(q.Item, func(it QuestionnaireItem) {
			for _, ew := range it.EnableWhen {
				found++
				if !links[ew.Question] {
					t.Errorf("%s %s: enableWhen names %s, not an item", d.Kind, it.LinkID, ew.Question)
				}
			}
		})
	}
	if found == 0 {
		t.Error("no shipped form has an enableWhen")
	}
}

// TestFormOrder: items stand in the order the form asks them, not by
// name, in the Questionnaire and in a response.
func TestFormOrder(t *testing.T) {
	d, err := forms.Builtin().Current(forms.KindPreSessionChecklist)
	if err != nil {
		t.Fatal(err)
	}
	q := QuestionnaireOf(d)
	if q.Item[0].LinkID != "/answers/session_date" || q.Item[len(q.Item)-1].LinkID != "/answers/wants_to_proceed" {
		t.Errorf("first %s, last %s", q.Item[0].LinkID, q.Item[len(q.Item)-1].LinkID)
	}
	items := Answers(d, []byte(`{"answers":{"wants_to_proceed":true,"mood":5,"session_date":"2026-11-20"}}`))
	if len(items) != 3 || items[0].LinkID != "/answers/session_date" || items[2].LinkID != "/answers/wants_to_proceed" || *items[1].Answer[0].ValueInteger != 5 {
		t.Errorf("response items %+v", items)
	}
}
