package pdf_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// rendered is one record of each kind, rendered, with what the tests
// read from it.
type rendered struct {
	kind   string
	record *pdf.Record
	doc    []byte
	pages  int
	// text is pdftotext -layout's text of each page.
	text []string
}

// kindsOnce holds renderKinds' result for the tests that share it.
var kindsOnce struct {
	sync.Mutex
	done []rendered
}

// renderKinds renders the record of every kind with a drawn signature,
// once for all the tests of a run.
func renderKinds(t *testing.T) []rendered {
	t.Helper()
	pdftest.RequireTool(t, "pdftotext")
	kindsOnce.Lock()
	defer kindsOnce.Unlock()
	if kindsOnce.done != nil {
		return kindsOnce.done
	}
	var out []rendered
	for _, kind := range pdftest.Kinds() {
		r := pdftest.KindRecord(t, kind)
		r.Signers[0].DrawnPNG = pdftest.PNG(t, 600, 200)
		doc, pages := pdftest.Render(t, r)
		rd := rendered{kind: kind, record: r, doc: doc, pages: pages}
		for n := 1; n <= pages; n++ {
			rd.text = append(rd.text, pdftest.RunTool(t, doc, "pdftotext", "-layout", "-enc", "UTF-8",
				"-f", fmt.Sprint(n), "-l", fmt.Sprint(n), "{pdf}", "-"))
		}
		out = append(out, rd)
	}
	kindsOnce.done = out
	return out
}

// TestKindsShowQuestionsAndAnswers checks, for every kind, that the
// extracted text holds each question's words and its answer's words in
// order (columns of a table interleave on a line, so other words may
// come between), each instrument item's value, and no raw answer key.
func TestKindsShowQuestionsAndAnswers(t *testing.T) {
	for _, rd := range renderKinds(t) {
		t.Run(rd.kind, func(t *testing.T) {
			words := strings.Fields(strings.Join(rd.text, "\n"))
			if len(rd.record.Fields) == 0 && len(rd.record.Form.Clauses) == 0 {
				t.Fatal("the record has no answers to look for")
			}
			for _, f := range rd.record.Fields {
				for _, phrase := range []string{f.Group, f.Label, f.Value, f.Options} {
					if !inOrder(words, strings.Fields(strings.ReplaceAll(phrase, "›", " "))) {
						t.Errorf("text lacks %q (field %+v)", phrase, f)
					}
				}
			}
			all := strings.Join(words, " ")
			for _, raw := range []string{"past-3-months", "over-12-months", "last_use", "item9", "The nine answers in order"} {
				if strings.Contains(all, raw) {
					t.Errorf("text shows the raw %q", raw)
				}
			}
			for n, page := range rd.text {
				want := fmt.Sprintf("Page %d of %d", n+1, rd.pages)
				if !strings.Contains(page, want) {
					t.Errorf("page %d lacks %q", n+1, want)
				}
			}
		})
	}
}

// TestKindsPageCounts pins each kind's page count, so that a layout
// change that adds pages is seen.
func TestKindsPageCounts(t *testing.T) {
	want := map[string]int{
		"kap-consent": 8, "medical-history": 6, "phq-9": 3, "gad-7": 3, "pcl-5": 4, "audit-c": 3,
		"treatment-plan": 3, "preparation": 3, "pre-session-checklist": 4, "integration-followup": 5,
		"administration-record": 3, "monitoring-record": 4,
		"withdrawal": 2, "review": 2,
	}
	for _, rd := range renderKinds(t) {
		info := pdftest.RunTool(t, rd.doc, "pdfinfo", "{pdf}")
		if !strings.Contains(normalize(info), fmt.Sprintf("Pages: %d", rd.pages)) {
			t.Errorf("%s: pdfinfo disagrees with %d pages:\n%s", rd.kind, rd.pages, info)
		}
		if rd.pages != want[rd.kind] {
			t.Errorf("%s: %d pages, want %d", rd.kind, rd.pages, want[rd.kind])
		}
	}
}

var hexRun = regexp.MustCompile(`[0-9a-f]{16,}`)

// TestKindsKeepDigestsWhole checks that every 64-hex value the record
// shows is on one line, and that no line holds part of one.
func TestKindsKeepDigestsWhole(t *testing.T) {
	for _, rd := range renderKinds(t) {
		t.Run(rd.kind, func(t *testing.T) {
			digests := []string{rd.record.BodySHA256, rd.record.Form.TextSHA256()}
			for _, f := range rd.record.Fields {
				if len(f.Value) == 64 {
					digests = append(digests, f.Value)
				}
			}
			text := strings.Join(rd.text, "\n")
			for _, d := range digests {
				if !strings.Contains(text, d) {
					t.Errorf("digest %s is not on one line", d)
				}
			}
			for _, line := range strings.Split(text, "\n") {
				for _, run := range hexRun.FindAllString(line, -1) {
					if len(run) != 64 {
						t.Errorf("a line holds part of a digest, %q: %q", run, line)
					}
				}
			}
		})
	}
}

