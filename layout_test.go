package consentry

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/consentry/consentry"

// layout is DESIGN.md's table of what each package may import, beyond the
// standard library: module paths (and everything below them), with "./x"
// for the module's own package x. Imports point inward: the domain
// packages know nothing of HTTP or the database, models knows nothing of
// HTTP, api reaches the domain only through records, and only cmd wires
// concrete types. A package missing from the table fails the test, so
// that a new one states its place.
var layout = map[string][]string{
	".":           nil,
	"./forms":     {"github.com/go-playground/validator/v10", "github.com/klauspost/compress"},
	"./screening": {"./forms"},
	"./fhir":      {"./forms"},
	"./pdf":       {"codeberg.org/go-pdf/fpdf", "github.com/go-text/typesetting", "./forms"},
	"./pdf/seal":  {"golang.org/x/crypto", "software.sslmate.com/src/go-pkcs12", "github.com/digitorus/timestamp"},
	"./models":    {"gorm.io", "github.com/glebarez/sqlite", "github.com/jackc/pgx/v5", "github.com/google/uuid", "github.com/hashicorp/golang-lru/v2", "./forms"},
	"./records":   {"./forms", "./screening", "./fhir", "./pdf", "./pdf/seal", "./models", "github.com/google/uuid", "github.com/hashicorp/golang-lru/v2"},
	"./webhooks":  {"./models", "github.com/standard-webhooks/standard-webhooks/libraries"},
	"./api":       {"./records", "./forms", "./screening", "./models", "github.com/labstack/echo/v4", "github.com/google/uuid", "golang.org/x/time/rate", "github.com/prometheus/client_golang"},
	// The patient portal's embedded page: no imports at all.
	"./portal": nil,
	// cmd wires everything.
	"./cmd/consentry": {"*"},
	// Test helpers.
	"./internal/testdb":       {"github.com/jackc/pgx/v5"},
	"./internal/tsatest":      {"github.com/digitorus/timestamp", "golang.org/x/crypto"},
	"./pdf/internal/pdftest":  {"./forms", "./pdf"},
	"./forms/formstest":       nil,
	"./internal/fhirvalidate": nil,
	"./internal/browsertest":  nil,
}

// allowed reports whether the package pkg ("./x") may import path.
func allowed(pkg, path string) bool {
	if first, _, _ := strings.Cut(path, "/"); !strings.Contains(first, ".") {
		return true // the standard library
	}
	if rel, ok := strings.CutPrefix(path, module); ok {
		path = "." + rel
	}
	for _, a := range layout[pkg] {
		if a == "*" || path == a || strings.HasPrefix(path, a+"/") {
			return true
		}
	}
	return false
}

// TestImportsPointInward checks every package's imports (not its tests')
// against the layout, as go list reports them.
func TestImportsPointInward(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		pkg := "." + strings.TrimPrefix(fields[0], module)
		if _, ok := layout[pkg]; !ok {
			t.Errorf("package %s is not in the layout table: say what it may import", pkg)
			continue
		}
		seen++
		for _, imp := range fields[1:] {
			if !allowed(pkg, imp) {
				t.Errorf("%s imports %s, which the layout does not allow", pkg, imp)
			}
		}
	}
	if seen < 8 {
		t.Fatalf("go list named only %d known packages:\n%s", seen, out)
	}
}

// TestLayoutRefusesOutwardImports makes sure the check can fail.
func TestLayoutRefusesOutwardImports(t *testing.T) {
	for _, tt := range []struct {
		pkg, path string
		want      bool
	}{
		{"./forms", "github.com/labstack/echo/v4", false},
		{"./forms", "gorm.io/gorm", false},
		{"./screening", module + "/api", false},
		{"./pdf", module + "/models", false},
		{"./pdf/seal", module + "/forms", false},
		{"./models", "github.com/labstack/echo/v4", false},
		{"./api", "gorm.io/gorm", false},
		{"./api", module + "/pdf", false},
		{"./records", module + "/api", false},
		{"./forms", "strings", true},
		{"./records", module + "/pdf/seal", true},
		{"./api", module + "/records", true},
	} {
		if got := allowed(tt.pkg, tt.path); got != tt.want {
			t.Errorf("allowed(%s, %s) = %t, want %t", tt.pkg, tt.path, got, tt.want)
		}
	}
}
