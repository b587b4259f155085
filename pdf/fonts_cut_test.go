package pdf_test

import (
	"bytes"
	"regexp"
	"slices"
	"testing"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// fontPrograms returns the sizes of the font programs a PDF embeds.
func fontPrograms(t *testing.T, doc []byte) []string {
	t.Helper()
	var sizes []string
	for _, m := range regexp.MustCompile(`/Length1 (\d+)`).FindAllSubmatch(doc, -1) {
		sizes = append(sizes, string(m[1]))
	}
	if len(sizes) == 0 {
		t.Fatal("no embedded font program")
	}
	return sizes
}

// TestCommonRunesShareCuts checks what fonts.go's commonRunes promise:
// records of a form whose patients' details lie within Basic Latin embed
// the same font cuts (so they share fpdf's cached cut), and a record with a
// letter beyond it embeds a larger regular face with that letter.
func TestCommonRunesShareCuts(t *testing.T) {
	render := func(given, family, email string) []byte {
		r := pdftest.KindRecord(t, forms.KindKAPConsent)
		r.Patient.GivenName, r.Patient.FamilyName, r.Patient.Email = given, family, email
		r.Signers[0].Name = given + " " + family
		var buf bytes.Buffer
		if _, err := pdf.Render(&buf, r); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a := fontPrograms(t, render("Quinn", "Zawadzki", "q.z@example.org"))
	b := fontPrograms(t, render("Maxine", "O'Brien-Jax", "mj+1@example.com"))
	if !slices.Equal(a, b) {
		t.Errorf("two records within the common runes embed different fonts: %v and %v", a, b)
	}
	c := fontPrograms(t, render("Łukasz", "Zawadzki", "l.z@example.org"))
	if slices.Equal(a, c) {
		t.Errorf("a record with Ł embeds the same fonts as one without: %v", c)
	}
}
