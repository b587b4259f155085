package forms

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/consentry/consentry/forms/formstest"
)

// flattenCases are PNGs for the fast path and image/png to agree on: the
// canvas drawing, other colour types and filters, several IDATs, ancillary
// chunks, and damage of every kind flattenPNG looks for.
func flattenCases(t testing.TB) map[string][]byte {
	canvas, err := base64.StdEncoding.DecodeString(formstest.CanvasSignature(t, 600, 200))
	if err != nil {
		t.Fatal(err)
	}
	enc := func(img image.Image, level png.CompressionLevel) []byte {
		var b bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: level}).Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	// Partial alpha and colour everywhere, so that every filter type is
	// chosen for some row.
	nrgba := image.NewNRGBA(image.Rect(0, 0, 97, 41))
	rgba := image.NewRGBA(image.Rect(0, 0, 33, 17)) // opaque: written as RGB
	gray := image.NewGray(image.Rect(0, 0, 20, 10))
	for y := 0; y < 41; y++ {
		for x := 0; x < 97; x++ {
			nrgba.SetNRGBA(x, y, color.NRGBA{uint8(x * 7), uint8(y * 13), uint8(x * y), uint8((x + y) * 5)})
			rgba.Set(x%33, y%17, color.RGBA{uint8(x * 3), uint8(y * 9), 200, 255})
			gray.SetGray(x%20, y%10, color.Gray{uint8(x + y)})
		}
	}
	cases := map[string][]byte{
		"canvas":          canvas,
		"nrgba-default":   enc(nrgba, png.DefaultCompression),
		"nrgba-none":      enc(nrgba, png.NoCompression),
		"every-filter":    everyFilterPNG(t, nrgba),
		"rgb":             enc(rgba, png.BestSpeed),
		"gray":            enc(gray, png.DefaultCompression),
		"several-idat":    splitIDAT(t, canvas, 1000),
		"ancillary":       withChunk(canvas, "tEXt", []byte("Comment\x00drawn")),
		"bad-crc":         flip(canvas, 8+8+13+2), // inside IHDR's CRC
		"truncated":       canvas[:len(canvas)-40],
		"no-iend":         canvas[:len(canvas)-12],
		"bad-adler":       flipIDAT(canvas, -1),
		"bad-data":        flipIDAT(canvas, 10),
		"trns":            withChunk(enc(rgba, png.BestSpeed), "tRNS", []byte{0, 1, 0, 2, 0, 3}),
		"empty":           nil,
		"signature-only":  []byte("\x89PNG\r\n\x1a\n"),
		"critical-chunk":  withChunk(canvas, "ABCD", []byte("x")),
		"idat-after-text": withChunk(splitIDAT(t, canvas, 1000), "", nil),
	}
	return cases
}

// TestFlattenPNGAgreesWithImagePNG checks the fast path against the
// decode with image/png: wherever flattenPNG succeeds, image/png succeeds
// and the flat PNGs are the same bytes; and the fast path is taken for a
// canvas drawing.
func TestFlattenPNGAgreesWithImagePNG(t *testing.T) {
	for name, raw := range flattenCases(t) {
		t.Run(name, func(t *testing.T) { agree(t, raw) })
	}
	// The fast path must be taken for what it is for, so that the
	// comparison above means something.
	cases := flattenCases(t)
	for _, name := range []string{"canvas", "nrgba-default", "nrgba-none", "every-filter", "rgb", "several-idat", "ancillary"} {
		if _, ok := flattenPNG(cases[name]); !ok {
			t.Errorf("%s did not take the fast path", name)
		}
	}
	for _, name := range []string{"bad-crc", "truncated", "no-iend", "bad-adler", "bad-data"} {
		if _, ok := flattenPNG(cases[name]); ok {
			t.Errorf("the fast path accepted %s", name)
		}
		if _, fe := decodeAndFlatten(cases[name]); fe == nil {
			t.Errorf("image/png accepted %s", name)
		}
	}
}

