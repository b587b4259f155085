package seal

import (
	"testing"

	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// TestImports holds package seal to its rule: the standard library and
// crypto libraries only, never forms, pdf, models, api, echo or gorm.
func TestImports(t *testing.T) {
	pdftest.CheckImports(t, "golang.org/x/crypto", "software.sslmate.com/src/go-pkcs12")
}
