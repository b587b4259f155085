package forms

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// Limits on a drawn signature.
const (
	// MaxSignaturePNGBytes is the largest decoded PNG accepted.
	MaxSignaturePNGBytes = 512 << 10
	// MaxDrawnPNGLength is the longest drawn_png text accepted: the base64
	// of a MaxSignaturePNGBytes PNG, with room for a data: URL prefix.
	MaxDrawnPNGLength = 700000
	// MaxSignatureWidth and MaxSignatureHeight bound the drawing in pixels,
	// so that a small file cannot expand into a huge image.
	MaxSignatureWidth  = 2000
	MaxSignatureHeight = 1000
)

// dataURLPrefix is accepted in front of the base64, as canvas.toDataURL
// produces it.
const dataURLPrefix = "data:image/png;base64,"

// normalizeSignaturePNG decodes a base64 PNG, checks its size and
// dimensions, and re-encodes it flattened onto white as a plain 8-bit RGB
// PNG, which every PDF writer embeds alike. The returned FieldError has no
// pointer; the caller sets it.
func normalizeSignaturePNG(b64 string) ([]byte, *FieldError) {
	b64 = strings.TrimPrefix(b64, dataURLPrefix)
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, &FieldError{Code: "base64", Message: "must be standard base64 (RFC 4648) of a PNG image"}
	}
	if len(raw) > MaxSignaturePNGBytes {
		return nil, &FieldError{Code: "too_large", Message: "must be a PNG of at most 512 KiB"}
	}
	if out, ok := flattenPNG(raw); ok {
		return out, nil
	}
	return decodeAndFlatten(raw)
}

// decodeAndFlatten is normalizeSignaturePNG for any PNG: decoded with
// image/png, whose errors decide what is refused, then flattened.
func decodeAndFlatten(raw []byte) ([]byte, *FieldError) {
	cfg, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return nil, &FieldError{Code: "png", Message: "must be a PNG image"}
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxSignatureWidth || cfg.Height > MaxSignatureHeight {
		return nil, &FieldError{Code: "dimensions", Message: "must be at most 2000 x 1000 pixels"}
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, &FieldError{Code: "png", Message: "must be a complete, undamaged PNG image"}
	}
	return flatRGBPNG(img), nil
}

// flatRGBPNG writes img flattened onto white as an 8-bit RGB PNG. It is
// written here rather than with image/png's encoder, whose per-row filter
// search was most of a submission's CPU time: every row gets the Up
// filter (a drawing's rows are mostly alike, so they turn to zeros) and
// the data is deflated at BestSpeed by a pooled writer. The result
// depends only on the pixels.
func flatRGBPNG(img image.Image) []byte {
	r := img.Bounds()
	w, h := r.Dx(), r.Dy()
	stride := 1 + 3*w
	raw := make([]byte, stride*h)
	prev := make([]byte, 3*w)
	row := make([]byte, 3*w)
	src, isNRGBA := img.(*image.NRGBA)
	var flat *image.RGBA
	if !isNRGBA {
		flat = image.NewRGBA(r)
		draw.Draw(flat, r, image.NewUniform(color.White), image.Point{}, draw.Src)
		draw.Draw(flat, r, img, r.Min, draw.Over)
	}
	for y := 0; y < h; y++ {
		if isNRGBA {
			flattenRow(row, src.Pix[y*src.Stride:y*src.Stride+4*w], 4)
		} else {
			px := flat.Pix[y*flat.Stride : y*flat.Stride+4*w]
			for x := 0; x < w; x++ {
				row[3*x], row[3*x+1], row[3*x+2] = px[4*x], px[4*x+1], px[4*x+2]
			}
		}
		out := raw[y*stride : (y+1)*stride]
		out[0] = 2 // Up
		for i := range row {
			out[1+i] = row[i] - prev[i]
		}
		prev, row = row, prev
	}
	var idat bytes.Buffer
	zw := zlibWriters.Get().(*zlib.Writer)
	zw.Reset(&idat)
	_, _ = zw.Write(raw)
	_ = zw.Close()
	zlibWriters.Put(zw)
	return flatPNGFile(w, h, idat.Bytes())
}

// flatPNGFile writes an 8-bit RGB PNG of w × h pixels around its deflated
// image data.
func flatPNGFile(w, h int, idat []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(idat) + 64)
	out.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB; deflate, adaptive filters, no interlace
	writeChunk(&out, "IHDR", ihdr[:])
	writeChunk(&out, "IDAT", idat)
	writeChunk(&out, "IEND", nil)
	return out.Bytes()
}

// zlibWriters are BestSpeed compressors (klauspost's, about twice as fast
// as the standard library's on these rows), reused: each holds about a
// megabyte of state.
var zlibWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return zw
}}

// writeChunk writes one PNG chunk: length, type, data, CRC.
func writeChunk(b *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}