// TestKindsStayInsideMargins checks every word's box against Letter
// (612 × 792 pt) less the 20 mm margins; the footer sits in the bottom
// margin.
func TestKindsStayInsideMargins(t *testing.T) {
	const mm = 72 / 25.4
	for _, rd := range renderKinds(t) {
		bbox := pdftest.RunTool(t, rd.doc, "pdftotext", "-bbox", "{pdf}", "-")
		words := 0
		for _, line := range strings.Split(bbox, "\n") {
			var x0, y0, x1, y1 float64
			if _, err := fmt.Sscanf(strings.TrimSpace(line), `<word xMin="%g" yMin="%g" xMax="%g" yMax="%g">`, &x0, &y0, &x1, &y1); err != nil {
				continue
			}
			words++
			if x0 < 20*mm-0.5 || x1 > 612-20*mm+0.5 || y0 < 20*mm-1 || y1 > 792-10*mm {
				t.Errorf("%s: word outside the margins (%.1f,%.1f)-(%.1f,%.1f): %s", rd.kind, x0, y0, x1, y1, line)
			}
		}
		if words == 0 {
			t.Errorf("%s: pdftotext -bbox found no words", rd.kind)
		}
	}
}

// inOrder reports whether phrase's words occur in words in order, within
// a window a few times the phrase's length (a table's other columns may
// come between).
func inOrder(words, phrase []string) bool {
	if len(phrase) == 0 {
		return true
	}
	window := 4*len(phrase) + 24
	for start, w := range words {
		if w != phrase[0] {
			continue
		}
		j := 1
		for i := start + 1; i < len(words) && i < start+window && j < len(phrase); i++ {
			if words[i] == phrase[j] {
				j++
			}
		}
		if j == len(phrase) {
			return true
		}
	}
	return false
}

// TestDigestsStayOnOneLineInNarrowColumns checks that a digest in a row
// whose label is long, or in an answer table's value column, is still
// printed whole on one line.
func TestDigestsStayOnOneLineInNarrowColumns(t *testing.T) {
	r := pdftest.KindRecord(t, "withdrawal")
	long := "A label long enough to widen the label column of this table to its widest"
	r.Fields = append(r.Fields, pdf.Field{Label: long, Value: pdftest.RefSHA256},
		pdf.Field{Group: "Hashes", Label: "Another", Value: r.BodySHA256})
	doc, _ := pdftest.Render(t, r)
	text := pdftest.RunTool(t, doc, "pdftotext", "-layout", "{pdf}", "-")
	for _, d := range []string{pdftest.RefSHA256, r.BodySHA256} {
		if strings.Count(text, d) < 2 {
			t.Errorf("digest %s is not whole on one line twice:\n%s", d, text)
		}
	}
}

