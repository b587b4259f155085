package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// maxSignatureSide is the largest width or height, in pixels, accepted for
// a drawn signature.
const maxSignatureSide = 4096

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// checkPNG walks the chunks of a PNG and checks what fpdf's PNG reader
// relies on but does not check itself: a whole, uncorrupted chunk
// structure (fpdf panics on a truncated one), an 8-bit-or-less,
// non-interlaced image of sane size, and image data before the end.
func checkPNG(b []byte) error {
	if !bytes.HasPrefix(b, pngSignature) {
		return errors.New("not a PNG")
	}
	b = b[len(pngSignature):]
	var colorType byte
	for first, sawData := true, false; ; first = false {
		if len(b) < 12 {
			return errors.New("truncated PNG")
		}
		n := binary.BigEndian.Uint32(b)
		if uint64(n) > uint64(len(b)-12) {
			return errors.New("truncated PNG")
		}
		typ, data := string(b[4:8]), b[8:8+n]
		if crc32.ChecksumIEEE(b[4:8+n]) != binary.BigEndian.Uint32(b[8+n:]) {
			return fmt.Errorf("PNG chunk %q: bad checksum", typ)
		}
		b = b[12+n:]
		switch {
		case first && typ != "IHDR":
			return errors.New("PNG does not start with IHDR")
		case typ == "IHDR":
			if err := checkIHDR(data); err != nil {
				return err
			}
			colorType = data[9]
		case typ == "tRNS" && (colorType == 0 && n < 2 || colorType == 2 && n < 6):
			return errors.New("PNG tRNS chunk too short")
		case typ == "pHYs" && n < 9:
			return errors.New("PNG pHYs chunk too short")
		case typ == "IDAT":
			sawData = true
		case typ == "IEND":
			if !sawData {
				return errors.New("PNG has no image data")
			}
			return nil
		}
	}
}

// checkIHDR checks a PNG header chunk's fields.
func checkIHDR(h []byte) error {
	if len(h) != 13 {
		return errors.New("PNG IHDR chunk has the wrong length")
	}
	w, ht := binary.BigEndian.Uint32(h), binary.BigEndian.Uint32(h[4:])
	depth, colorType := h[8], h[9]
	switch {
	case w == 0 || ht == 0 || w > maxSignatureSide || ht > maxSignatureSide:
		return fmt.Errorf("PNG is %d×%d pixels; each side must be 1 to %d", w, ht, maxSignatureSide)
	case depth > 8:
		return fmt.Errorf("PNG bit depth %d not supported; use 8", depth)
	case colorType != 0 && colorType != 2 && colorType != 3 && colorType != 4 && colorType != 6:
		return fmt.Errorf("PNG colour type %d not valid", colorType)
	case (colorType == 4 || colorType == 6) && depth != 8:
		return fmt.Errorf("PNG with alpha must have bit depth 8, not %d", depth)
	case h[10] != 0 || h[11] != 0:
		return errors.New("PNG compression or filter method not valid")
	case h[12] != 0:
		return errors.New("interlaced PNG not supported")
	}
	return nil
}
