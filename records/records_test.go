package records_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/internal/testdb"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf/seal"
	"github.com/consentry/consentry/records"
	"github.com/consentry/consentry/screening"
)

// TestMain stops the PostgreSQL server the tests may have started.
func TestMain(m *testing.M) { testdb.Main(m) }

// now is the tests' fixed clock: after the development certificate
// newFixture makes, so that the seal is within its validity.
var now = time.Now().UTC().Add(time.Minute).Truncate(time.Second)

// fixture is the use cases on a real, new database of the test run's
// engine, with a fixed clock.
type fixture struct {
	t      *testing.T
	store  *models.Store
	svc    *records.Service
	portal records.Actor
	sealer *seal.Sealer
	clock  models.Clock
	// url is the database's address, dir a directory of the test's.
	url string
}

func newFixture(t *testing.T) *fixture { return newFixtureWith(t, nil) }

// newFixtureWith is newFixture with the sealer changed by change first.
func newFixtureWith(t *testing.T, change func(*seal.Sealer)) *fixture {
	t.Helper()
	url := testdb.URL(t)
	store, err := models.Open(url, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	clock := models.Clock(func() time.Time { return now })
	store.Now = clock
	sealer, _, err := seal.DevelopmentSealer(t.TempDir(), "Test Clinic")
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(sealer)
	}
	svc, err := records.New(records.Config{
		Store: store, Catalogue: forms.Builtin(), Screener: screening.DefaultScreener(), Sealer: sealer,
		Clock: clock, ClinicName: "Test Clinic", Reconsent: 365 * 24 * time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, store: store, svc: svc, portal: actor(t, store, "intake portal", models.RolePortal),
		sealer: sealer, clock: clock, url: url}
}

// actor is a new API key of the role, as the actor of a request.
func actor(t *testing.T, store *models.Store, name, role string) records.Actor {
	t.Helper()
	_, k, err := store.CreateKey(context.Background(), name, role)
	if err != nil {
		t.Fatal(err)
	}
	return records.Actor{KeyID: k.ID, KeyName: k.Name, Role: k.Role, IP: "192.0.2.1", UserAgent: "records-test"}
}

func (f *fixture) count(table string) int64 {
	f.t.Helper()
	var n int64
	if err := f.store.DB().Table(table).Count(&n).Error; err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) patient() string {
	f.t.Helper()
	p, err := f.svc.CreatePatient(context.Background(), f.portal, mustJSON(f.t, map[string]any{
		"external_id": "MRN-1", "given_name": "Thị Minh", "family_name": "Nguyễn",
		"birth_date": "1990-04-02", "sex": "female",
	}))
	if err != nil {
		f.t.Fatal(err)
	}
	return p.ID
}

func phq9(t *testing.T, patientID string, items ...int) []byte {
	def, err := forms.Builtin().Current(forms.KindPHQ9)
	if err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, map[string]any{
		"form": def.Kind, "version": def.Version, "patient_id": patientID,
		"answers":                    map[string]any{"items": items},
		"signature":                  map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true},
		"electronic_records_consent": true,
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNewRefusesMissingParts(t *testing.T) {
	f := newFixture(t)
	sealer, _, err := seal.DevelopmentSealer(t.TempDir(), "Test Clinic")
	if err != nil {
		t.Fatal(err)
	}
	full := records.Config{Store: f.store, Catalogue: forms.Builtin(), Screener: screening.DefaultScreener(), Sealer: sealer, Clock: models.SystemClock}
	for name, drop := range map[string]func(*records.Config){
		"store":     func(c *records.Config) { c.Store = nil },
		"catalogue": func(c *records.Config) { c.Catalogue = nil },
		"screener":  func(c *records.Config) { c.Screener = nil },
		"sealer":    func(c *records.Config) { c.Sealer = nil },
		"clock":     func(c *records.Config) { c.Clock = nil },
	} {
		cfg := full
		drop(&cfg)
		if _, err := records.New(cfg); err == nil {
			t.Errorf("New without a %s: no error", name)
		}
	}
	if _, err := records.New(full); err != nil {
		t.Errorf("New with every part: %v", err)
	}
}

// TestSubmitScreensOnceAndStoresWithItsEvent: a PHQ-9 with item 9 above 0
// comes back with its urgent flag, stamped with the screener's rule set,
// stored once with its document and its event at the clock's time.
func TestSubmitScreensOnceAndStoresWithItsEvent(t *testing.T) {
	f := newFixture(t)
	pid := f.patient()
	events := f.count("audit_events")
	r, err := f.svc.Submit(context.Background(), f.portal, phq9(t, pid, 1, 1, 1, 1, 1, 1, 1, 1, 2))
	if err != nil {
		t.Fatal(err)
	}
	if r.Ruleset != screening.DefaultScreener().Version() || r.Scores["total"] != float64(10) || !r.CreatedAt.Equal(now) {
		t.Errorf("receipt %+v", r)
	}
	urgent := false
	for _, fl := range r.Flags {
		urgent = urgent || fl.(map[string]any)["urgent"] == true
	}
	if !urgent {
		t.Errorf("PHQ-9 item 9 = 2: no urgent flag in %v", r.Flags)
	}
	if head, err := f.store.ChainHead(context.Background()); err != nil || r.AuditSeq != head.Seq || head.Subject != "submission/"+r.ID {
		t.Errorf("receipt's audit_seq %d, the chain's head %+v (%v)", r.AuditSeq, head, err)
	}
	if f.count("submissions") != 1 || f.count("documents") != 1 || f.count("audit_events") != events+1 {
		t.Errorf("stored %d submissions, %d documents, %d new events", f.count("submissions"), f.count("documents"), f.count("audit_events")-events)
	}
	doc, err := f.store.Document(context.Background(), r.ID)
	if err != nil || doc.SHA256 != r.Document.SHA256 {
		t.Fatalf("stored document %v, %v", doc, err)
	}
	v, err := seal.Verify(doc.PDF)
	if err != nil || !v.Valid() {
		t.Errorf("the stored PDF's seal: %v, %v", v.Problems, err)
	}
}

// TestSubmitRefusalsStoreNothing: every refusal is typed, and nothing is
// stored, not even an event.
func TestSubmitRefusalsStoreNothing(t *testing.T) {
	f := newFixture(t)
	pid := f.patient()
	clinician := actor(t, f.store, "clinician", models.RoleClinician)
	other := actor(t, f.store, "another portal", models.RolePortal)
	events := f.count("audit_events")
	for _, tt := range []struct {
		name     string
		actor    records.Actor
		body     []byte
		pointers []string
		code     records.Code
	}{
		{name: "items out of range and a missing signature", actor: f.portal,
			body:     mustJSON(t, map[string]any{"form": "phq-9", "version": "2026-11", "patient_id": pid, "answers": map[string]any{"items": []int{0, 0, 0, 0, 0, 0, 0, 0, 4}}, "electronic_records_consent": true}),
			pointers: []string{"/answers/items/8", "/signature"}},
		{name: "another portal's patient", actor: other, body: phq9(t, pid, 0, 0, 0, 0, 0, 0, 0, 0, 0), pointers: []string{"/patient_id"}},
		{name: "not JSON", actor: f.portal, body: []byte("{"), pointers: []string{""}},
		{name: "a patient's form from a clinician key", actor: clinician, body: phq9(t, pid, 0, 0, 0, 0, 0, 0, 0, 0, 0), code: records.Forbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.Submit(context.Background(), tt.actor, tt.body)
			var ve *forms.ValidationError
			var re *records.Error
			switch {
			case tt.code != 0:
				if !errors.As(err, &re) || re.Code != tt.code {
					t.Fatalf("error %v, want code %d", err, tt.code)
				}
			case !errors.As(err, &ve):
				t.Fatalf("error %v, want a *forms.ValidationError", err)
			default:
				var got []string
				for _, fe := range ve.Errors {
					got = append(got, fe.Pointer)
				}
				if len(got) != len(tt.pointers) {
					t.Fatalf("pointers %q, want %q", got, tt.pointers)
				}
				for i := range got {
					if got[i] != tt.pointers[i] {
						t.Errorf("pointers %q, want %q", got, tt.pointers)
					}
				}
			}
		})
	}
	if n := f.count("submissions"); n != 0 {
		t.Errorf("%d submissions stored", n)
	}
	if n := f.count("audit_events"); n != events {
		t.Errorf("%d events appended", n-events)
	}
}

// TestWithdrawAnswers: a record that is not a consent is a Conflict; a
// record the actor can't see is NotFound; a stored record whose form
// version no catalogue or store holds is ErrUnknownVersion, not "not a
// consent".
func TestWithdrawAnswers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	pid := f.patient()
	r, err := f.svc.Submit(ctx, f.portal, phq9(t, pid, 0, 0, 0, 0, 0, 0, 0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	body := mustJSON(t, map[string]any{"scope": "all", "signature": map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true}})
	var re *records.Error
	if _, err := f.svc.Withdraw(ctx, f.portal, r.ID, body); !errors.As(err, &re) || re.Code != records.Conflict || re.Slug != "not-a-consent" {
		t.Errorf("withdrawing a PHQ-9: %v", err)
	}
	other := actor(t, f.store, "another portal", models.RolePortal)
	if _, err := f.svc.Withdraw(ctx, other, r.ID, body); !errors.As(err, &re) || re.Code != records.NotFound {
		t.Errorf("withdrawing another portal's record: %v", err)
	}

	// A consent of a version this server never saw.
	ghost := &models.Submission{ID: "0193a000-0000-7000-8000-000000000001", Form: forms.KindKAPConsent, Version: "2099-01",
		PatientID: pid, CreatedBy: f.portal.KeyID, CreatedAt: now, Body: "{}", BodySHA256: "x", Scores: "{}", Flags: "[]"}
	doc := &models.Document{SubmissionID: ghost.ID, SHA256: "y", PDF: []byte("%PDF"), CreatedAt: now}
	if _, err := f.store.CreateSubmission(ctx, ghost, doc, models.Event{Actor: "test", Action: "submission.create", Subject: "submission/" + ghost.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Withdraw(ctx, f.portal, ghost.ID, body); !errors.Is(err, records.ErrUnknownVersion) {
		t.Errorf("withdrawing a consent of an unknown version: %v", err)
	}
}
