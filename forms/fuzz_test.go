package forms_test

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/forms/formstest"
)

// FuzzParseSubmission: any body gives a valid submission or a
// *forms.ValidationError, never a panic or another error; a valid one has
// a definition and decoded answers.
func FuzzParseSubmission(f *testing.F) {
	for _, kind := range []string{"medical-history", "phq-9", "gad-7", "pcl-5", "audit-c", "treatment-plan", "preparation", "pre-session-checklist", "integration-followup"} {
		f.Add(formstest.JSON(f, formstest.Body(f, kind)))
	}
	f.Add([]byte(`{"form":"kap-consent","version":"2026-11"}`))
	f.Add([]byte(`{"answers":{"items":[0,1,"2"]}}`))
	cat := forms.Builtin()
	v := forms.NewValidator()
	f.Fuzz(func(t *testing.T, body []byte) {
		sub, err := cat.ParseSubmission(v, body)
		var ve *forms.ValidationError
		switch {
		case err == nil:
			if sub == nil || sub.Definition == nil || sub.Answers == nil || !sub.Valid() {
				t.Fatalf("accepted without a definition or answers: %+v", sub)
			}
		case !errors.As(err, &ve) || len(ve.Errors) == 0:
			t.Fatalf("error %T %v, want a *forms.ValidationError", err, err)
		}
	})
}

// FuzzParseRequests: the patient, withdrawal, review and publish bodies
// give a request or field problems, never a panic.
func FuzzParseRequests(f *testing.F) {
	f.Add([]byte(`{"external_id":"MRN-1","given_name":"A","family_name":"B","birth_date":"1990-01-02","sex":"female"}`))
	f.Add([]byte(`{"scope":"clauses","clauses":["session-recording"],"signature":{"typed_name":"A","intent":true}}`))
	f.Add([]byte(`{"decision":"decline","note":"x","signature":{"typed_name":"A","intent":true,"credentials":"MD"}}`))
	f.Add([]byte(`{"version":"2026-12","title":"T","signature_meaning":"m","sections":[{"id":"a","title":"A","text":"x"}],"attestation":"a","electronic_records_disclosure":"d"}`))
	cat := forms.Builtin()
	v := forms.NewValidator()
	consent, err := cat.Current(forms.KindKAPConsent)
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		check := func(what string, err error) {
			var ve *forms.ValidationError
			if err != nil && !errors.As(err, &ve) {
				t.Fatalf("%s: error %T %v", what, err, err)
			}
		}
		_, err := forms.ParsePatient(v, body, now)
		check("patient", err)
		_, _, err = forms.ParseWithdrawal(v, body, consent)
		check("withdrawal", err)
		_, _, err = forms.ParseReview(v, body)
		check("review", err)
		_, err = forms.ParsePublish(v, body, consent, now)
		check("publish", err)
	})
}

// FuzzDrawnSignature: any drawn_png is a normalised PNG or a field
// problem at /signature/drawn_png.
func FuzzDrawnSignature(f *testing.F) {
	f.Add(formstest.JSON(f, map[string]any{"typed_name": "A", "intent": true}))
	f.Add([]byte(base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\n"))))
	cat := forms.Builtin()
	v := forms.NewValidator()
	f.Fuzz(func(t *testing.T, png []byte) {
		body := formstest.Body(t, "phq-9")
		body["signature"] = map[string]any{"typed_name": "A", "intent": true, "drawn_png": base64.StdEncoding.EncodeToString(png)}
		sub, err := cat.ParseSubmission(v, formstest.JSON(t, body))
		var ve *forms.ValidationError
		switch {
		case err == nil:
			if len(png) > 0 && len(sub.SignaturePNG) == 0 {
				t.Fatal("a drawn signature accepted without its normalised PNG")
			}
		case !errors.As(err, &ve) || len(ve.Errors) != 1 || ve.Errors[0].Pointer != "/signature/drawn_png":
			t.Fatalf("error %v, want one problem at /signature/drawn_png", err)
		}
	})
}
