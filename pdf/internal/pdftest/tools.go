package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// RequireTool returns the path of an external command the test needs. When
// the command is missing the test fails on CI (CI=true) and is skipped
// elsewhere.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required on CI: %v", name, err)
		}
		t.Skipf("%s not installed (poppler-utils or qpdf); skipping", name)
	}
	return path
}

// RunTool runs the named command with args, the PDF in a temporary file
// taking the place of the "{pdf}" argument, and returns its standard output.
func RunTool(t testing.TB, doc []byte, name string, args ...string) string {
	t.Helper()
	bin := RequireTool(t, name)
	file := filepath.Join(t.TempDir(), "record.pdf")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	for i, a := range args {
		if a == "{pdf}" {
			args[i] = file
		}
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s%s", name, args, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}
