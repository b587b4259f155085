package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// browserTools returns node and chromium, with the portal's npm packages
// installed (npm ci --prefix portal/e2e, as scripts/test does). Under
// CI=true anything missing fails the test; elsewhere it skips.
func browserTools(t *testing.T) (node, chromium, script string) {
	t.Helper()
	missing := func(what string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true (apt-get install chromium nodejs npm; npm ci --prefix portal/e2e)", what)
		}
		t.Skipf("%s not available; skipping the browser tests (install chromium and node, then npm ci --prefix portal/e2e)", what)
	}
	var err error
	if node, err = exec.LookPath("node"); err != nil {
		missing("node")
	}
	chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		if chromium, err = exec.LookPath("chromium"); err != nil {
			missing("chromium")
		}
	}
	dir, err := filepath.Abs("../portal/e2e")
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range []string{"playwright-core", "axe-core"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg, "package.json")); err != nil {
			missing("npm package " + pkg)
		}
	}
	return node, chromium, filepath.Join(dir, "portal.test.mjs")
}

// TestPortalInABrowser is the patient portal end to end: a real server on
// a real database, invitations made through the API, and Chromium driven
// by playwright-core (portal/e2e/portal.test.mjs) signing the consent with
// the mouse and with the keyboard only, a PHQ-9 on a 360 px phone with
// its crisis text, refused links, and axe-core on every page. The PDFs
// the browser downloaded are checked here: the stored bytes, sealed
// (pdfsig), showing the signer (pdftotext). Screenshots of each step go
// to CONSENTRY_ARTIFACTS_DIR, or a directory the log names.
func TestPortalInABrowser(t *testing.T) {
	node, chromium, script := browserTools(t)
	requireTool(t, "pdftotext")
	requireTool(t, "pdfsig")
	s := newTestServer(t)
	srv := httptest.NewServer(s.e)
	t.Cleanup(srv.Close)
	pid := s.mustPatient("portal", "MRN-PORTAL")
	invite := func(hours int, kinds ...string) invited {
		rec := s.do(request{method: http.MethodPost, path: "/v1/invitations", key: "portal",
			body: map[string]any{"patient_id": pid, "forms": kinds, "expires_in_hours": hours}})
		mustStatus(t, rec, http.StatusCreated)
		return decode[invited](t, rec)
	}
	link := func(inv invited) string { return srv.URL + "/portal/#" + inv.Token }

	expired := invite(1, forms.KindKAPConsent)
	s.now = s.now.Add(2 * time.Hour)
	consent := invite(72, forms.KindKAPConsent, forms.KindMedicalHistory)
	keyboard := invite(72, forms.KindKAPConsent)
	phq9 := invite(72, forms.KindPHQ9)
	revoked := invite(72, forms.KindKAPConsent)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/invitations/" + revoked.ID + "/revocation", key: "portal", body: map[string]any{}}), http.StatusOK)
	rec := s.do(request{method: http.MethodPost, path: "/v1/kiosks", key: "clinician", body: map[string]any{"name": "Front desk tablet"}})
	mustStatus(t, rec, http.StatusCreated)
	kioskToken := decode[map[string]any](t, rec)["token"].(string)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/invitations", key: "portal",
		body: map[string]any{"patient_id": pid, "forms": []string{forms.KindPHQ9}, "kiosk": true}}), http.StatusCreated)

	artifacts := os.Getenv("CONSENTRY_ARTIFACTS_DIR")
	if artifacts == "" {
		var err error
		if artifacts, err = os.MkdirTemp("", "consentry-portal-e2e-"); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots and downloaded PDFs: %s", artifacts)
	cfg, _ := json.Marshal(map[string]any{
		"chromium": chromium, "artifacts": artifacts, "today": s.now.Format(time.DateOnly),
		"links": map[string]string{
			"consent": link(consent), "keyboard": link(keyboard), "phq9": link(phq9),
			"expired": link(expired), "revoked": link(revoked),
			"unknown": srv.URL + "/portal/#csi_" + strings.Repeat("A", 43),
			"kiosk":   srv.URL + "/portal/#" + kioskToken,
		},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script)
	cmd.Env = append(os.Environ(), "E2E_CONFIG="+string(cfg))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var res struct {
		PDFs        map[string]string `json:"pdfs"`
		Screenshots []string          `json:"screenshots"`
		Axe         []struct {
			Page       string   `json:"page"`
			Violations []string `json:"violations"`
		} `json:"axe"`
	}
	if jerr := json.Unmarshal(lastLine(stdout.Bytes()), &res); jerr != nil && err == nil {
		t.Fatalf("the browser script's output: %v\n%s", jerr, stdout.String())
	}
	for _, a := range res.Axe {
		t.Logf("axe-core on %s: %d minor or moderate finding(s) %v", a.Page, len(a.Violations), a.Violations)
	}
	if err != nil {
		t.Fatalf("the browser test failed: %v\n%s\nserver log:\n%s", err, stderr.String(), s.log.String())
	}
	if len(res.Screenshots) < 12 {
		t.Errorf("%d screenshots, want one for each step", len(res.Screenshots))
	}

	for name, signer := range map[string]string{"consent": "José Ødegård", "history": "José Ødegård", "keyboard": "Kim Keyboard", "phq9": "Ελένη Παπαδοπούλου"} {
		path := res.PDFs[name]
		doc, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: the downloaded PDF: %v", name, err)
		}
		sum := sha256.Sum256(doc)
		var stored models.Document
		if err := s.store.DB().Where("sha256 = ?", hex.EncodeToString(sum[:])).Take(&stored).Error; err != nil {
			t.Errorf("%s: the downloaded PDF is not a stored record's bytes: %v", name, err)
		}
		if out := pdfsig(t, doc); !sealedOK(out) {
			t.Errorf("%s: pdfsig finds no valid seal over the whole file:\n%s", name, out)
		}
		if text := pdfText(t, doc); !strings.Contains(text, signer) {
			t.Errorf("%s: the PDF does not show the signer %q", name, signer)
		}
	}

	// The records went in through the invitations, with their audit
	// events; the urgent PHQ-9 was stored with its flag; the expired link
	// was recorded as expired once.
	var subs []models.Submission
	if err := s.store.DB().Omit("body").Where("invitation_id <> ''").Order("id").Find(&subs).Error; err != nil {
		t.Fatal(err)
	}
	byInvitation := map[string]models.Submission{}
	for _, sub := range subs {
		if sub.Form != forms.KindMedicalHistory {
			byInvitation[sub.InvitationID] = sub
		}
	}
	if len(subs) != 5 || byInvitation[consent.ID].Form != forms.KindKAPConsent || byInvitation[keyboard.ID].Form != forms.KindKAPConsent ||
		!strings.Contains(byInvitation[phq9.ID].Flags, `"urgent":true`) {
		t.Fatalf("records through invitations: %+v", subs)
	}
	evs, err := s.store.AuditEvents(context.Background(), models.EventFilter{Action: "invitation.expire", Limit: 10})
	if err != nil || len(evs) != 1 || evs[0].Subject != "invitation/"+expired.ID {
		t.Fatalf("expiry events %+v (%v)", evs, err)
	}
	if strings.Contains(s.log.String(), keyboard.Token) {
		t.Fatal("a token reached the server log")
	}
}

// lastLine is the last non-empty line of b.
func lastLine(b []byte) []byte {
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	return lines[len(lines)-1]
}
