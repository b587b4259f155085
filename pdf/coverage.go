package pdf

import (
	"encoding/binary"
	"errors"
)

// coverage is the set of Basic Multilingual Plane characters a font has
// glyphs for, one bit per code point.
type coverage [65536 / 64]uint64

// has reports whether the font has a glyph for c.
func (cv *coverage) has(c rune) bool {
	return c >= 0 && c < 65536 && cv[c/64]&(1<<(c%64)) != 0
}

var errCmap = errors.New("no readable Unicode BMP (3,1) format 4 cmap")

// readCoverage reads the Unicode BMP cmap subtable (platform 3, encoding 1,
// format 4) of a TrueType font: the same table fpdf maps characters with.
func readCoverage(ttf []byte) (cv *coverage, err error) {
	defer func() {
		if recover() != nil { // an offset out of range
			cv, err = nil, errCmap
		}
	}()
	u16 := func(o int) int { return int(binary.BigEndian.Uint16(ttf[o:])) }
	u32 := func(o int) int { return int(binary.BigEndian.Uint32(ttf[o:])) }
	cmap := -1
	for i := range u16(4) {
		rec := 12 + 16*i
		if string(ttf[rec:rec+4]) == "cmap" {
			cmap = u32(rec + 8)
		}
	}
	if cmap < 0 {
		return nil, errCmap
	}
	sub := -1
	for i := range u16(cmap + 2) {
		rec := cmap + 4 + 8*i
		if u16(rec) == 3 && u16(rec+2) == 1 && u16(cmap+u32(rec+4)) == 4 {
			sub = cmap + u32(rec+4)
		}
	}
	if sub < 0 {
		return nil, errCmap
	}
	segs := u16(sub+6) / 2
	ends, starts := sub+14, sub+16+2*segs
	deltas, rangeOffsets := starts+2*segs, starts+4*segs
	cv = new(coverage)
	for i := range segs {
		start, end := u16(starts+2*i), u16(ends+2*i)
		delta, ro := u16(deltas+2*i), u16(rangeOffsets+2*i)
		for c := start; c <= end && c != 0xFFFF; c++ {
			glyph := (c + delta) & 0xFFFF
			if ro != 0 {
				glyph = u16(rangeOffsets + 2*i + ro + 2*(c-start))
				if glyph != 0 {
					glyph = (glyph + delta) & 0xFFFF
				}
			}
			if glyph != 0 {
				cv[c/64] |= 1 << (c % 64)
			}
		}
	}
	return cv, nil
}
