package api

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"testing"

	"github.com/consentry/consentry/forms"
)

// newPatient is a valid patient body; names in several scripts.
func newPatient(externalID string) map[string]any {
	return map[string]any{
		"external_id": externalID, "given_name": "Thị Minh", "family_name": "Nguyễn",
		"birth_date": "1990-04-02", "sex": "female", "email": "minh@example.org", "phone": "+14155550123",
		"emergency_contact": map[string]any{"name": "Ola Ødegård", "relationship": "partner", "phone": "+4722334455"},
	}
}

// mustPatient creates a patient with the given portal key and returns its id.
func (s *testServer) mustPatient(key, externalID string) string {
	s.t.Helper()
	rec := s.do(request{method: http.MethodPost, path: "/v1/patients", key: key, body: newPatient(externalID)})
	mustStatus(s.t, rec, http.StatusCreated)
	return decode[map[string]any](s.t, rec)["id"].(string)
}

// consentBody is a valid kap-consent submission for a patient, with a
// drawn signature.
func consentBody(tb testing.TB, patientID string) map[string]any {
	tb.Helper()
	def, err := forms.Builtin().Current(forms.KindKAPConsent)
	if err != nil {
		tb.Fatal(err)
	}
	initials := map[string]any{}
	for _, s := range def.Sections {
		if s.InitialsRequired {
			initials[s.ID] = "NTM"
		}
	}
	clauses := map[string]any{}
	for i, c := range def.Clauses {
		initials[c.ID] = "NTM"
		clauses[c.ID] = i%2 == 1
	}
	clauses["support-person-contact"] = true
	return map[string]any{
		"form": def.Kind, "version": def.Version, "patient_id": patientID,
		"answers": map[string]any{
			"clauses":        clauses,
			"support_person": map[string]any{"name": "Дмитрий Иванов", "relationship": "friend", "phone": "+74951234567"},
		},
		"initials": initials,
		"signature": map[string]any{
			"typed_name": "Nguyễn Thị Minh", "intent": true, "drawn_png": signaturePNG(tb),
		},
		"electronic_records_consent": true,
	}
}

func signaturePNG(tb testing.TB) string {
	tb.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 240, 80))
	for x := 10; x < 230; x++ {
		img.Set(x, 40+(x%20)-10, color.NRGBA{0, 0, 128, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// requireTool returns the path of a command-line tool. Under CI=true a
// missing tool fails the test; elsewhere the test is skipped.
func requireTool(tb testing.TB, name string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is required under CI=true (apt-get install poppler-utils qpdf)", name)
		}
		tb.Skipf("%s not installed; skipping (install poppler-utils and qpdf to run this test)", name)
	}
	return path
}

// count returns the number of rows of a table, straight from the database.
func (s *testServer) count(table string) int64 {
	s.t.Helper()
	var n int64
	if err := s.store.DB().Table(table).Count(&n).Error; err != nil {
		s.t.Fatal(err)
	}
	return n
}
