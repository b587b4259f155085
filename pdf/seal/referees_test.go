package seal

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// pdfsig runs poppler's pdfsig on doc and returns what it printed, whatever
// its exit status: it exits 0 even for a signature that does not match, and
// non-zero for files it cannot read, so only its words count.
func pdfsig(t testing.TB, doc []byte) string {
	t.Helper()
	bin := pdftest.RequireTool(t, "pdfsig")
	file := filepath.Join(t.TempDir(), "sealed.pdf")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, file).CombinedOutput()
	if err != nil && !errors.As(err, new(*exec.ExitError)) {
		t.Fatalf("pdfsig: %v", err)
	}
	return string(out)
}

// pdfsigAccepts reports whether pdfsig's output calls the signature valid
// and covering the whole document.
func pdfsigAccepts(out string) bool {
	return strings.Contains(out, "Signature is Valid.") && strings.Contains(out, "Total document signed")
}

// qpdfObjects returns qpdf's JSON view of every object in doc, keyed like
// "obj:3 0 R" and "trailer".
func qpdfObjects(t testing.TB, doc []byte) map[string]any {
	t.Helper()
	out := pdftest.RunTool(t, doc, "qpdf", "--json=2", "--json-key=qpdf", "{pdf}")
	var parsed struct {
		QPDF []map[string]any `json:"qpdf"`
	}
	if err := json.Unmarshal([]byte(out), &parsed); err != nil || len(parsed.QPDF) < 2 {
		t.Fatalf("qpdf --json: %v", err)
	}
	objects := map[string]any{}
	for key, o := range parsed.QPDF[1] {
		if m, ok := o.(map[string]any); ok {
			if v, ok := m["value"]; ok {
				objects[key] = v
			}
		}
	}
	return objects
}

// qpdfDict returns the dictionary qpdf shows for reference (e.g. "3 0 R").
func qpdfDict(t testing.TB, objects map[string]any, reference string) map[string]any {
	t.Helper()
	key := "obj:" + reference
	if reference == "trailer" {
		key = reference
	}
	d, ok := objects[key].(map[string]any)
	if !ok {
		t.Fatalf("qpdf shows no dictionary %s", reference)
	}
	return d
}

// qpdfFirstPage returns the reference of doc's first page, as qpdf sees it.
func qpdfFirstPage(t testing.TB, doc []byte) string {
	t.Helper()
	out := pdftest.RunTool(t, doc, "qpdf", "--json=2", "--json-key=pages", "{pdf}")
	var parsed struct {
		Pages []struct {
			Object string `json:"object"`
		} `json:"pages"`
	}
	if err := json.Unmarshal([]byte(out), &parsed); err != nil || len(parsed.Pages) == 0 {
		t.Fatalf("qpdf --json pages: %v", err)
	}
	return parsed.Pages[0].Object
}
