package forms

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image/png"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/consentry/consentry/forms/formstest"
)

func pointers(err error) []string {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, fe := range ve.Errors {
		out = append(out, fe.Pointer+" "+fe.Code)
	}
	sort.Strings(out)
	return out
}

func TestParseSubmissionValid(t *testing.T) {
	body := validConsent(t)
	body["signature"].(map[string]any)["drawn_png"] = pngBase64(t, 300, 100)
	body["answers"].(map[string]any)["clauses"].(map[string]any)["support-person-contact"] = true
	body["answers"].(map[string]any)["support_person"] = map[string]any{"name": "Ελένη", "relationship": "sister", "phone": "+302101234567"}
	sub, err := Builtin().ParseSubmission(NewValidator(), formstest.JSON(t, body))
	if err != nil {
		t.Fatalf("valid submission refused: %v", pointers(err))
	}
	ans := sub.Answers.(*ConsentAnswers)
	if !ans.Accepted("support-person-contact") || ans.Accepted("at-home-dosing") {
		t.Errorf("clause decisions not decoded: %+v", ans.Clauses)
	}
	img, err := png.Decode(bytes.NewReader(sub.SignaturePNG))
	if err != nil {
		t.Fatalf("normalised PNG does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 300 || b.Dy() != 100 {
		t.Errorf("normalised PNG is %v, want 300x100", b)
	}
	// Transparent background became white; the stroke stays black.
	if r, g, b, _ := img.At(0, 0).RGBA(); r != 0xffff || g != 0xffff || b != 0xffff {
		t.Errorf("background not flattened to white: %v", img.At(0, 0))
	}
	if r, _, _, _ := img.At(5, 50).RGBA(); r != 0 {
		t.Errorf("stroke lost: %v", img.At(5, 50))
	}
}

func TestParseSubmissionInvalid(t *testing.T) {
	cat, v := Builtin(), NewValidator()
	for _, tt := range invalidConsentCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			raw := []byte(tt.raw)
			if tt.mutate != nil {
				b := validConsent(t)
				tt.mutate(b)
				raw = formstest.JSON(t, b)
			}
			_, err := cat.ParseSubmission(v, raw)
			got := pointers(err)
			sort.Strings(tt.want)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems %q, want %q", got, tt.want)
			}
			var ve *ValidationError
			if errors.As(err, &ve) {
				for _, fe := range ve.Errors {
					if fe.Message == "" || strings.Contains(fe.Message, "Jane") {
						t.Errorf("bad message %q", fe.Message)
					}
				}
			}
		})
	}
}

// invalidCase is a consent body broken one way, and the problems the
// server must report for it.
type invalidCase struct {
	name   string
	mutate func(b map[string]any)
	raw    string // used instead of the body when set
	want   []string
	// schemaBlind marks checks JSON Schema cannot express (the PNG must
	// decode), which only the server checks.
	schemaBlind bool
}

