package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/consentry/consentry/internal/browsertest"
)

// docsReport is what internal/browsertest/docs.mjs saw.
type docsReport struct {
	Nav        []string `json:"nav"`
	Main       string   `json:"main"`
	Filtered   []string `json:"filtered"`
	Errors     []string `json:"errors"`
	Violations []string `json:"violations"`
	Offsite    []string `json:"offsite"`
}

// browseDocs loads /docs of the test server in Chromium, searches for
// query, and reports.
func browseDocs(t *testing.T, s *testServer, query string, csp ...string) docsReport {
	t.Helper()
	srv := httptest.NewServer(s.e)
	t.Cleanup(srv.Close)
	out := browsertest.Run(t, "docs.mjs", append([]string{srv.URL, query}, csp...)...)
	var r docsReport
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("the browser's report: %v\n%s", err, out)
	}
	return r
}

// navSummary is a navigation entry's summary: RapiDoc shows the method
// above it.
func navSummary(entry string) string {
	_, summary, _ := strings.Cut(entry, "\n")
	return strings.TrimSpace(summary)
}

// TestDocsRenderInABrowser: /docs, in headless Chromium under its own
// Content-Security-Policy, lists every operation of openapi.yaml by its
// summary, shows each with its method and path, narrows the list to the
// operations matching a search, and logs no error, no CSP violation and
// no request to another origin.
func TestDocsRenderInABrowser(t *testing.T) {
	s := newTestServer(t)
	r := browseDocs(t, s, "withdraw")
	if len(r.Errors) > 0 || len(r.Violations) > 0 || len(r.Offsite) > 0 {
		t.Errorf("errors %q, CSP violations %q, requests elsewhere %q", r.Errors, r.Violations, r.Offsite)
	}
	doc, _ := mustContract(t)
	var summaries []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			summaries = append(summaries, op.Summary)
			if !strings.Contains(r.Main, op.Summary+"\n"+method+" "+path) {
				t.Errorf("the page does not show %q with %s %s", op.Summary, method, path)
			}
		}
	}
	var nav []string
	for _, e := range r.Nav {
		nav = append(nav, navSummary(e))
	}
	slices.Sort(summaries)
	slices.Sort(nav)
	if !slices.Equal(nav, summaries) {
		t.Errorf("the navigation lists %q,\nwant every operation: %q", nav, summaries)
	}
	var filtered []string
	for _, e := range r.Filtered {
		filtered = append(filtered, navSummary(e))
	}
	if !slices.Contains(filtered, "Withdraw a consent, in whole or in part") || len(filtered) >= len(nav) ||
		slices.Contains(filtered, "Liveness") || slices.Contains(filtered, "Submit a signed form") {
		t.Errorf("a search for %q left %q", "withdraw", filtered)
	}
}

// TestDocsBrowserSeesViolations: served under a policy without the
// inline styles RapiDoc needs, the same page reports CSP violations, so
// the check above can fail.
func TestDocsBrowserSeesViolations(t *testing.T) {
	s := newTestServer(t)
	r := browseDocs(t, s, "withdraw", "default-src 'none'; script-src 'self'; connect-src 'self'")
	if len(r.Violations) == 0 && len(r.Errors) == 0 {
		t.Fatalf("no violation reported under a policy that forbids inline styles: %+v", r)
	}
}

// TestDocsPage: /docs is a page with no inline script that loads only
// this server's script, under a policy that allows nothing else; the
// script is the vendored RapiDoc whose SHA-256 api/apidocs/README.md
// records.
func TestDocsPage(t *testing.T) {
	s := newTestServer(t)
	rec := s.do(request{method: http.MethodGet, path: "/docs"})
	mustStatus(t, rec, http.StatusOK)
	if got := rec.Header().Get("Content-Security-Policy"); got != docsCSP || strings.Contains(got, "script-src 'self' 'unsafe") {
		t.Errorf("Content-Security-Policy %q", got)
	}
	page := rec.Body.String()
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
		if tag != `<script type="module" src="`+rapiDocPath+`">` {
			t.Errorf("script tag %q", tag)
		}
	}
	if regexp.MustCompile(`https?://`).MatchString(page) {
		t.Error("the page names another origin")
	}
	rec = s.do(request{method: http.MethodGet, path: rapiDocPath})
	mustStatus(t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("script Content-Type %q", ct)
	}
	sum := sha256.Sum256(rec.Body.Bytes())
	readme, err := os.ReadFile("apidocs/README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), hex.EncodeToString(sum[:])) {
		t.Errorf("apidocs/README.md does not record the served script's SHA-256 %x", sum)
	}
}
