package records_test

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/forms/formstest"
	"github.com/consentry/consentry/internal/testdb"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf/seal"
	"github.com/consentry/consentry/records"
	"github.com/consentry/consentry/screening"
)

// kapConsent is a consent body accepting the clauses that accept says.
func kapConsent(t *testing.T, patientID string, accept func(i int) bool) []byte {
	t.Helper()
	def, err := forms.Builtin().Current(forms.KindKAPConsent)
	if err != nil {
		t.Fatal(err)
	}
	initials, clauses := map[string]any{}, map[string]any{}
	for _, s := range def.Sections {
		if s.InitialsRequired {
			initials[s.ID] = "NTM"
		}
	}
	for i, c := range def.Clauses {
		initials[c.ID] = "NTM"
		clauses[c.ID] = accept(i)
	}
	answers := map[string]any{"clauses": clauses}
	if v, ok := clauses["support-person-contact"].(bool); ok && v {
		answers["support_person"] = map[string]any{"name": "Дмитрий Иванов", "relationship": "friend", "phone": "+74951234567"}
	}
	return mustJSON(t, map[string]any{
		"form": def.Kind, "version": def.Version, "patient_id": patientID, "answers": answers, "initials": initials,
		"signature":                  map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true, "drawn_png": formstest.CanvasSignature(t, 300, 100)},
		"electronic_records_consent": true,
	})
}

