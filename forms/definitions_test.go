package forms

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestBuiltinDefinitionsWellFormed(t *testing.T) {
	defs := builtinDefinitions()
	seenKinds := map[string]bool{}
	for _, d := range defs {
		t.Run(d.Kind, func(t *testing.T) {
			seenKinds[d.Kind] = true
			if _, ok := kinds[d.Kind]; !ok {
				t.Fatal("no kind spec")
			}
			if d.Version != "2026-11" || d.Title == "" || d.SignatureMeaning == "" || d.Attestation == "" || d.RecordsDisclosure == "" {
				t.Errorf("incomplete definition: %+v", d)
			}
			if !d.PublishedAt.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("published at %v", d.PublishedAt)
			}
			if len(d.Signers) == 0 {
				t.Error("no signers")
			}
			for _, s := range d.Signers {
				if s != SignerPatient && s != SignerClinician {
					t.Errorf("signer %q", s)
				}
			}
			ids := map[string]bool{}
			for _, s := range d.Sections {
				if !kebab.MatchString(s.ID) || ids[s.ID] || s.Title == "" {
					t.Errorf("section %q: bad or repeated id, or no title", s.ID)
				}
				ids[s.ID] = true
				checkFormText(t, "section "+s.ID, s.Text)
			}
		})
	}
	for k := range kinds {
		if !seenKinds[k] {
			t.Errorf("kind %q has checks but no shipped definition", k)
		}
	}
	wantSigners := map[string][]string{
		KindMedicalHistory: {SignerPatient}, KindTreatmentPlan: {SignerClinician}, KindPreparation: {SignerPatient},
		KindPreSessionChecklist: {SignerPatient, SignerClinician}, KindIntegrationFollowup: {SignerPatient},
		KindPHQ9: {SignerPatient}, KindGAD7: {SignerPatient}, KindPCL5: {SignerPatient}, KindAUDITC: {SignerPatient},
	}
	for _, d := range defs {
		if w, ok := wantSigners[d.Kind]; ok && !reflect.DeepEqual(d.Signers, w) {
			t.Errorf("%s signers %v, want %v", d.Kind, d.Signers, w)
		}
	}
}

// TestPatientFormsReadable holds the wording Consentry wrote for patients
// to the consent's plainness (instruments keep their published wording).
func TestPatientFormsReadable(t *testing.T) {
	for _, d := range builtinDefinitions() {
		switch d.Kind {
		case KindMedicalHistory, KindPreparation, KindPreSessionChecklist, KindIntegrationFollowup:
			if g := FleschKincaidGrade(d.FullText()); g > 8 {
				t.Errorf("%s reads at grade %.1f, want at most 8", d.Kind, g)
			}
		}
	}
}

// TestPublishedTextsNeverChange pins the text hash of every shipped
// version: a published version never changes. Publish a new version
// instead of editing one.
func TestPublishedTextsNeverChange(t *testing.T) {
	for _, d := range builtinDefinitions() {
		if want, ok := publishedTextSHA256[d.Kind+" "+d.Version]; !ok {
			t.Errorf("%s %s: no pinned text hash (got %s)", d.Kind, d.Version, d.TextSHA256())
		} else if got := d.TextSHA256(); got != want {
			t.Errorf("%s %s: text hash %s, pinned %s", d.Kind, d.Version, got, want)
		}
	}
}

// TestRecencyTagsAgree checks that every recency question offers exactly
// the Recency buckets.
func TestRecencyTagsAgree(t *testing.T) {
	n := 0
	var walk func(rt reflect.Type)
	seen := map[reflect.Type]bool{}
	walk = func(rt reflect.Type) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct || seen[rt] {
			return
		}
		seen[rt] = true
		for i := range rt.NumField() {
			f := rt.Field(i)
			tag := f.Tag.Get("validate")
			if strings.Contains(tag, "past-month") {
				n++
				if !strings.HasSuffix(tag, "oneof="+recencyOneOf) {
					t.Errorf("%s.%s: tag %q does not offer exactly the Recency buckets", rt.Name(), f.Name, tag)
				}
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[MedicalHistoryAnswers]())
	if n < 9 {
		t.Errorf("found %d recency questions, want at least 9", n)
	}
}

// TestQuestionsAreWorded checks that every question of the medical
// history, checklist and follow-up carries its wording into the schema.
func TestQuestionsAreWorded(t *testing.T) {
	for _, rt := range []reflect.Type{reflect.TypeFor[PsychiatricHistory](), reflect.TypeFor[SubstanceUse](), reflect.TypeFor[MedicalConditions](),
		reflect.TypeFor[PreSessionChecklistAnswers](), reflect.TypeFor[SideEffects](), reflect.TypeFor[BladderSymptoms]()} {
		for i := range rt.NumField() {
			if f := rt.Field(i); f.Tag.Get("desc") == "" {
				t.Errorf("%s.%s has no wording (desc tag)", rt.Name(), f.Name)
			}
		}
	}
}

// checkFormText is checkPlainText without the consent's section length:
// paragraph breaks only, no markup.
func checkFormText(t *testing.T, name, text string) {
	t.Helper()
	if text == "" || text != strings.TrimSpace(text) {
		t.Errorf("%s: empty, or leading or trailing space", name)
	}
	if strings.Contains(strings.ReplaceAll(text, "\n\n", ""), "\n") || strings.Contains(text, "\n\n\n") {
		t.Errorf("%s: line breaks other than paragraph breaks", name)
	}
	if strings.ContainsAny(text, "*#_`<>\t") {
		t.Errorf("%s: contains markup characters", name)
	}
}
