package naivefpdf

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/pdf"
)

// consentRecord is pdftest.KindRecord(kap-consent): the consent as the
// records pipeline builds it from valid answers, with pdftest.Record's
// patient, signer, clock and certificate, and the drawn PNG (or none).
func consentRecord(drawn []byte) (*pdf.Record, error) {
	def, err := forms.Builtin().Current(forms.KindKAPConsent)
	if err != nil {
		return nil, err
	}
	patientID := "0193c6a2-0000-7000-8000-000000000001"
	initials, clauses := map[string]any{}, map[string]any{}
	for _, s := range def.Sections {
		if s.InitialsRequired {
			initials[s.ID] = "NTM"
		}
	}
	for i, c := range def.Clauses {
		initials[c.ID] = "NTM"
		clauses[c.ID] = i%2 == 0
	}
	raw, err := json.Marshal(map[string]any{
		"form": def.Kind, "version": def.Version, "patient_id": patientID,
		"answers": map[string]any{"clauses": clauses}, "initials": initials,
		"signature":                  map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true},
		"electronic_records_consent": true,
	})
	if err != nil {
		return nil, err
	}
	sub, err := forms.Builtin().ParseSubmission(forms.NewValidator(), raw)
	if err != nil {
		return nil, err
	}
	yes := true
	r := &pdf.Record{
		ClinicName: "Clínica Serenidad",
		ID:         "0193c6a2-7f4e-7c3a-9b1d-2e5f8a4c6d10",
		Form:       sub.Definition,
		Patient: pdf.Patient{
			ID: patientID, ExternalID: "MRN-004217", GivenName: "Thị Minh", FamilyName: "Nguyễn",
			BirthDate: "1987-04-12", Sex: "female", Email: "minh.nguyen@example.org", Phone: "+1 503 555 0142",
			EmergencyContact: "Ingrid Ødegård, partner, +47 912 34 567",
		},
		Initials: sub.Request.Initials,
		Clauses:  map[string]bool{},
		Signers: []pdf.Signer{{
			Name: "Nguyễn Thị Minh", Role: forms.SignerPatient, Meaning: def.SignatureMeaning,
			At: time.Date(2026, 11, 14, 17, 3, 9, 0, time.UTC), IP: "2001:db8:85a3::8a2e:370:7334",
			UserAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
			KeyName:   "intake-portal", DrawnPNG: drawn,
		}},
		ElectronicRecordsConsent: &yes,
		ReceivedAt:               time.Date(2026, 11, 14, 17, 3, 10, 0, time.UTC),
		BodySHA256:               "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Certificate: &pdf.Certificate{
			Subject: "CN=Clínica Serenidad records,O=Clínica Serenidad,C=US", Issuer: "CN=Clínica Serenidad records,O=Clínica Serenidad,C=US",
			SHA256:    "5d1e8f0b7c2a94e6d3b1f08a7c5e2d9b4a6f1c3e8d7b2a0f9e4c6d1b3a5f7e9c",
			NotBefore: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), NotAfter: time.Date(2036, 1, 5, 9, 0, 0, 0, time.UTC),
		},
	}
	if a, ok := sub.Answers.(*forms.ConsentAnswers); ok {
		for id := range a.Clauses {
			r.Clauses[id] = a.Accepted(id)
		}
	}
	return r, nil
}

// SignaturePNG is pdftest.PNG(w, h): a dark zigzag stroke on white, an
// opaque RGB PNG at BestSpeed, what forms makes of a canvas signature.
func SignaturePNG(w, h int) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = 255, 255, 255, 255
	}
	for x := range w {
		y := h/2 + (x%40-20)*h/80
		for dy := -1; dy <= 1; dy++ {
			if y+dy >= 0 && y+dy < h {
				img.SetNRGBA(x, y+dy, color.NRGBA{R: 20, G: 20, B: 60, A: 255})
			}
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