// TestConsentStatusFromFactsMatchesBodies builds varied histories through
// the use cases (consents accepting different clauses, superseded ones,
// withdrawals of clauses and of the whole, reviews, acknowledgements, and
// records status ignores) and checks that status read from the stored
// consent facts is what the earlier code computed from the bodies, at
// every moment of the history; again with the facts gone, as in a
// database migrated from before they were kept; and that verification
// passes, then names an edited fact.
func TestConsentStatusFromFactsMatchesBodies(t *testing.T) {
	ctx := context.Background()
	store, err := models.Open(testdb.URL(t), models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var clockAt atomic.Int64
	clockAt.Store(now.UnixNano())
	clock := models.Clock(func() time.Time { return time.Unix(0, clockAt.Load()).UTC() })
	tick := func() { clockAt.Add(int64(time.Hour)) }
	store.Now = clock
	sealer, _, err := seal.DevelopmentSealer(t.TempDir(), "Test Clinic")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := records.New(records.Config{
		Store: store, Catalogue: forms.Builtin(), Screener: screening.DefaultScreener(), Sealer: sealer,
		Clock: clock, ClinicName: "Test Clinic", Reconsent: 3 * time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	portal := actor(t, store, "intake portal", models.RolePortal)
	clinician := actor(t, store, "clinician", models.RoleClinician)
	def, err := forms.Builtin().Current(forms.KindKAPConsent)
	if err != nil {
		t.Fatal(err)
	}
	patient := func(mrn string) string {
		p, err := svc.CreatePatient(ctx, portal, mustJSON(t, map[string]any{
			"external_id": mrn, "given_name": "Thị Minh", "family_name": "Nguyễn", "birth_date": "1990-04-02", "sex": "female",
		}))
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	signature := map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true}
	clinicianSig := map[string]any{"typed_name": "Dr. Ana Rivera", "credentials": "MD", "intent": true}
	var moments []time.Time
	step := func(what string, do func() (*records.Receipt, error)) string {
		t.Helper()
		tick()
		r, err := do()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		moments = append(moments, clock.Now(), clock.Now().Add(30*time.Minute))
		return r.ID
	}
	submit := func(body []byte) func() (*records.Receipt, error) {
		return func() (*records.Receipt, error) { return svc.Submit(ctx, portal, body) }
	}

	p1, p2 := patient("MRN-1"), patient("MRN-2")
	step("first consent", submit(kapConsent(t, p1, func(i int) bool { return i%2 == 0 })))
	c2 := step("second consent", submit(kapConsent(t, p1, func(int) bool { return true })))
	step("a PHQ-9 with item 9", submit(phq9(t, p1, 1, 1, 1, 1, 1, 1, 1, 1, 2)))
	flagged := step("another PHQ-9 with item 9", submit(phq9(t, p1, 0, 0, 0, 0, 0, 0, 0, 0, 1)))
	step("a clause withdrawn", func() (*records.Receipt, error) {
		return svc.Withdraw(ctx, portal, c2, mustJSON(t, map[string]any{"scope": "clauses", "clauses": []string{def.Clauses[0].ID}, "signature": signature}))
	})
	step("a review", func() (*records.Receipt, error) {
		return svc.Review(ctx, clinician, c2, mustJSON(t, map[string]any{"decision": "approve", "note": "ok", "signature": clinicianSig}))
	})
	step("an acknowledgement", func() (*records.Receipt, error) {
		return svc.Acknowledge(ctx, clinician, flagged, mustJSON(t, map[string]any{"rule": "phq9-item9",
			"actions": []string{"safety-plan-reviewed", "crisis-line-given"}, "note": "Passive thoughts, no plan.", "signature": clinicianSig}))
	})
	step("the consent withdrawn", func() (*records.Receipt, error) {
		return svc.Withdraw(ctx, portal, c2, mustJSON(t, map[string]any{"scope": "all", "reason": "moving away", "signature": signature}))
	})
	step("a medical history", submit(formstest.JSON(t, withPatient(formstest.Body(t, forms.KindMedicalHistory), p1))))
	step("a third consent", submit(kapConsent(t, p1, func(i int) bool { return i == 1 })))
	c5 := step("the other patient's consent", submit(kapConsent(t, p2, func(int) bool { return false })))
	step("withdrawn at once", func() (*records.Receipt, error) {
		return svc.Withdraw(ctx, portal, c5, mustJSON(t, map[string]any{"scope": "all", "signature": signature}))
	})
	moments = append(moments, now.Add(-time.Hour), clock.Now().Add(10*time.Hour)) // before anything; all expired

	compare := func(label string) {
		t.Helper()
		for _, pid := range []string{p1, p2} {
			for _, at := range moments {
				got, err := svc.ConsentStatus(ctx, clinician, pid, &at)
				if err != nil {
					t.Fatal(err)
				}
				recs, err := store.PatientRecords(ctx, pid, at)
				if err != nil {
					t.Fatal(err)
				}
				items, acks := svc.StatusFromBodies(recs, at)
				want, _ := json.Marshal(map[string]any{"items": items, "acknowledgements": acks})
				have, _ := json.Marshal(map[string]any{"items": got.Items, "acknowledgements": got.Acknowledgements})
				if string(have) != string(want) {
					t.Errorf("%s, patient %s at %s:\n got %s\nwant %s", label, pid, at.Format(time.RFC3339), have, want)
				}
			}
		}
	}
	compare("from the stored facts")
	var facts int64
	if err := store.DB().Table("consent_facts").Count(&facts).Error; err != nil {
		t.Fatal(err)
	}
	if recs, _ := store.RecordIDs(ctx, p1); facts != int64(len(recs))+2 {
		t.Fatalf("%d consent facts for %d + 2 records", facts, len(recs))
	}
	// Every record's facts, built from its typed request, are the ones
	// its body gives.
	if v, err := store.Verify(ctx, nil); err != nil || !v.OK {
		t.Fatalf("verify: %v, %+v", err, v)
	}

	// A direct edit of the facts is named.
	edit := func(stmts ...string) {
		t.Helper()
		for _, stmt := range append(testdb.AllowEdits(store.Engine(), "consent_facts"), stmts...) {
			if err := store.DB().Exec(stmt).Error; err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
	}
	edit(`UPDATE consent_facts SET facts = '{}' WHERE submission_id = '` + c2 + `'`)
	v, err := store.Verify(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.OK || len(v.Problems) != 1 || v.Problems[0].Kind != models.ProblemFactsEdited || v.Problems[0].Subject != "submission/"+c2 {
		t.Fatalf("problems after editing a consent's facts: %+v", v.Problems)
	}

	// Without the facts (a database from before they were kept), status
	// reads the bodies, with the same result, and verification passes.
	edit(`DELETE FROM consent_facts`)
	compare("from the bodies")
	if v, err := store.Verify(ctx, nil); err != nil || !v.OK {
		t.Fatalf("verify without facts: %v, %+v", err, v)
	}
}

// withPatient sets a body's patient.
func withPatient(body map[string]any, patientID string) map[string]any {
	body["patient_id"] = patientID
	return body
}
