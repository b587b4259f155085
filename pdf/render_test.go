package pdf_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

func TestRenderPageCount(t *testing.T) {
	doc, pages := pdftest.Render(t, pdftest.Record(t))
	if pages < 2 {
		t.Fatalf("pages = %d, want a multi-page record", pages)
	}
	info := pdftest.RunTool(t, doc, "pdfinfo", "{pdf}")
	if want := fmt.Sprintf("Pages: %d", pages); !strings.Contains(normalize(info), want) {
		t.Errorf("pdfinfo does not report %q:\n%s", want, info)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	r := pdftest.Record(t)
	r.Signers[0].DrawnPNG = pdftest.PNG(t, 300, 100)
	first, _ := pdftest.Render(t, r)
	second, _ := pdftest.Render(t, pdftest.RecordWithPNG(t, r.Signers[0].DrawnPNG))
	if !bytes.Equal(first, second) {
		t.Fatal("two renders of the same record differ")
	}
}

func TestRenderConcurrently(t *testing.T) {
	want, _ := pdftest.Render(t, pdftest.Record(t))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, _ := pdftest.Render(t, pdftest.Record(t))
			if !bytes.Equal(got, want) {
				t.Error("a concurrent render differs")
			}
		})
	}
	wg.Wait()
}

func TestRenderText(t *testing.T) {
	r := pdftest.Record(t)
	doc, pages := pdftest.Render(t, r)
	text := normalize(pdftest.RunTool(t, doc, "pdftotext", "-enc", "UTF-8", "{pdf}", "-"))
	compact := strings.Join(strings.Fields(text), "")

	wants := []string{
		r.ClinicName, r.Form.Title,
		pdftest.NameVietnamese, pdftest.NameNorwegian, pdftest.NameRussian, pdftest.NameGreek, pdftest.NameSpanish,
		"Nguyễn", "Thị Minh", "Παπαδοπούλου", "Иванов",
		"Initials: NTM", "Decision: Accepted", "Decision: Declined",
		"Agreed to receive records electronically: Yes",
		"Page 1 of " + fmt.Sprint(pages), r.ID, "kap-consent 2026-11",
		"2026-11-14 17:03:09 UTC", "I consent to treatment",
		"Signature certificate", "2026-11-14 17:03:10 UTC", "intake-portal",
	}
	for i, s := range r.Form.Sections {
		wants = append(wants, fmt.Sprintf("%d. %s", i+1, s.Title), "Section "+s.ID+" ends here.")
	}
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text lacks %q", want)
		}
	}
	// Hashes and user agents may wrap anywhere, so look for them with the
	// white space taken out.
	for _, want := range []string{r.Form.TextSHA256(), r.BodySHA256, r.Signers[0].IP,
		strings.ReplaceAll(r.Signers[0].UserAgent, " ", "")} {
		if !strings.Contains(compact, want) {
			t.Errorf("extracted text lacks %q", want)
		}
	}
}

func TestRenderFooterOnEveryPage(t *testing.T) {
	r := pdftest.Record(t)
	doc, pages := pdftest.Render(t, r)
	for n := 1; n <= pages; n++ {
		want := fmt.Sprintf("Record %s · kap-consent 2026-11 · Page %d of %d", r.ID, n, pages)
		if text := normalize(pageText(t, doc, n)); !strings.Contains(text, want) {
			t.Errorf("page %d lacks footer %q:\n%s", n, want, text)
		}
	}
	if last := normalize(pageText(t, doc, pages)); !strings.HasPrefix(last, "Signature certificate") {
		t.Errorf("last page does not start with the certificate title:\n%s", last)
	}
}

func TestRenderOmitsEmptyPatientLines(t *testing.T) {
	r := pdftest.Record(t)
	r.Patient.Email, r.Patient.Phone = "", " "
	doc, _ := pdftest.Render(t, r)
	text := normalize(pageText(t, doc, 1))
	for _, absent := range []string{"Email", "Phone"} {
		if strings.Contains(text, absent) {
			t.Errorf("page 1 shows %q for an empty value", absent)
		}
	}
	if !strings.Contains(text, "Date of birth") {
		t.Error("page 1 lacks the date of birth")
	}
}

func TestRenderPassesQPDFCheck(t *testing.T) {
	tests := []struct {
		name string
		png  []byte
	}{
		{"typed signature", nil},
		{"drawn signature", pdftest.PNG(t, 600, 200)},
		{"transparent signature", pdftest.AlphaPNG(t, 600, 200)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := pdftest.Render(t, pdftest.RecordWithPNG(t, tt.png))
			out := pdftest.RunTool(t, doc, "qpdf", "--check", "{pdf}")
			if !strings.Contains(out, "No syntax or stream encoding errors found") {
				t.Errorf("qpdf --check:\n%s", out)
			}
		})
	}
}

func TestRenderDrawnSignature(t *testing.T) {
	tests := []struct {
		name       string
		png        []byte
		wantImages int
		wantSmasks int
	}{
		{"opaque, as forms makes it", pdftest.PNG(t, 600, 200), 1, 0},
		{"transparent background", pdftest.AlphaPNG(t, 600, 200), 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := pdftest.Render(t, pdftest.RecordWithPNG(t, tt.png))
			// The drawing is placed twice (the signature block and the
			// certificate page) but embedded once: count objects.
			kinds := map[string]int{}
			seen := map[string]bool{}
			for _, line := range strings.Split(pdftest.RunTool(t, doc, "pdfimages", "-list", "{pdf}"), "\n")[2:] {
				if fields := strings.Fields(line); len(fields) > 10 && !seen[fields[2]+" "+fields[10]] {
					seen[fields[2]+" "+fields[10]] = true
					kinds[fields[2]]++
				}
			}
			if kinds["image"] != tt.wantImages || kinds["smask"] != tt.wantSmasks {
				t.Errorf("pdfimages lists %v, want %d image(s) and %d mask(s)", kinds, tt.wantImages, tt.wantSmasks)
			}
		})
	}
}

func TestRenderWrapsLongStrings(t *testing.T) {
	r := pdftest.Record(t)
	long := strings.Repeat("x", 300)
	r.Signers[0].UserAgent = "Agent/" + long
	r.Fields = append(r.Fields, pdf.Field{Label: "Notes", Value: long})
	r.Form.Sections[0].Text = "See https://example.org/" + long
	doc, _ := pdftest.Render(t, r)
	bbox := pdftest.RunTool(t, doc, "pdftotext", "-bbox", "{pdf}", "-")
	// Letter is 612 pt wide; the margins are 20 mm (56.7 pt).
	const right = 612 - 56.69 + 0.5
	var words int
	for _, line := range strings.Split(bbox, "\n") {
		var x0, y0, x1, y1 float64
		if _, err := fmt.Sscanf(strings.TrimSpace(line), `<word xMin="%g" yMin="%g" xMax="%g" yMax="%g">`, &x0, &y0, &x1, &y1); err != nil {
			continue
		}
		words++
		if x0 < 56.69-0.5 || x1 > right {
			t.Errorf("word outside the margins (x %.1f to %.1f): %s", x0, x1, line)
		}
	}
	if words == 0 {
		t.Fatal("pdftotext -bbox found no words")
	}
}

// normalize collapses runs of white space to one space.
func normalize(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// pageText is the text pdftotext extracts from page n of doc.
func pageText(tb testing.TB, doc []byte, n int) string {
	tb.Helper()
	return pdftest.RunTool(tb, doc, "pdftotext", "-enc", "UTF-8", "-f", fmt.Sprint(n), "-l", fmt.Sprint(n), "{pdf}", "-")
}
