package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/forms/formstest"
)

// The bodies the load tool sends: a patient, the consent with a drawn
// signature, and the records a patient's chart holds before a session.

// benchKinds are the records each seeded patient gets, in the order a
// clinic takes them: history, the clinician's plan, the consent, the
// instruments, the checklist and a follow-up.
var benchKinds = []string{
	forms.KindMedicalHistory, forms.KindTreatmentPlan, forms.KindKAPConsent,
	forms.KindPHQ9, forms.KindGAD7, forms.KindPreSessionChecklist, forms.KindIntegrationFollowup,
}

// drawnSignaturePNG is what a canvas signature pad sends: an RGBA PNG,
// w × h, transparent but for three strokes, base64.
func drawnSignaturePNG(w, h int) (string, error) {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for k := 0; k < 3; k++ {
			y := h/2 + int(float64(h)/3*math.Sin(float64(x)/float64(17+k*9))) + k
			for dy := -1; dy <= 1; dy++ {
				if y+dy >= 0 && y+dy < h {
					img.SetNRGBA(x, y+dy, color.NRGBA{10, 20, 90, 255})
				}
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b.Bytes()), nil
}

// benchPatientBody is a new patient's request body.
func benchPatientBody(externalID string) []byte {
	b, _ := json.Marshal(map[string]any{
		"external_id": externalID, "given_name": "Nguyễn", "family_name": "Thị Minh",
		"birth_date": "1984-02-29", "sex": "female", "email": "patient@example.org", "phone": "+14155550123",
		"emergency_contact": map[string]any{"name": "Ana Ødegård", "relationship": "spouse", "phone": "+14155550124"},
	})
	return b
}

// benchRecordBody is a valid submission body of kind for the patient; the
// consent carries the drawn signature sig (base64 PNG, or "" for none).
func benchRecordBody(cat *forms.Catalogue, kind, patientID, sig string) ([]byte, error) {
	def, err := cat.Current(kind)
	if err != nil {
		return nil, err
	}
	body := map[string]any{
		"form": def.Kind, "version": def.Version, "patient_id": patientID,
		"electronic_records_consent": true,
	}
	signature := map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true}
	if len(def.Signers) > 0 && def.Signers[0] == forms.SignerClinician {
		signature = map[string]any{"typed_name": "Dr Ana Souza", "intent": true, "credentials": "MD, DEA-registered"}
	}
	if kind == forms.KindKAPConsent {
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
		body["answers"] = map[string]any{
			"clauses":        clauses,
			"support_person": map[string]any{"name": "Дмитрий Иванов", "relationship": "friend", "phone": "+74951234567"},
		}
		body["initials"] = initials
		if sig != "" {
			signature["drawn_png"] = sig
		}
	} else {
		answers := formstest.Answers(kind)
		if answers == nil {
			return nil, fmt.Errorf("no answers for %s", kind)
		}
		if kind == forms.KindPreSessionChecklist {
			answers["session_date"] = time.Now().UTC().Format(time.DateOnly) // must be today
		}
		body["answers"] = answers
	}
	body["signature"] = signature
	return json.Marshal(body)
}

// signedByClinician reports whether kind is sent with a clinician's key.
func signedByClinician(cat *forms.Catalogue, kind string) bool {
	def, err := cat.Current(kind)
	return err == nil && len(def.Signers) > 0 && def.Signers[0] == forms.SignerClinician
}
