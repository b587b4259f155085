package forms

import (
	"bytes"
	"encoding/base64"
	"image/color"
	"image/png"
	"testing"

	"github.com/consentry/consentry/forms/formstest"
)

func BenchmarkNormalizeSignaturePNG(b *testing.B) {
	for _, size := range [][2]int{{600, 200}, {2000, 1000}} {
		sig := formstest.CanvasSignature(b, size[0], size[1])
		b.Run(itoa(size[0])+"x"+itoa(size[1]), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, fe := normalizeSignaturePNG(sig); fe != nil {
					b.Fatal(fe.Message)
				}
			}
		})
	}
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

// TestFlatRGBPNGDecodesToTheDrawing: the normalised PNG is a valid 8-bit
// RGB PNG whose pixels are the drawing over white, and no larger than
// image/png's own BestSpeed encoding of the same pixels by much.
func TestFlatRGBPNGDecodesToTheDrawing(t *testing.T) {
	sig := formstest.CanvasSignature(t, 600, 200)
	out, fe := normalizeSignaturePNG(sig)
	if fe != nil {
		t.Fatal(fe.Message)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(sig)
	orig, _ := png.Decode(bytes.NewReader(raw))
	if img.Bounds() != orig.Bounds() {
		t.Fatalf("bounds %v, want %v", img.Bounds(), orig.Bounds())
	}
	for y := 0; y < 200; y += 7 {
		for x := 0; x < 600; x += 5 {
			r, g, b, _ := img.At(x, y).RGBA()
			o := color.NRGBAModel.Convert(orig.At(x, y)).(color.NRGBA)
			want := [3]uint32{uint32(o.R), uint32(o.G), uint32(o.B)}
			if o.A == 0 {
				want = [3]uint32{255, 255, 255}
			}
			if got := [3]uint32{r >> 8, g >> 8, b >> 8}; got != want {
				t.Fatalf("pixel %d,%d = %v, want %v", x, y, got, want)
			}
		}
	}
	var ref bytes.Buffer
	_ = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&ref, img)
	if len(out) > 2*ref.Len() {
		t.Errorf("normalised PNG %d bytes, image/png's %d", len(out), ref.Len())
	}
	t.Logf("normalised PNG %d bytes, image/png BestSpeed %d", len(out), ref.Len())
}
