package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// inviterName is the key the invite command issues invitations with: a
// clinician key made on first use, whose secret is never shown (the
// command works on the database directly, as keys create does).
const inviterName = "consentry invite (command line)"

func inviteCmd(ctx context.Context, cfg *config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, commandUsage["invite"]) }
	patient := fs.String("patient", "", "the patient's id or external id")
	demo := fs.Bool("demo-patient", false, "create a demo patient to invite")
	kinds := fs.String("forms", forms.KindKAPConsent, "form kinds, comma-separated")
	hours := fs.Int("expires-in-hours", forms.DefaultInvitationHours, "hours the link works (1 to 720)")
	kiosk := fs.Bool("kiosk", false, "queue it for the clinic's tablets in kiosk mode too")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || (*patient == "") == !*demo {
		fmt.Fprintln(stderr, "usage: consentry invite (--patient ID | --demo-patient) [--forms KIND,...] [--expires-in-hours N] [--kiosk]")
		return 2
	}
	store, svc, err := openService(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "consentry invite:", err)
		return 1
	}
	defer store.Close()
	actor, err := inviter(ctx, store)
	if err != nil {
		fmt.Fprintln(stderr, "consentry invite:", err)
		return 1
	}
	patientID := *patient
	if *demo {
		p, err := svc.CreatePatient(ctx, actor, demoPatient())
		if err != nil {
			fmt.Fprintln(stderr, "consentry invite: create the demo patient:", err)
			return 1
		}
		patientID = p.ID
		fmt.Fprintf(stdout, "created demo patient %s (external id %s)\n", p.ID, p.ExternalID)
	} else if uuid.Validate(patientID) != nil {
		found, err := store.PatientsByExternalID(ctx, patientID, "")
		switch {
		case err != nil:
			fmt.Fprintln(stderr, "consentry invite:", err)
			return 1
		case len(found) == 0:
			fmt.Fprintf(stderr, "consentry invite: no patient has the id or external id %q\n", patientID)
			return 1
		case len(found) > 1:
			fmt.Fprintf(stderr, "consentry invite: %d patients (of different portals) have the external id %q; give the patient's id\n", len(found), patientID)
			return 1
		}
		patientID = found[0].ID
	}
	body, _ := json.Marshal(forms.InvitationRequest{PatientID: patientID, Forms: strings.Split(*kinds, ","), ExpiresInHours: *hours, Kiosk: *kiosk})
	inv, err := svc.CreateInvitation(ctx, actor, body)
	var ve *forms.ValidationError
	if errors.As(err, &ve) {
		for _, e := range ve.Errors {
			fmt.Fprintf(stderr, "consentry invite: %s: %s\n", flagOf(e.Pointer), e.Message)
		}
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "consentry invite:", err)
		return 1
	}
	base := cfg.PortalURL
	if base == "" {
		base = "http://" + cfg.Addr + "/portal/"
	}
	fmt.Fprintf(stdout, "created invitation %s for patient %s (%s), expires %s; the link is shown once, below:\n%s#%s\n",
		inv.ID, inv.PatientID, *kinds, inv.ExpiresAt.Format(time.RFC3339), base, inv.Token)
	return 0
}

// flagOf names the flag a body pointer came from.
func flagOf(pointer string) string {
	switch {
	case strings.HasPrefix(pointer, "/forms"):
		return "--forms"
	case pointer == "/patient_id":
		return "--patient"
	case pointer == "/expires_in_hours":
		return "--expires-in-hours"
	}
	return pointer
}

// inviter is the actor of the invite command: the command line's
// clinician key, made on first use.
func inviter(ctx context.Context, store *models.Store) (records.Actor, error) {
	keys, err := store.KeysNamed(ctx, inviterName, models.RoleClinician)
	if err != nil {
		return records.Actor{}, err
	}
	var key *models.APIKey
	if len(keys) > 0 {
		key = &keys[0]
	} else if _, key, err = store.CreateKey(ctx, inviterName, models.RoleClinician); err != nil {
		return records.Actor{}, err
	}
	return records.Actor{KeyID: key.ID, KeyName: key.Name, Role: key.Role, IP: "local", UserAgent: "consentry invite"}, nil
}

// demoPatient is a made-up patient for trying the portal.
func demoPatient() []byte {
	b, _ := json.Marshal(map[string]any{
		"external_id": "DEMO-" + uuid.NewString()[:8], "given_name": "Alex", "family_name": "Demo",
		"birth_date": "1990-01-01", "sex": "unknown",
	})
	return b
}
