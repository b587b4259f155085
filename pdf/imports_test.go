package pdf_test

import (
	"testing"

	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// TestImports holds package pdf to its rule: the standard library, fpdf
// and forms only.
func TestImports(t *testing.T) {
	pdftest.CheckImports(t, "codeberg.org/go-pdf/fpdf", "github.com/consentry/consentry/forms")
}
