package forms

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
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
	flat := image.NewRGBA(img.Bounds())
	draw.Draw(flat, flat.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(flat, flat.Bounds(), img, img.Bounds().Min, draw.Over)
	// flat is opaque, so image/png writes 8-bit RGB without alpha.
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&out, flat); err != nil {
		return nil, &FieldError{Code: "png", Message: "must be a PNG image"}
	}
	return out.Bytes(), nil
}
