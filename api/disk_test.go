package api

import (
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/testdb"
	"github.com/consentry/consentry/models"
)

// smallDisk mounts a tmpfs of size bytes for the test and returns its
// path. It needs root (as CI runs); elsewhere the test skips.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if testdb.Engine() != "sqlite" {
		t.Skip("a full disk is tested on the SQLite engine, whose file is ours")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount a tmpfs (CI runs as root): %v %s", err, out)
		}
		t.Skipf("cannot mount a tmpfs here (%v %s); CI runs this as root", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fill writes a file until the file system is full, and returns a func
// that removes it.
func fill(t *testing.T, dir string) func() {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	// Fill the last partial block too.
	for _, n := range []int{4096, 512, 1} {
		for {
			if _, err := f.Write(buf[:n]); err != nil {
				break
			}
		}
	}
	f.Close()
	return func() { os.Remove(path) }
}

// TestFullDiskIs503 runs the server on a data dir whose file system fills
// up: writes and reads of patient data (which append events) answer 503
// with Retry-After, never 500; once space is freed the same server
// serves again.
func TestFullDiskIs503(t *testing.T) {
	dir := smallDisk(t, "8m")
	s := newTestServerAt(t, "sqlite:"+filepath.Join(dir, "consentry.db"), models.Options{StatementTimeout: time.Second})
	pid := s.mustPatient("portal", "MRN-FULL")

	free := fill(t, dir)
	saw503 := false
	for i := 0; i < 20 && !saw503; i++ {
		rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: consentBody(t, pid)})
		switch rec.Code {
		case http.StatusCreated:
		case http.StatusServiceUnavailable:
			saw503 = rec.Header().Get("Retry-After") != "" && strings.Contains(rec.Body.String(), "unavailable")
		default:
			t.Fatalf("a submission on a full disk: %d %s", rec.Code, rec.Body.String())
		}
	}
	if !saw503 {
		t.Fatal("20 submissions on a full disk, none refused with 503 and Retry-After")
	}
	if rec := s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid, key: "clinician"}); rec.Code != http.StatusServiceUnavailable && rec.Code != http.StatusOK {
		t.Errorf("a patient read on a full disk: %d %s", rec.Code, rec.Body.String())
	}
	free()
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: consentBody(t, pid)}), http.StatusCreated)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid, key: "clinician"}), http.StatusOK)
}

// TestReadOnlyDataDirNamesThePath: a data dir on a read-only file system
// is refused at open, naming the path and the cause.
func TestReadOnlyDataDirNamesThePath(t *testing.T) {
	dir := smallDisk(t, "1m")
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	_, err := models.Open("sqlite:"+filepath.Join(dir, "consentry.db"), models.Options{})
	if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "read-only file system") {
		t.Fatalf("opening a store on a read-only file system: %v", err)
	}
}