func invalidConsentCases(t *testing.T) []invalidCase {
	def := kapConsent202611()
	var firstInitialled, firstPlain string
	for _, s := range def.Sections {
		if s.InitialsRequired && firstInitialled == "" {
			firstInitialled = s.ID
		}
		if !s.InitialsRequired && firstPlain == "" {
			firstPlain = s.ID
		}
	}
	huge := base64.StdEncoding.EncodeToString(make([]byte, MaxSignaturePNGBytes+10))
	return []invalidCase{
		{name: "not JSON", raw: `{"form": `, want: []string{" json"}},
		{name: "empty body", raw: ``, want: []string{" required"}},
		{name: "array body", raw: `[]`, want: []string{" type"}},
		{name: "missing initial", mutate: func(b map[string]any) {
			delete(b["initials"].(map[string]any), firstInitialled)
		}, want: []string{"/initials/" + firstInitialled + " required"}},
		{name: "unknown section initialled", mutate: func(b map[string]any) {
			b["initials"].(map[string]any)["no-such-section"] = "JD"
		}, want: []string{"/initials/no-such-section unknown_section"}},
		{name: "initials on a section that needs none are fine but must be letters", mutate: func(b map[string]any) {
			b["initials"].(map[string]any)[firstPlain] = "J1"
		}, want: []string{"/initials/" + firstPlain + " initials"}},
		{name: "initials too long", mutate: func(b map[string]any) {
			b["initials"].(map[string]any)[firstInitialled] = "ABCDE"
		}, want: []string{"/initials/" + firstInitialled + " initials"}},
		{name: "intent false", mutate: func(b map[string]any) {
			b["signature"].(map[string]any)["intent"] = false
		}, want: []string{"/signature/intent must_be_true"}},
		{name: "intent missing", mutate: func(b map[string]any) {
			delete(b["signature"].(map[string]any), "intent")
		}, want: []string{"/signature/intent required"}},
		{name: "intent a string", mutate: func(b map[string]any) {
			b["signature"].(map[string]any)["intent"] = "yes"
		}, want: []string{"/signature/intent type"}},
		{name: "non-PNG drawing", mutate: func(b map[string]any) {
			b["signature"].(map[string]any)["drawn_png"] = base64.StdEncoding.EncodeToString([]byte("GIF89a not a png"))
		}, want: []string{"/signature/drawn_png png"}, schemaBlind: true},
		{name: "drawing not base64", mutate: func(b map[string]any) {
			b["signature"].(map[string]any)["drawn_png"] = "%%%"
		}, want: []string{"/signature/drawn_png base64"}, schemaBlind: true},
		{name: "oversized drawing", mutate: func(b map[string]any) {
			b["signature"].(map[string]any)["drawn_png"] = huge
		}, want: []string{"/signature/drawn_png too_large"}, schemaBlind: true},
		{name: "drawing longer than the schema allows", mutate: func(b map[string]any) {
			b["signature"].(map[string]any)["drawn_png"] = huge + strings.Repeat("A", 1200)
		}, want: []string{"/signature/drawn_png max"}},
		{name: "drawing too many pixels", mutate: func(b map[string]any) {
			b["signature"].(map[string]any)["drawn_png"] = pngBase64(t, 2001, 10)
		}, want: []string{"/signature/drawn_png dimensions"}, schemaBlind: true},
		{name: "unpublished version", mutate: func(b map[string]any) { b["version"] = "1999-01" },
			want: []string{"/version unknown_version"}},
		{name: "unknown form", mutate: func(b map[string]any) { b["form"] = "tarot" },
			want: []string{"/form unknown_form"}},
		{name: "records consent false", mutate: func(b map[string]any) { b["electronic_records_consent"] = false },
			want: []string{"/electronic_records_consent must_be_true"}},
		{name: "patient id not a uuid", mutate: func(b map[string]any) { b["patient_id"] = "42" },
			want: []string{"/patient_id uuid"}},
		{name: "blank typed name", mutate: func(b map[string]any) {
			b["signature"].(map[string]any)["typed_name"] = "   "
		}, want: []string{"/signature/typed_name text"}},
		{name: "missing clause decision", mutate: func(b map[string]any) {
			delete(b["answers"].(map[string]any)["clauses"].(map[string]any), "research-data")
		}, want: []string{"/answers/clauses/research-data required"}},
		{name: "unknown clause", mutate: func(b map[string]any) {
			b["answers"].(map[string]any)["clauses"].(map[string]any)["psychic-readings"] = true
		}, want: []string{"/answers/clauses/psychic-readings unknown_clause"}},
		{name: "clause decision without initials", mutate: func(b map[string]any) {
			delete(b["initials"].(map[string]any), "session-recording")
		}, want: []string{"/initials/session-recording required"}},
		{name: "support person needed", mutate: func(b map[string]any) {
			b["answers"].(map[string]any)["clauses"].(map[string]any)["support-person-contact"] = true
		}, want: []string{"/answers/support_person required"}},
		{name: "unknown members everywhere", mutate: func(b map[string]any) {
			b["extra"] = 1
			b["signature"].(map[string]any)["date"] = "2020-01-01"
			b["answers"].(map[string]any)["notes"] = "x"
		}, want: []string{"/answers/notes unknown", "/extra unknown", "/signature/date unknown"}},
		{name: "answers missing", mutate: func(b map[string]any) { delete(b, "answers") },
			want: []string{"/answers required"}},
		{name: "every problem at once", mutate: func(b map[string]any) {
			b["signature"].(map[string]any)["intent"] = false
			b["electronic_records_consent"] = false
			delete(b["initials"].(map[string]any), firstInitialled)
		}, want: []string{"/electronic_records_consent must_be_true", "/initials/" + firstInitialled + " required", "/signature/intent must_be_true"}},
	}
}

func TestPointerEscapes(t *testing.T) {
	if got := Pointer("initials", "a/b~c"); got != "/initials/a~1b~0c" {
		t.Errorf("Pointer = %q", got)
	}
}

func TestCanonicalJSON(t *testing.T) {
	a, err := CanonicalJSON([]byte(`{"b": 1.50, "a": {"z": "<x>", "y": [1, 2]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":{"y":[1,2],"z":"<x>"},"b":1.50}`; string(a) != want {
		t.Errorf("canonical = %s, want %s", a, want)
	}
}
