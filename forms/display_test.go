package forms

import (
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
			dose = l.Label + "=" + l.Value
		}
	}
	if dose != "Dose › Amount=0.5" {
		t.Errorf("dose line %q", dose)
	}
}
