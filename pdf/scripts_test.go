package pdf_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// scriptNames are names in each script the record prints, with the font
// (as pdffonts names it) that draws them; "" for DejaVu Sans.
var scriptNames = []struct {
	name, font string
	mixed      bool
}{
	{"王芳", "droidsansfallback", false},
	{"김민준", "droidsansfallback", false},
	{"محمد", "notosansarabic", false},
	{"علاء مُحَمَّد", "notosansarabic", false}, // a lam-alef ligature and marks
	{"שרה", "notosanshebrew", false},
	{"שָׂרָה", "notosanshebrew", false}, // with points
	{"Дмитрий", "", false},
	{"ग्रीष्मा", "notosansdevanagari", false},
	{"สมชาย", "notosansthai", false},
	{"Nguyễn Thị Minh", "", false},
	{"Ødegård", "", false},
	{"Ελένη", "", false},
	{"Dr محمد Smith", "notosansarabic", true}, // right to left inside left to right
}

// scriptRecord is a record with name as the patient's given and family
// name, the typed signature name and the support person.
func scriptRecord(t *testing.T, name string) *pdf.Record {
	r := pdftest.Record(t)
	r.Patient.GivenName = name
	r.Patient.FamilyName = name
	r.Signers[0].Name = name
	r.Fields[1].Value = name
	return r
}

// extractedLines are the lines pdftotext gives back from doc, each with
// its whitespace normalised and without the embedding controls (U+202A to
// U+202E) pdftotext puts around right-to-left text.
func extractedLines(t *testing.T, doc []byte) []string {
	text := pdftest.RunTool(t, doc, "pdftotext", "-enc", "UTF-8", "{pdf}", "-")
	text = strings.Map(func(c rune) rune {
		if c >= 0x202A && c <= 0x202E {
			return -1
		}
		return c
	}, text)
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		lines = append(lines, normalize(l))
	}
	return lines
}

func TestScriptNamesRoundTrip(t *testing.T) {
	for _, tt := range scriptNames {
		t.Run(tt.name, func(t *testing.T) {
			if !pdf.Supported(tt.name) {
				t.Fatalf("Supported(%q) = false", tt.name)
			}
			doc, _ := pdftest.Render(t, scriptRecord(t, tt.name))
			// Given name, family name, support person, and the signer's
			// name under the signature and on the certificate.
			n := 0
			for _, l := range extractedLines(t, doc) {
				if l == tt.name {
					n++
				}
			}
			if n < 5 && tt.mixed {
				// pdftotext's own reordering of a line that mixes
				// directions moves the space after a right-to-left word
				// before it: only the words are compared.
				n = 0
				for _, l := range extractedLines(t, doc) {
					if strings.ReplaceAll(l, " ", "") == strings.ReplaceAll(tt.name, " ", "") {
						n++
					}
				}
			}
			if n < 5 {
				t.Errorf("pdftotext gives back %q on %d lines, want 5:\n%s", tt.name, n,
					strings.Join(extractedLines(t, doc), "\n"))
			}
			fonts := pdftest.RunTool(t, doc, "pdffonts", "{pdf}")
			rows := strings.Split(strings.TrimSpace(fonts), "\n")[2:]
			found := tt.font == ""
			for _, row := range rows {
				f := strings.Fields(row)
				// name type... encoding emb sub uni object ID
				emb, sub := f[len(f)-5], f[len(f)-4]
				if emb != "yes" {
					t.Errorf("font not embedded:\n%s", row)
				}
				if tt.font != "" && sub != "yes" {
					t.Errorf("font not named as a subset:\n%s", row)
				}
				if tt.font != "" && strings.HasSuffix(f[0], "+utf8"+tt.font) {
					found = true
				}
			}
			if !found {
				t.Errorf("no font %s:\n%s", tt.font, fonts)
			}
			again, _ := pdftest.Render(t, scriptRecord(t, tt.name))
			if !bytes.Equal(doc, again) {
				t.Error("two renders of the same record differ")
			}
		})
	}
}

// TestScriptNameWraps checks that a long name in a script drawn by glyph
// wraps in the value column and still reads back whole.
func TestScriptNameWraps(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("محمد بن عبد الله ", 6))
	r := scriptRecord(t, "محمد")
	r.Fields[1].Value = long
	doc, _ := pdftest.Render(t, r)
	lines := extractedLines(t, doc)
	text := strings.Join(lines, " ")
	if !strings.Contains(normalize(text), "محمد بن عبد الله") {
		t.Errorf("the wrapped name is not read back:\n%s", strings.Join(lines, "\n"))
	}
	for _, l := range lines {
		if l == long {
			t.Fatalf("a %d-character name did not wrap", len([]rune(long)))
		}
	}
}

// TestScriptFontsLoadLazily checks that a record of scripts DejaVu Sans
// draws embeds no other font.
func TestScriptFontsLoadLazily(t *testing.T) {
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	fonts := pdftest.RunTool(t, doc, "pdffonts", "{pdf}")
	for _, f := range []string{"noto", "droid"} {
		if strings.Contains(strings.ToLower(fonts), f) {
			t.Errorf("a Latin, Greek and Cyrillic record embeds %s:\n%s", f, fonts)
		}
	}
}

// BenchmarkRenderScripts renders the record with Arabic, Devanagari and
// CJK names, which are shaped and drawn by glyph.
func BenchmarkRenderScripts(b *testing.B) {
	r := pdftest.Record(b)
	r.Patient.GivenName, r.Patient.FamilyName = "محمد", "王芳"
	r.Signers[0].Name = "ग्रीष्मा"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pdf.Render(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
