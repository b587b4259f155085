package forms

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// validConsent returns a complete, valid kap-consent body as a map, for
// tests to break one field at a time.
func validConsent(tb testing.TB) map[string]any {
	tb.Helper()
	def := kapConsent202611()
	initials := map[string]any{}
	for _, s := range def.Sections {
		if s.InitialsRequired {
			initials[s.ID] = "JD"
		}
	}
	clauses := map[string]any{}
	for _, c := range def.Clauses {
		initials[c.ID] = "JD"
		clauses[c.ID] = false
	}
	return map[string]any{
		"form": "kap-consent", "version": "2026-11",
		"patient_id":                 "01a214a6-2ae0-7244-9c97-75faa9428252",
		"answers":                    map[string]any{"clauses": clauses},
		"initials":                   initials,
		"signature":                  map[string]any{"typed_name": "Jane Doe", "intent": true},
		"electronic_records_consent": true,
	}
}

// pngBase64 draws a w x h PNG with a transparent background and returns it
// base64-encoded.
func pngBase64(tb testing.TB, w, h int) string {
	tb.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, h/2, color.NRGBA{0, 0, 0, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}
