package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/consentry/consentry/pdf/internal/pdftest"
)

func TestSealRefusesWhatItCannotSeal(t *testing.T) {
	doc, signed := sealed(t, "ECDSA P-256")
	pages := "<</Type /Pages /Kids [3 0 R] /Count 1>>"
	page := "<</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R>>"
	tests := []struct {
		name string
		doc  []byte
	}{
		{"empty", nil},
		{"not a PDF", []byte("hello, world\n")},
		{"truncated", doc[:len(doc)-20]},
		{"sealed already", signed},
		{"startxref past the end", append(bytes.Clone(doc[:bytes.LastIndex(doc, []byte("startxref"))]), "startxref\n99999999\n%%EOF\n"...)},
		{"cross-reference stream", []byte("%PDF-1.5\n1 0 obj\n<</Type /XRef /Size 1>>\nstream\nendstream\nendobj\nstartxref\n9\n%%EOF\n")},
		{"encrypted", bytes.Replace(minimalPDF(), []byte("/Root 1 0 R"), []byte("/Root 1 0 R /Encrypt 9 0 R"), 1)},
		{"no pages", buildPDF("<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [] /Count 0>>")},
		{"page tree loop", buildPDF("<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [2 0 R] /Count 1>>")},
		{"catalog missing", bytes.Replace(minimalPDF(), []byte("/Root 1 0 R"), []byte("/Root 7 0 R"), 1)},
		{"catalog not a dictionary", buildPDF("[1 2 3]", pages, page, lineStream)},
		{"unterminated dictionary", buildPDF("<</Type /Catalog /Pages 2 0 R", pages, page, lineStream)},
		{"deeply nested catalog", buildPDF("<</Type /Catalog /Pages 2 0 R /X "+deep(100)+">>", pages, page, lineStream)},
		{"/Prev loop", prevLoop(t)},
	}
	sealer := testSealer(t, "ECDSA P-256")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if out, err := sealer.Seal(tt.doc, testSealedAt, "", ""); err == nil {
				t.Errorf("Seal succeeded:\n%q", out[max(0, len(out)-400):])
			}
		})
	}
}

// prevLoop returns a PDF whose cross-reference table names itself as the
// previous one.
func prevLoop(t *testing.T) []byte {
	doc := minimalPDF()
	x, err := readXref(doc)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Replace(doc, []byte("/Root 1 0 R>>"), fmt.Appendf(nil, "/Root 1 0 R /Prev %d>>", x.start), 1)
}

// deep returns n nested arrays.
func deep(n int) string {
	return string(bytes.Repeat([]byte("["), n)) + string(bytes.Repeat([]byte("]"), n))
}

func TestSealRefusesBadSealers(t *testing.T) {
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	rsa, ec := testSealer(t, "RSA-2048"), testSealer(t, "ECDSA P-256")
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	tests := []struct {
		name    string
		sealer  *Sealer
		at      time.Time
		wantErr error
	}{
		{"nil sealer", nil, testSealedAt, nil},
		{"no key", &Sealer{Cert: ec.Cert}, testSealedAt, nil},
		{"key of another certificate", &Sealer{Cert: ec.Cert, Key: rsa.Key}, testSealedAt, ErrKeyMismatch},
		{"Ed25519 key", &Sealer{Cert: ec.Cert, Key: edKey}, testSealedAt, ErrKeyMismatch},
		{"no signing time", ec, time.Time{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.sealer.Seal(doc, tt.at, "", "")
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Errorf("Seal: %v, want %v", err, tt.wantErr)
			}
		})
	}
}
