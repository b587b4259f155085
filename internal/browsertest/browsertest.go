// Package browsertest runs the tests' scripts in a real browser:
// Debian's Chromium (/usr/bin/chromium, or CONSENTRY_CHROMIUM) driven by
// npm's playwright-core, which never downloads a browser of its own.
// Install it with npm ci --prefix internal/browsertest (scripts/test
// does). Without node, the npm package or Chromium a test skips, except
// under CI=true, where it fails.
package browsertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// dir is this package's folder, where the scripts and node_modules are.
func dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// unavailable skips the test, or fails it under CI=true.
func unavailable(tb testing.TB, why string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("the browser test is unavailable under CI=true: %s", why)
	}
	tb.Skipf("the browser test is unavailable, skipping: %s", why)
}

// Chromium returns the browser's path.
func Chromium(tb testing.TB) string {
	tb.Helper()
	path := os.Getenv("CONSENTRY_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(path); err != nil {
		unavailable(tb, path+" is not installed (apt-get install chromium)")
	}
	return path
}

// Run runs one of this package's node scripts with args and returns its
// standard output; the script failing fails the test.
func Run(tb testing.TB, script string, args ...string) []byte {
	tb.Helper()
	chromium := Chromium(tb)
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable(tb, "no node on PATH")
	}
	d := dir()
	if _, err := os.Stat(filepath.Join(d, "node_modules", "playwright-core", "package.json")); err != nil {
		unavailable(tb, "npm package playwright-core is not installed (npm ci --prefix internal/browsertest)")
	}
	cmd := exec.Command(node, append([]string{filepath.Join(d, script), chromium}, args...)...)
	cmd.Dir = d
	var stderr []byte
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		stderr = ee.Stderr
	}
	if err != nil {
		tb.Fatalf("node %s: %v\n%s", script, err, stderr)
	}
	return out
}