// renderSummary renders pdftest's clinician summary.
func renderSummary(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := pdf.RenderSummary(&buf, pdftest.Summary(t)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSignatureBlocksStayWhole checks that each signature block is on
// one page (the signer's name, meaning and time together, under the
// Signatures heading), and that a short record's signature is not pushed
// onto a page of its own.
func TestSignatureBlocksStayWhole(t *testing.T) {
	for _, rd := range renderKinds(t) {
		t.Run(rd.kind, func(t *testing.T) {
			s := rd.record.Signers[0]
			page := -1
			for n, text := range rd.text {
				if strings.Contains(text, "Signatures\n") || strings.Contains(text, "Signatures ") {
					page = n
				}
			}
			if page < 0 {
				t.Fatal("no Signatures heading")
			}
			block := normalize(rd.text[page])
			for _, want := range []string{normalize(s.Name), "Signed at 2026-11-14 17:03:09 UTC", "Signature"} {
				if !strings.Contains(block, want) {
					t.Errorf("page %d, with the Signatures heading, lacks %q:\n%s", page+1, want, block)
				}
			}
			if rd.kind == "withdrawal" || rd.kind == "review" {
				if page != 0 {
					t.Errorf("the signature is on page %d, not with the record on page 1", page+1)
				}
			}
		})
	}
}

// TestRecordsConsentOnlyWhereAsked checks that the answer to the
// electronic records disclosure is printed only on records that asked it.
func TestRecordsConsentOnlyWhereAsked(t *testing.T) {
	for _, rd := range renderKinds(t) {
		text := normalize(strings.Join(rd.text, "\n"))
		asked := rd.kind != "withdrawal" && rd.kind != "review"
		if got := strings.Contains(text, "Agreed to receive records electronically: Yes"); got != asked {
			t.Errorf("%s: prints the records consent answer: %t, want %t", rd.kind, got, asked)
		}
		if !asked && strings.Contains(text, "Agreed to receive records electronically") {
			t.Errorf("%s: prints a records consent answer nobody was asked", rd.kind)
		}
	}
}

// TestCertificatePageIsTheProof checks the certificate page of every
// kind: one page, with the timeline, the signer's details beside the
// drawing, the sealing certificate, both hashes and how to verify.
func TestCertificatePageIsTheProof(t *testing.T) {
	for _, rd := range renderKinds(t) {
		t.Run(rd.kind, func(t *testing.T) {
			r := rd.record
			last := normalize(rd.text[rd.pages-1])
			if !strings.HasPrefix(last, "Signature certificate") {
				t.Fatalf("the last page is not the certificate:\n%s", last)
			}
			s, c := r.Signers[0], r.Certificate
			for _, want := range []string{
				"Timeline", "2026-11-14 17:03:09 UTC Signed by " + normalize(s.Name),
				"2026-11-14 17:03:10 UTC Record received by Consentry", "2026-11-14 17:03:10 UTC Sealed with the clinic's certificate",
				"Content SHA-256 " + r.BodySHA256, "Consent text SHA-256 " + r.Form.TextSHA256(),
				"IP address " + s.IP, "API key " + s.KeyName, "Role " + strings.ToUpper(s.Role[:1]),
				"Subject " + c.Subject, "Issuer " + c.Issuer, "SHA-256 fingerprint " + c.SHA256,
				"Valid 2026-01-05 09:00:00 UTC to 2036-01-05 09:00:00 UTC",
				"pdfsig record.pdf", "sha256sum record.pdf", "POST /v1/documents/verify",
			} {
				if !strings.Contains(last, want) {
					t.Errorf("the certificate page lacks %q:\n%s", want, last)
				}
			}
			if !inOrder(strings.Fields(last), strings.Fields(s.UserAgent)) {
				t.Errorf("the certificate page lacks the user agent")
			}
			images := pdftest.RunTool(t, rd.doc, "pdfimages", "-f", fmt.Sprint(rd.pages), "-l", fmt.Sprint(rd.pages), "-list", "{pdf}")
			if !strings.Contains(images, " image ") {
				t.Errorf("the certificate page does not show the drawn signature:\n%s", images)
			}
		})
	}
}

// TestSummaryShowsScoresInWords checks the clinician summary: human
// labels, the total's band with its range and every band's range, the
// flag, a whole digest, and nothing past the margins.
func TestSummaryShowsScoresInWords(t *testing.T) {
	s := pdftest.Summary(t)
	doc := renderSummary(t)
	text := pdftest.RunTool(t, doc, "pdftotext", "-layout", "-enc", "UTF-8", "{pdf}", "-")
	flat := normalize(text)
	for _, want := range []string{"Total (0–27) 13: moderate (10–14)",
		"minimal 0–4 · mild 5–9 · moderate 10–14 · moderately severe 15–19 · severe 20–27",
		"Item 9: thoughts of death or self-harm 1: Several days",
		"Difficulty these problems cause (not scored) 2: Very difficult", s.Flags[0].Rule, "Page 1 of 1"} {
		if !strings.Contains(flat, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	for _, raw := range []string{"item9 1", "difficulty 2", "severity moderate"} {
		if strings.Contains(flat, raw) {
			t.Errorf("summary shows the raw %q", raw)
		}
	}
	if !strings.Contains(text, s.DocumentSHA256) {
		t.Errorf("the record's PDF hash is not whole on one line")
	}
	const mm = 72 / 25.4
	bbox := pdftest.RunTool(t, doc, "pdftotext", "-bbox", "{pdf}", "-")
	for _, line := range strings.Split(bbox, "\n") {
		var x0, y0, x1, y1 float64
		if _, err := fmt.Sscanf(strings.TrimSpace(line), `<word xMin="%g" yMin="%g" xMax="%g" yMax="%g">`, &x0, &y0, &x1, &y1); err == nil &&
			(x0 < 20*mm-0.5 || x1 > 612-20*mm+0.5 || y0 < 20*mm-1 || y1 > 792-10*mm) {
			t.Errorf("word outside the margins: %s", line)
		}
	}
}
