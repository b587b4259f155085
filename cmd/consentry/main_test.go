package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/testdb"
)

// TestMain stops the test binary's shared PostgreSQL server, if a test
// started one, after the tests.
func TestMain(m *testing.M) { testdb.Main(m) }

// syncBuffer is a bytes.Buffer safe for a server goroutine and a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// testEnv is envOf with the test run's database: under
// CONSENTRY_TEST_DATABASE=postgres a fresh PostgreSQL schema, otherwise
// the default SQLite file in the data dir.
func testEnv(t *testing.T, m map[string]string) func(string) string {
	t.Helper()
	if testdb.Engine() == "postgres" {
		m["CONSENTRY_DATABASE_URL"] = testdb.URL(t)
	}
	return envOf(m)
}

func TestHelpNamesEveryCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, envOf(nil), &out, &errOut); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"serve", "migrate", "keys create", "version", "CONSENTRY_DATA_DIR", "CONSENTRY_DATABASE_URL"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q", want)
		}
	}
	if code := run(context.Background(), []string{"frobnicate"}, envOf(nil), &out, &errOut); code != 2 {
		t.Errorf("unknown command exit %d, want 2", code)
	}
}

func TestKeysCreateUsage(t *testing.T) {
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": t.TempDir()})
	for _, args := range [][]string{
		{"keys"}, {"keys", "create"}, {"keys", "create", "--role", "root", "--name", "x"},
		{"keys", "create", "--role", "portal"},
	} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, env, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestServeEndToEnd boots the real binary's run on a free port with a new
// data directory, as an operator would on a fresh machine.
func TestServeEndToEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": dir, "CONSENTRY_ADDR": "127.0.0.1:0"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, env, &logs, &logs) }()

	var addr string
	deadline := time.Now().Add(20 * time.Second)
	for addr == "" {
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", logs.String())
		}
		for _, line := range strings.Split(logs.String(), "\n") {
			var l struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "listening" {
				addr = l.Addr
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	base := "http://" + addr

	keyFile := filepath.Join(dir, adminKeyFile)
	fi, err := os.Stat(keyFile)
	if err != nil {
		t.Fatalf("no admin key file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("admin key file mode %v, want 0600", fi.Mode().Perm())
	}
	raw, _ := os.ReadFile(keyFile)
	admin := strings.TrimSpace(string(raw))
	if !strings.HasPrefix(admin, "csk_") {
		t.Fatalf("admin key file holds %q", admin)
	}
	if strings.Contains(logs.String(), admin) {
		t.Fatal("the admin key is in the log")
	}

	get := func(path, key string) int {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get("/healthz", ""); code != 200 {
		t.Errorf("/healthz %d", code)
	}
	if code := get("/readyz", ""); code != 200 {
		t.Errorf("/readyz %d", code)
	}
	if code := get("/v1/forms", admin); code != 200 {
		t.Errorf("/v1/forms with the admin key: %d", code)
	}

	// A key made by the CLI works at once; it is the last line, alone.
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"keys", "create", "--role", "clinician", "--name", "Dr Test"}, env, &out, &errOut); code != 0 {
		t.Fatalf("keys create: exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	clinician := lines[len(lines)-1]
	// A name the records can't print is refused where it is given,
	// instead of breaking every submission through the key later.
	for _, name := range []string{"🙂 clinic", "Dr\u202eTest", "tab\there"} {
		var o, e bytes.Buffer
		if code := run(ctx, []string{"keys", "create", "--role", "portal", "--name", name}, env, &o, &e); code != 2 || !strings.Contains(e.String(), "printed on every record") {
			t.Errorf("keys create --name %q: exit %d: %s", name, code, e.String())
		}
	}
	if code := get("/v1/forms", clinician); code != 200 {
		t.Errorf("new clinician key: %d", code)
	}
	if code := get("/v1/forms", clinician+"x"); code != 401 {
		t.Errorf("altered key: %d", code)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit %d: %s", code, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}

	// A second start finds keys and makes no new admin key file.
	os.Remove(keyFile)
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { done <- run(ctx2, []string{"serve"}, env, &logs, &logs) }()
	time.Sleep(300 * time.Millisecond)
	cancel2()
	<-done
	if _, err := os.Stat(keyFile); err == nil {
		t.Error("a second admin key was made on restart")
	}
}

func TestVerifyAndExportCommands(t *testing.T) {
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": t.TempDir()})
	ctx := context.Background()
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"migrate"}, env, &out, &errOut); code != 0 {
		t.Fatalf("migrate: %d %s", code, errOut.String())
	}
	out.Reset()
	if code := run(ctx, []string{"verify"}, env, &out, &errOut); code != 0 || !strings.Contains(out.String(), "OK") {
		t.Fatalf("verify on a new database: %d %s", code, out.String())
	}
	out.Reset()
	if code := run(ctx, []string{"verify", "--json"}, env, &out, &errOut); code != 0 || !strings.Contains(out.String(), `"ok": true`) {
		t.Fatalf("verify --json: %d %s", code, out.String())
	}
	junk := filepath.Join(t.TempDir(), "junk.pdf")
	os.WriteFile(junk, []byte("%PDF-1.7 not really"), 0o600)
	out.Reset()
	if code := run(ctx, []string{"verify", "--pdf", junk}, env, &out, &errOut); code != 1 || !strings.Contains(out.String(), "NOT VALID") {
		t.Errorf("verify --pdf of a foreign file: %d %s", code, out.String())
	}
	if code := run(ctx, []string{"export"}, env, &out, &errOut); code != 2 {
		t.Errorf("export without --patient: %d", code)
	}
	if code := run(ctx, []string{"export", "--patient", "nobody", "--out", filepath.Join(t.TempDir(), "x.zip")}, env, &out, &errOut); code != 1 {
		t.Errorf("export of an unknown patient: %d", code)
	}
}

func TestServeRefusesBadSettings(t *testing.T) {
	dir := t.TempDir()
	settings := filepath.Join(dir, "settings.json")
	os.WriteFile(settings, []byte(`{"in_clinic_bp_hold": {"systolic": 135, "diastolic": 85}, "no_such_threshold": 1}`), 0o600)
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": filepath.Join(dir, "data"), "CONSENTRY_ADDR": "127.0.0.1:0", "CONSENTRY_SETTINGS": settings})
	var logs syncBuffer
	if code := run(context.Background(), []string{"serve"}, env, &logs, &logs); code != 1 || !strings.Contains(logs.String(), "settings") {
		t.Fatalf("serve with an unknown setting: exit %d: %s", code, logs.String())
	}
}

func TestStoreSettings(t *testing.T) {
	cfg, err := loadConfig(envOf(map[string]string{
		"CONSENTRY_DB_MAX_CONNS": "25", "CONSENTRY_DB_MAX_IDLE_CONNS": "5",
		"CONSENTRY_DB_STATEMENT_TIMEOUT": "3s", "CONSENTRY_DB_CONN_MAX_LIFETIME": "10m",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if o := cfg.Store; o.MaxOpenConns != 25 || o.MaxIdleConns != 5 || o.StatementTimeout != 3*time.Second || o.ConnMaxLifetime != 10*time.Minute {
		t.Errorf("store options %+v", o)
	}
	for _, bad := range []map[string]string{
		{"CONSENTRY_DB_MAX_CONNS": "0"},
		{"CONSENTRY_DB_MAX_IDLE_CONNS": "many"},
		{"CONSENTRY_DB_STATEMENT_TIMEOUT": "5"},
		{"CONSENTRY_DB_STATEMENT_TIMEOUT": "1ms"},
		{"CONSENTRY_DB_CONN_MAX_LIFETIME": "-1s"},
	} {
		if _, err := loadConfig(envOf(bad)); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// TestEveryCommandHasHelp: -h and --help on every command and subcommand
// print its usage to stdout and exit 0, before the environment is read or
// anything is created.
func TestEveryCommandHasHelp(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	// A broken environment: help must not need it.
	env := envOf(map[string]string{"CONSENTRY_DATA_DIR": dataDir, "CONSENTRY_LOG_FORMAT": "xml"})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve"}, "usage: consentry serve\n"},
		{[]string{"migrate"}, "usage: consentry migrate\n"},
		{[]string{"keys"}, "usage: consentry keys create --role ROLE --name NAME\n\nSubcommands:"},
		{[]string{"keys", "create"}, "usage: consentry keys create --role ROLE --name NAME\n\nCreate an API key."},
		{[]string{"keys", "create", "--role", "portal"}, "usage: consentry keys create"},
		{[]string{"verify"}, "usage: consentry verify [--json]\n"},
		{[]string{"verify", "--json"}, "usage: consentry verify [--json]\n"},
		{[]string{"export"}, "usage: consentry export --patient ID"},
		{[]string{"version"}, "usage: consentry version\n"},
		{[]string{"retimestamp"}, "usage: consentry retimestamp [--before DURATION] [--json]\n"},
		{[]string{"bench"}, "usage: consentry bench"},
		{[]string{"invite"}, "usage: consentry invite (--patient ID | --demo-patient)"},
	} {
		for _, h := range []string{"--help", "-h", "-help"} {
			args := append(append([]string(nil), c.args...), h)
			var out, errOut bytes.Buffer
			code := run(context.Background(), args, env, &out, &errOut)
			if code != 0 || !strings.HasPrefix(out.String(), c.want) || errOut.Len() > 0 {
				t.Errorf("consentry %s: exit %d, stdout %q, stderr %q", strings.Join(args, " "), code, out.String(), errOut.String())
			}
		}
	}
	for _, args := range [][]string{{"help", "serve"}, {"help", "keys", "create"}, {"help", "export"}} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, env, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "usage: consentry "+strings.Join(args[1:], " ")) {
			t.Errorf("consentry %s: exit %d, stdout %q", strings.Join(args, " "), code, out.String())
		}
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"help", "frobnicate"}, env, &out, &errOut); code != 2 {
		t.Errorf("help of an unknown command: exit %d", code)
	}
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("--help created the data directory: %v", err)
	}
}

// TestProgressOnlyOnATerminal: verify and export redraw a progress line
// with \r only on a terminal; a pipe, a file or a buffer gets plain lines.
func TestProgressOnlyOnATerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	for name, out := range map[string]io.Writer{"a buffer": &bytes.Buffer{}, "a pipe": w, os.DevNull: devNull} {
		if isTerminal(out) {
			t.Errorf("%s is taken for a terminal", name)
		}
	}

	var plain bytes.Buffer
	p := newProgress(&plain)
	p.interval = 0
	for i := range 3 {
		p.update(func() string { return fmt.Sprintf("checked %d rows", i) })
	}
	p.done()
	if got := plain.String(); got != "checked 0 rows\nchecked 1 rows\nchecked 2 rows\n" {
		t.Errorf("progress off a terminal: %q", got)
	}
	var tty bytes.Buffer
	p = &progress{w: &tty, tty: true}
	p.update(func() string { return "[###] 1/1 records" })
	p.done()
	if got := tty.String(); !strings.HasPrefix(got, "\r[###] 1/1 records") || !strings.HasSuffix(got, "\n") {
		t.Errorf("progress on a terminal: %q", got)
	}

	// The commands, with stderr not a terminal.
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": t.TempDir()})
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"verify"}, env, &stdout, &stderr); code != 0 {
		t.Fatalf("verify: exit %d: %s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "\r") || strings.TrimSpace(stderr.String()) != "" {
		t.Errorf("verify wrote progress to a buffer: %q", stderr.String())
	}
}

// entries lists what a directory holds, or nil if it doesn't exist.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

// TestServeChecksBeforeItCreates: a start that can't listen, or whose data
// directory can't be written, exits 1 and leaves no admin key, certificate
// or database behind.
func TestServeChecksBeforeItCreates(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := filepath.Join(t.TempDir(), "data")
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": dir, "CONSENTRY_ADDR": taken.Addr().String()})
	var logs syncBuffer
	if code := run(context.Background(), []string{"serve"}, env, &logs, &logs); code != 1 || !strings.Contains(logs.String(), "cannot listen") {
		t.Fatalf("serve on an address in use: exit %d: %s", code, logs.String())
	}
	if got := entries(t, dir); got != nil {
		t.Errorf("serve on an address in use left %v in the data directory", got)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("serve on an address in use created the data directory: %v", err)
	}

	// A bad settings file is found before the certificate or the key is made.
	settings := filepath.Join(t.TempDir(), "settings.json")
	os.WriteFile(settings, []byte(`{"no_such_threshold": 1}`), 0o600)
	dir = filepath.Join(t.TempDir(), "data")
	env = testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": dir, "CONSENTRY_ADDR": "127.0.0.1:0", "CONSENTRY_SETTINGS": settings})
	if code := run(context.Background(), []string{"serve"}, env, &logs, &logs); code != 1 {
		t.Fatalf("serve with a bad settings file: exit %d", code)
	}
	if got := entries(t, dir); len(got) > 0 {
		t.Errorf("serve with a bad settings file left %v in the data directory", got)
	}
}

// TestServeRefusesReadOnlyDataDir: a data directory on a read-only file
// system (as root: a tmpfs mounted read-only; otherwise a directory
// without write permission) is refused by name before anything is made.
func TestServeRefusesReadOnlyDataDir(t *testing.T) {
	dir := t.TempDir()
	want := "read-only file system"
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir).CombinedOutput(); err == nil {
		t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	} else if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		want = "not writable"
	} else {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount a read-only tmpfs (CI runs as root): %v %s", err, out)
		}
		t.Skipf("cannot mount a tmpfs here (%v %s)", err, out)
	}
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": dir, "CONSENTRY_ADDR": "127.0.0.1:0"})
	var logs syncBuffer
	code := run(context.Background(), []string{"serve"}, env, &logs, &logs)
	if code != 1 || !strings.Contains(logs.String(), dir) || !strings.Contains(logs.String(), want) {
		t.Fatalf("serve on a read-only data directory: exit %d: %s", code, logs.String())
	}
	if strings.Contains(logs.String(), "DEVELOPMENT certificate") || strings.Contains(logs.String(), "listening") {
		t.Errorf("serve went on past the data directory check: %s", logs.String())
	}
	if got := entries(t, dir); len(got) > 0 {
		t.Errorf("left %v in the data directory", got)
	}
}
