package formstest

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"
)

// CanvasSignature is what a canvas signature pad sends as drawn_png: an
// RGBA PNG, w × h, transparent but for three strokes, in base64.
func CanvasSignature(tb testing.TB, w, h int) string {
	tb.Helper()
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
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}
