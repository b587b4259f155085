package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/consentry/consentry/models"
)

// TestInviteCommand makes invitations on the local database as the
// README shows: for a demo patient, and for a patient by external id; its
// link is the last line, and the stored row holds only the token's hash.
func TestInviteCommand(t *testing.T) {
	dir := t.TempDir()
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": dir, "CONSENTRY_ADDR": "127.0.0.1:18081"})
	ctx := context.Background()
	invite := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(ctx, append([]string{"invite"}, args...), env, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	code, out, errOut := invite("--demo-patient", "--forms", "kap-consent,phq-9")
	if code != 0 {
		t.Fatalf("invite --demo-patient: exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	link := lines[len(lines)-1]
	if !strings.HasPrefix(link, "http://127.0.0.1:18081/portal/#csi_") {
		t.Fatalf("last line %q is not the link:\n%s", link, out)
	}
	token := link[strings.Index(link, "#")+1:]

	cfg, err := loadConfig(env)
	if err != nil {
		t.Fatal(err)
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	inv, err := store.InvitationBySecret(ctx, token)
	if err != nil || inv.Forms != "kap-consent,phq-9" || inv.IssuerName != inviterName {
		t.Fatalf("stored invitation %+v (%v)", inv, err)
	}
	var hashes int64
	store.DB().Model(&models.Invitation{}).Where("hash = ?", models.HashKey(token)).Count(&hashes)
	if hashes != 1 {
		t.Fatalf("%d rows hold the token's hash", hashes)
	}
	pt, err := store.Patient(ctx, inv.PatientID)
	if err != nil {
		t.Fatal(err)
	}

	// By external id, with the same issuing key as before.
	if code, out, errOut = invite("--patient", pt.ExternalID, "--forms", "medical-history"); code != 0 {
		t.Fatalf("invite --patient %s: exit %d: %s", pt.ExternalID, code, errOut)
	}
	if keys, _ := store.KeysNamed(ctx, inviterName, models.RoleClinician); len(keys) != 1 {
		t.Fatalf("%d issuing keys, want 1", len(keys))
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage"},
		{[]string{"--patient", pt.ID, "--demo-patient"}, 2, "usage"},
		{[]string{"--patient", "MRN-NOBODY"}, 1, "no patient"},
		{[]string{"--patient", pt.ID, "--forms", "treatment-plan"}, 2, "--forms: this form is signed by a clinician"},
		{[]string{"--patient", pt.ID, "--forms", "nope"}, 2, "--forms: no form has this kind"},
		{[]string{"--patient", pt.ID, "--expires-in-hours", "1000"}, 2, "--expires-in-hours"},
	} {
		code, _, errOut := invite(c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("invite %v: exit %d, stderr %q; want %d and %q", c.args, code, errOut, c.code, c.want)
		}
	}
}