// agree fails t if flattenPNG accepts raw with a result decodeAndFlatten
// does not give.
func agree(t *testing.T, raw []byte) {
	t.Helper()
	fast, ok := flattenPNG(raw)
	slow, fe := decodeAndFlatten(raw)
	if !ok {
		return
	}
	if fe != nil {
		t.Fatalf("flattenPNG accepted what image/png refuses: %s", fe.Message)
	}
	if !bytes.Equal(fast, slow) {
		t.Fatalf("flattenPNG wrote %d bytes, the decode with image/png %d other bytes", len(fast), len(slow))
	}
}

// FuzzFlattenPNG looks for a PNG the fast path accepts differently from
// image/png.
func FuzzFlattenPNG(f *testing.F) {
	for _, raw := range flattenCases(f) {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) { agree(t, raw) })
}

// chunk returns one PNG chunk.
func chunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	writeChunk(&b, typ, data)
	return b.Bytes()
}

// withChunk inserts a chunk after IHDR (typ "" inserts a tEXt chunk
// between the first two IDATs instead, which image/png refuses).
func withChunk(raw []byte, typ string, data []byte) []byte {
	at := 8 + 25 // signature and IHDR
	if typ == "" {
		n := binary.BigEndian.Uint32(raw[at:])
		at += 12 + int(n)
		typ, data = "tEXt", []byte("k\x00v")
	}
	out := append([]byte{}, raw[:at]...)
	out = append(out, chunk(typ, data)...)
	return append(out, raw[at:]...)
}

// splitIDAT rewrites a one-IDAT PNG with its data in IDATs of n bytes.
func splitIDAT(t testing.TB, raw []byte, n int) []byte {
	at := 8 + 25
	for string(raw[at+4:at+8]) != "IDAT" {
		at += 12 + int(binary.BigEndian.Uint32(raw[at:]))
	}
	size := int(binary.BigEndian.Uint32(raw[at:]))
	data := raw[at+8 : at+8+size]
	out := append([]byte{}, raw[:at]...)
	for len(data) > 0 {
		k := min(n, len(data))
		out = append(out, chunk("IDAT", data[:k])...)
		data = data[k:]
	}
	return append(out, raw[at+12+size:]...)
}

// flip returns raw with one byte changed.
func flip(raw []byte, i int) []byte {
	out := bytes.Clone(raw)
	out[i] ^= 0x40
	return out
}

// flipIDAT changes byte i of the first IDAT's data (negative: from its
// end) and fixes the chunk's CRC, so that only the zlib stream is damaged.
func flipIDAT(raw []byte, i int) []byte {
	out := bytes.Clone(raw)
	at := 8 + 25
	for string(out[at+4:at+8]) != "IDAT" {
		at += 12 + int(binary.BigEndian.Uint32(out[at:]))
	}
	size := int(binary.BigEndian.Uint32(out[at:]))
	if i < 0 {
		i += size
	}
	out[at+8+i] ^= 0x40
	binary.BigEndian.PutUint32(out[at+8+size:], crc32.ChecksumIEEE(out[at+4:at+8+size]))
	return out
}

// everyFilterPNG writes img as an RGBA PNG whose row y has filter y mod 5,
// so that the fast path meets every filter: image/png's encoder picks
// filters by their output and rarely picks Average.
func everyFilterPNG(t testing.TB, img *image.NRGBA) []byte {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	var raw bytes.Buffer
	prev := make([]byte, 4*w)
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		ft := byte(y % 5)
		raw.WriteByte(ft)
		for i, x := range row {
			var a, b, c byte
			if i >= 4 {
				a, c = row[i-4], prev[i-4]
			}
			b = prev[i]
			var pred byte
			switch ft {
			case 1:
				pred = a
			case 2:
				pred = b
			case 3:
				pred = byte((int(a) + int(b)) / 2)
			case 4:
				p := int(a) + int(b) - int(c)
				pa, pb, pc := p-int(a), p-int(b), p-int(c)
				if pa < 0 {
					pa = -pa
				}
				if pb < 0 {
					pb = -pb
				}
				if pc < 0 {
					pc = -pc
				}
				switch {
				case pa <= pb && pa <= pc:
					pred = a
				case pb <= pc:
					pred = b
				default:
					pred = c
				}
			}
			raw.WriteByte(x - pred)
		}
		prev = row
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 6
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr[:])...)
	out = append(out, chunk("IDAT", z.Bytes())...)
	return append(out, chunk("IEND", nil)...)
}
