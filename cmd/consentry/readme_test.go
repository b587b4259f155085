package main

// The README's walk-through, run as written: its shell blocks go, one by
// one, to one bash process in a new directory, with a consentry binary
// built from this tree first on PATH.

import (
	"archive/zip"
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"

	"github.com/consentry/consentry/internal/testdb"
	"github.com/consentry/consentry/internal/tsatest"
)

// readmeSections are the README sections whose shell blocks the test runs,
// in order.
var readmeSections = []string{
	"A walk-through with curl",
	"Sealed PDFs",
	"Consent lifecycle and the auditor's view",
	"A dosing day, and an urgent flag",
	"Patient portal",
}

// readmeBlock is one code block of the README: its text and the line it
// starts on.
type readmeBlock struct {
	line int
	text string
}

// readmeShellBlocks returns the code blocks (indented or fenced) of the
// named "## " sections of a Markdown text, in order, leaving out example
// answers (blocks that begin with "{").
func readmeShellBlocks(t *testing.T, markdown string, sections []string) []readmeBlock {
	t.Helper()
	want := map[string]bool{}
	for _, s := range sections {
		want[s] = true
	}
	seen := map[string]int{}
	var (
		blocks  []readmeBlock
		section string
		cur     []string
		start   int
		fenced  bool
	)
	flush := func() {
		text := strings.TrimRight(strings.Join(cur, "\n"), "\n ")
		cur = nil
		if text == "" || !want[section] || strings.HasPrefix(strings.TrimSpace(text), "{") {
			return
		}
		blocks = append(blocks, readmeBlock{line: start, text: text + "\n"})
		seen[section]++
	}
	lines := strings.Split(markdown, "\n")
	for i, l := range lines {
		switch {
		case fenced:
			if strings.HasPrefix(l, "```") {
				fenced = false
				flush()
				continue
			}
			cur = append(cur, l)
		case strings.HasPrefix(l, "```"):
			fenced, start = true, i+2
		case strings.HasPrefix(l, "    ") && (cur != nil || i == 0 || strings.TrimSpace(lines[i-1]) == ""):
			if cur == nil {
				start = i + 1
			}
			cur = append(cur, l[4:])
		case cur != nil && strings.TrimSpace(l) == "":
			cur = append(cur, "") // a blank line inside an indented block
		default:
			if cur != nil {
				flush()
			}
			if strings.HasPrefix(l, "## ") {
				section = strings.TrimSpace(l[3:])
			}
		}
	}
	if cur != nil {
		flush()
	}
	for _, s := range sections {
		if seen[s] == 0 {
			t.Fatalf("README: no shell block found in section %q", s)
		}
	}
	return blocks
}

// needTool returns the path of a command the test needs, or skips it (a
// failure under CI=true).
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is needed to run the README (CI=true): %v", name, err)
		}
		t.Skipf("%s is not installed (apt-get install %s); skipping the README walk-through", name, name)
	}
	return p
}

// portInUse reports whether something answers on localhost:port or holds
// 127.0.0.1:port.
func portInUse(port int) bool {
	addr := net.JoinHostPort("localhost", strconv.Itoa(port))
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		return true
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return true
	}
	ln.Close()
	return false
}

// freePort is a loopback port nothing listens on at the moment.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// readmeShell is the harness around the README's text: stop at the first
// command that fails, pipelines included, and let curl fail on any HTTP
// error unless the command already says what to do with one (-f); the
// server started in the background ends with the shell.
const readmeShell = `set -eo pipefail
curl() {
  local a
  for a in "$@"; do
    case $a in --fail|--fail-with-body|-[!-]*f*) command curl "$@"; return;; esac
  done
  command curl --fail-with-body "$@"
}
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
`

