package pdftest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/pdf"
)

// The multi-script names Record carries, which every rendered record must
// carry through intact.
const (
	NameVietnamese = "Nguyễn Thị Minh"
	NameNorwegian  = "Ødegård"
	NameRussian    = "Дмитрий"
	NameGreek      = "Ελένη"
	NameSpanish    = "José"
)

// paragraph is consent-like prose, long enough that a handful of
// sections fill about three pages as the real KAP consent does.
const paragraph = "Ketamine is an anaesthetic medicine that, at the lower doses used in " +
	"ketamine-assisted psychotherapy, can change perception, mood and the sense of time " +
	"for about an hour. Your clinician will explain what to expect before each session, " +
	"stay with you while the medicine acts, and check your blood pressure and wellbeing " +
	"before you leave. You may ask questions at any time, and you may stop treatment at " +
	"any point without affecting the rest of your care at the clinic."

// definition returns a small fake form definition shaped like the real
// KAP consent: numbered sections, some needing initials, and two optional
// clauses.
func definition() *forms.Definition {
	sections := []forms.Section{
		{ID: "about", Title: "About ketamine-assisted psychotherapy"},
		{ID: "risks", Title: "Risks and side effects", InitialsRequired: true},
		{ID: "alternatives", Title: "Alternatives to treatment"},
		{ID: "safety", Title: "Safety on the day of a session", InitialsRequired: true},
		{ID: "privacy", Title: "Confidentiality and its limits", InitialsRequired: true},
		{ID: "fees", Title: "Fees and cancellations"},
	}
	for i := range sections {
		sections[i].Text = strings.Repeat(paragraph+"\n\n", 2) + "Section " + sections[i].ID + " ends here."
	}
	return &forms.Definition{
		Kind:             "kap-consent",
		Version:          "2026-11",
		Title:            "Informed Consent for Ketamine-Assisted Psychotherapy",
		Signers:          []string{forms.SignerPatient},
		SignatureMeaning: "I have read and understood this consent and agree to treatment.",
		Sections:         sections,
		Clauses: []forms.Clause{
			{ID: "recording", Title: "Session recording", Text: "Sessions may be audio-recorded for supervision.\nRecordings are deleted after 90 days."},
			{ID: "research", Title: "Research use", Text: "De-identified outcome scores may be used in research."},
		},
		Attestation:       "By signing below I confirm that I have read every section above, that my questions were answered, and that I sign of my own free will.",
		RecordsDisclosure: "You agree to receive this consent and related records electronically. You may ask for a paper copy at no charge and may withdraw this agreement at any time.",
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}

// Record returns a realistic record of about four pages, with the
// multi-script names in the patient block, the answers and the signers.
func Record(tb testing.TB) *pdf.Record {
	tb.Helper()
	return &pdf.Record{
		ClinicName: "Clínica Serenidad",
		ID:         "0193c6a2-7f4e-7c3a-9b1d-2e5f8a4c6d10",
		Form:       definition(),
		Patient: pdf.Patient{
			ID:               "0193c6a2-0000-7000-8000-000000000001",
			ExternalID:       "MRN-004217",
			GivenName:        "Thị Minh",
			FamilyName:       "Nguyễn",
			BirthDate:        "1987-04-12",
			Sex:              "female",
			Email:            "minh.nguyen@example.org",
			Phone:            "+1 503 555 0142",
			EmergencyContact: "Ingrid " + NameNorwegian + ", partner, +47 912 34 567",
		},
		Initials: map[string]string{"risks": "NTM", "safety": "NTM", "privacy": "NTM", "recording": "NTM"},
		Clauses:  map[string]bool{"recording": true, "research": false},
		Fields: []pdf.Field{
			{Label: "Preferred name", Value: NameSpanish},
			{Label: "Support person", Value: NameRussian + " Иванов"},
			{Label: "Referring clinician", Value: "Dr " + NameGreek + " Παπαδοπούλου"},
		},
		Signers: []pdf.Signer{{
			Name:      NameVietnamese,
			Role:      forms.SignerPatient,
			Meaning:   "I consent to treatment",
			At:        time.Date(2026, 11, 14, 17, 3, 9, 0, time.UTC),
			IP:        "2001:db8:85a3::8a2e:370:7334",
			UserAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
			KeyName:   "intake-portal",
		}},
		ElectronicRecordsConsent: new(true),
		ReceivedAt:               time.Date(2026, 11, 14, 17, 3, 10, 0, time.UTC),
		BodySHA256:               "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Certificate: &pdf.Certificate{
			Subject: "CN=Clínica Serenidad records,O=Clínica Serenidad,C=US", Issuer: "CN=Clínica Serenidad records,O=Clínica Serenidad,C=US",
			SHA256:    "5d1e8f0b7c2a94e6d3b1f08a7c5e2d9b4a6f1c3e8d7b2a0f9e4c6d1b3a5f7e9c",
			NotBefore: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), NotAfter: time.Date(2036, 1, 5, 9, 0, 0, 0, time.UTC),
		},
	}
}

// RecordWithPNG is a fresh Record whose signer drew the PNG drawn.
func RecordWithPNG(tb testing.TB, drawn []byte) *pdf.Record {
	tb.Helper()
	r := Record(tb)
	r.Signers[0].DrawnPNG = drawn
	return r
}

// PNG returns a w×h opaque RGB PNG of a dark stroke on white: what
// forms makes of a signature drawn on a canvas.
func PNG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	return encodePNG(tb, drawStroke(w, h, color.NRGBA{R: 255, G: 255, B: 255, A: 255}))
}

// AlphaPNG returns a w×h RGBA PNG of a stroke on a transparent
// background, as a canvas produces it.
func AlphaPNG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	return encodePNG(tb, drawStroke(w, h, color.NRGBA{}))
}

// drawStroke draws a zigzag pen stroke over a background.
func drawStroke(w, h int, background color.NRGBA) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = background.R, background.G, background.B, background.A
	}
	for x := range w {
		y := h/2 + (x%40-20)*h/80
		for dy := -1; dy <= 1; dy++ {
			if y+dy >= 0 && y+dy < h {
				img.SetNRGBA(x, y+dy, color.NRGBA{R: 20, G: 20, B: 60, A: 255})
			}
		}
	}
	return img
}

// encodePNG encodes img as forms does.
func encodePNG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// Render renders r with pdf.Render, returning the document and its page
// count, and fails the test on error.
func Render(tb testing.TB, r *pdf.Record) ([]byte, int) {
	tb.Helper()
	var buf bytes.Buffer
	pages, err := pdf.Render(&buf, r)
	if err != nil {
		tb.Fatalf("Render: %v", err)
	}
	return buf.Bytes(), pages
}
