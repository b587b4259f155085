package forms

import (
	"strings"
	"testing"
	"time"
)

// TestTextIsWhatWasSent: a string that would not decode to what was sent
// (bytes that are not UTF-8, an unpaired surrogate escape) is refused with
// its pointer, and so are invisible characters that make a name read
// differently; joiners that Persian and Indic names need are kept.
func TestTextIsWhatWasSent(t *testing.T) {
	v := NewValidator()
	base := `{"external_id":"MRN-1","given_name":%s,"family_name":"Doe","birth_date":"1990-01-02","sex":"female"}`
	for _, tt := range []struct {
		name, given string
		code        string // "" = accepted
	}{
		{"plain", `"Jane"`, ""},
		{"escaped astral pair", `"J\ud83d\ude00"`, ""},
		{"Persian with ZWNJ", `"می‌خواهم"`, ""},
		{"Devanagari with ZWJ", `"ग्रीष्मा"`, ""},
		{"invalid UTF-8", "\"J\xffane\"", "encoding"},
		{"lone high surrogate", `"J\ud800ane"`, "encoding"},
		{"lone low surrogate", `"J\udc00ane"`, "encoding"},
		{"high surrogate then a letter escape", `"\ud800\u0041"`, "encoding"},
		{"right-to-left override", "\"Jane\u202eeoD\"", "text"},
		{"left-to-right isolate", "\"Jane\u2066x\u2069\"", "text"},
		{"zero-width space", "\"Ja\u200bne\"", "text"},
		{"byte-order mark", "\"\ufeffJane\"", "text"},
		{"soft hyphen", "\"Ja\u00adne\"", "text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(strings.Replace(base, "%s", tt.given, 1))
			_, err := ParsePatient(v, body, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
			if tt.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			ve, ok := err.(*ValidationError)
			if !ok || len(ve.Errors) != 1 || ve.Errors[0].Pointer != "/given_name" || ve.Errors[0].Code != tt.code {
				t.Fatalf("got %v, want one %s problem at /given_name", err, tt.code)
			}
		})
	}
}

func TestLoneSurrogate(t *testing.T) {
	for raw, want := range map[string]bool{
		`"abc"`: false, `"\\ud800"`: false, `"\"\ud800"`: true, `"\ud83d\ude00"`: false,
		`"\ud83d"`: true, `"\ude00"`: true, `"\ud83dx"`: true, `"\u00e9"`: false, `"\\\ud800"`: true,
	} {
		if got := loneSurrogate([]byte(raw)); got != want {
			t.Errorf("loneSurrogate(%s) = %t, want %t", raw, got, want)
		}
	}
}