// TestReadmeRunsAsWritten runs the README's walk-through, the sealed PDF
// checks and the consent lifecycle and auditor examples, as written,
// against a consentry binary built from this tree, in a new directory.
func TestReadmeRunsAsWritten(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short mode: builds the binary and runs the README")
	}
	if testdb.Engine() == "postgres" {
		t.Skip("the README runs on SQLite; it runs in the SQLite pass")
	}
	bash := needTool(t, "bash")
	needTool(t, "curl")
	raw, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := readmeShellBlocks(t, string(raw), readmeSections)

	bin := buildBinary(t)
	binDir := filepath.Dir(bin)
	work := t.TempDir()

	// The README's server listens on localhost:8080. If something else
	// already does (another server on this machine), the walk-through runs
	// on a free port instead: the only change made to its text besides the
	// placeholders.
	// The walk-through's server time-stamps its seals with a throwaway
	// TSA, so that the auditor's recipe in "Sealed PDFs" has a document
	// time-stamp to check; the TSA's CA is what an auditor gets from the
	// TSA, so it is put in the working directory beforehand.
	tsa := tsatest.Start(t)
	env := map[string]string{"CONSENTRY_TSA_URL": tsa.URL, "CONSENTRY_TSA_ROOTS": tsa.CAFile}
	port := 8080
	if portInUse(port) {
		port = freePort(t)
		env["CONSENTRY_ADDR"] = "127.0.0.1:" + strconv.Itoa(port)
		t.Logf("port 8080 is in use on this machine; the walk-through runs on port %d", port)
	}
	adapt := func(s string) string {
		s = strings.ReplaceAll(s, "go run ./cmd/consentry", "consentry")
		if port != 8080 {
			s = strings.ReplaceAll(s, "localhost:8080", "localhost:"+strconv.Itoa(port))
		}
		return s
	}
	procEnv := processEnv(env)
	for i, kv := range procEnv {
		if strings.HasPrefix(kv, "PATH=") {
			procEnv[i] = "PATH=" + binDir + string(os.PathListSeparator) + kv[len("PATH="):]
		}
	}

	if ca, err := os.ReadFile(tsa.CAFile); err != nil || os.WriteFile(filepath.Join(work, "tsa-ca.pem"), ca, 0o600) != nil {
		t.Fatalf("tsa-ca.pem: %v", err)
	}
	cmd := exec.Command(bash, "--noprofile", "--norc")
	cmd.Dir, cmd.Env = work, procEnv
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := make(chan string, 64)
	go func() {
		r := bufio.NewReader(stdout)
		for {
			l, err := r.ReadString('\n')
			if l != "" {
				lines <- l
			}
			if err != nil {
				close(lines)
				exited <- cmd.Wait()
				return
			}
		}
	}()
	t.Cleanup(func() {
		// The shell and what it started (the server) are one process group.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	})
	if _, err := io.WriteString(stdin, readmeShell); err != nil {
		t.Fatal(err)
	}

	// run sends one block to the shell and returns what it printed.
	run := func(n int, text string) string {
		t.Helper()
		sentinel := fmt.Sprintf("@@readme step %d done", n)
		if _, err := io.WriteString(stdin, text+"printf '\\n"+sentinel+" %d\\n' $?\n"); err != nil {
			t.Fatalf("README step %d: the shell is gone: %v\n%s", n, err, text)
		}
		var out strings.Builder
		timeout := time.After(3 * time.Minute)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("README step %d failed (the shell stopped: %v):\n%s\noutput:\n%s\nstderr (last lines):\n%s",
						n, <-exited, text, out.String(), lastLogLines(stderr.String(), 30))
				}
				if rest, ok := strings.CutPrefix(l, sentinel+" "); ok {
					if code := strings.TrimSpace(rest); code != "0" {
						t.Fatalf("README step %d: exit %s:\n%s\noutput:\n%s\nstderr (last lines):\n%s",
							n, code, text, out.String(), lastLogLines(stderr.String(), 30))
					}
					return strings.TrimSuffix(out.String(), "\n")
				}
				out.WriteString(l)
			case <-timeout:
				t.Fatalf("README step %d: no end after 3 minutes:\n%s\noutput:\n%s\nstderr (last lines):\n%s",
					n, text, out.String(), lastLogLines(stderr.String(), 30))
			}
		}
	}

	// The placeholders the README marks, filled from the answers before:
	// the patient created, and the consent submitted.
	placeholders := map[string]string{}
	creates := map[string]*regexp.Regexp{
		"<patient id>": regexp.MustCompile(`/v1/patients\s+-d\b`),
		"<id>":         regexp.MustCompile(`/v1/submissions\s+-d\b`),
	}
	placeholder := regexp.MustCompile(`<[a-z ]+>`)
	var verifyAnswer string
	for i, b := range blocks {
		text := adapt(b.text)
		for name, value := range placeholders {
			text = strings.ReplaceAll(text, name, value)
		}
		// A placeholder still in the text is one nothing before filled.
		for _, m := range placeholder.FindAllString(text, -1) {
			if _, ok := creates[m]; ok {
				t.Fatalf("README line %d uses %s before any command creates it:\n%s", b.line, m, b.text)
			}
		}
		out := run(i+1, text)
		for name, re := range creates {
			if !re.MatchString(text) {
				continue
			}
			start := strings.Index(out, "{")
			var created struct{ ID string }
			if start < 0 || json.NewDecoder(strings.NewReader(out[start:])).Decode(&created) != nil || created.ID == "" {
				t.Fatalf("README line %d: no JSON answer with an id to fill %s:\n%s", b.line, name, out)
			}
			placeholders[name] = created.ID
		}
		if strings.Contains(text, "/v1/documents/verify") {
			verifyAnswer = out
		}
	}
	if len(placeholders) != len(creates) {
		t.Errorf("the README filled only the placeholders %v", placeholders)
	}

	// The PDF the server checked is valid, and every PDF downloaded
	// verifies offline against the database.
	if !strings.Contains(strings.ReplaceAll(verifyAnswer, " ", ""), `"valid":true`) {
		t.Errorf("POST /v1/documents/verify in the README answers:\n%s", verifyAnswer)
	}
	pdfs, _ := filepath.Glob(filepath.Join(work, "*.pdf"))
	zips, _ := filepath.Glob(filepath.Join(work, "*.zip"))
	if len(pdfs) == 0 || len(zips) < 2 {
		t.Errorf("the README downloaded PDFs %v and ZIPs %v", pdfs, zips)
	}
	for _, f := range pdfs {
		v := exec.Command(bin, "verify", "--pdf", f)
		v.Dir, v.Env = work, procEnv
		if out, err := v.CombinedOutput(); err != nil || !strings.Contains(string(out), "VALID: a stored record") || !strings.Contains(string(out), "level: PAdES B-") || !strings.Contains(string(out), "indication: TOTAL-PASSED") {
			t.Errorf("consentry verify --pdf %s: %v\n%s", filepath.Base(f), err, out)
		}
	}
	for _, f := range zips {
		z, err := zip.OpenReader(f)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		names := map[string]bool{}
		for _, e := range z.File {
			names[e.Name] = true
			if e.Modified.Before(time.Now().Add(-time.Hour)) || e.Modified.After(time.Now().Add(time.Minute)) {
				t.Errorf("%s: %s is dated %v, not when it was written", filepath.Base(f), e.Name, e.Modified)
			}
		}
		z.Close()
		if !names["manifest.json"] || !names["audit-events.jsonl"] {
			t.Errorf("%s holds %v", filepath.Base(f), names)
		}
	}

	// consentry verify and export wrote no terminal progress into a pipe.
	if strings.Contains(stderr.String(), "\r") {
		t.Errorf("a \\r progress line went to a pipe:\n%q", lastLogLines(stderr.String(), 5))
	}

	// The server the README started stops cleanly when asked.
	if _, err := io.WriteString(stdin, "kill %1\nwait %1\nexit\n"); err != nil {
		t.Fatal(err)
	}
	stdin.Close()
	go func() {
		for range lines {
		}
	}()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("the server did not stop cleanly: %v\n%s", err, lastLogLines(stderr.String(), 30))
		}
	case <-time.After(30 * time.Second):
		t.Error("the server did not stop within 30 seconds")
	}
}

// TestReadmeLinksExist: every file the README links to, and every
// heading of it a link names, is in the repository.
func TestReadmeLinksExist(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`\]\(([^)\s]+)\)`).FindAllStringSubmatch(string(raw), -1)
	if len(links) == 0 {
		t.Fatal("no links found in the README")
	}
	for _, m := range links {
		target := m[1]
		if strings.Contains(target, "://") || strings.HasPrefix(target, "#") {
			continue
		}
		file, anchor, _ := strings.Cut(target, "#")
		doc, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			t.Errorf("README links to %s: %v", target, err)
			continue
		}
		if anchor != "" && !slices.Contains(markdownAnchors(string(doc)), anchor) {
			t.Errorf("README links to %s: %s has no heading with that anchor", target, file)
		}
	}
}

// markdownAnchors are the anchors GitHub gives a Markdown text's headings:
// lower case, spaces to hyphens, punctuation dropped.
func markdownAnchors(doc string) []string {
	var out []string
	for _, l := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(l, "#") {
			continue
		}
		h := strings.ToLower(strings.TrimSpace(strings.TrimLeft(l, "#")))
		var b strings.Builder
		for _, r := range h {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		out = append(out, b.String())
	}
	return out
}
