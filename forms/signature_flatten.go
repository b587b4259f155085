package forms

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
	"strconv"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// flattenPNG is the fast path of normalizeSignaturePNG for what canvases
// send: an 8-bit RGB or RGBA PNG, not interlaced, without a transparency
// chunk. It inflates, unfilters, flattens onto white and re-filters the
// rows in one pass, straight into the deflate stream of the flat RGB PNG
// that flatRGBPNG writes from a decoded image (the same bytes), instead of
// decoding into an image with image/png first: that decode and the
// standard library's deflate were most of the cost of a drawn signature.
// It reports ok=false for any other PNG and for any damage, and the caller
// then decodes with image/png, which stays the judge of what is refused
// and why (TestFlattenPNGAgreesWithImagePNG and its fuzz target compare
// the two).
func flattenPNG(raw []byte) (out []byte, ok bool) {
	idat, w, h, bpp, ok := pngParts(raw)
	if !ok {
		return nil, false
	}
	zr := zlibReaders.Get().(*pooledReader)
	defer zlibReaders.Put(zr)
	if err := zr.reset(idat); err != nil {
		return nil, false
	}
	stride := 1 + bpp*w
	cur, prev := make([]byte, stride), make([]byte, stride)
	rgb, prevRGB := make([]byte, 1+3*w), make([]byte, 1+3*w)
	var deflated bytes.Buffer
	deflated.Grow(16 << 10)
	zw := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(zw)
	zw.Reset(&deflated)
	for y := 0; y < h; y++ {
		if _, err := io.ReadFull(zr.r, cur); err != nil {
			return nil, false
		}
		if !unfilter(cur, prev, bpp) {
			return nil, false
		}
		flattenRow(rgb[1:], cur[1:], bpp)
		out := prevRGB // written over: the Up filter of this row
		out[0] = 2
		subBytes(out[1:], rgb[1:], prevRGB[1:])
		if _, err := zw.Write(out); err != nil {
			return nil, false
		}
		// out (the old prevRGB) is spent; rgb becomes the previous row.
		rgb, prevRGB = out, rgb
		cur, prev = prev, cur
	}
	// The image data must end here, with a good checksum (image/png: "too
	// much pixel data" otherwise).
	var one [1]byte
	if n, err := zr.r.Read(one[:]); n != 0 || err != io.EOF {
		return nil, false
	}
	if err := zw.Close(); err != nil {
		return nil, false
	}
	return flatPNGFile(w, h, deflated.Bytes()), true
}

// pngParts checks raw's chunk structure as image/png reads it (signature,
// IHDR first, consecutive IDATs, IEND, every CRC) and returns the
// concatenated IDAT data and the image's size and bytes per pixel. It
// reports ok=false for anything but an 8-bit RGB or RGBA image, not
// interlaced, whose only other chunks are ancillary ones image/png
// ignores.
func pngParts(raw []byte) (idat []byte, w, h, bpp int, ok bool) {
	const sig = "\x89PNG\r\n\x1a\n"
	if len(raw) < len(sig) || string(raw[:len(sig)]) != sig {
		return nil, 0, 0, 0, false
	}
	p := raw[len(sig):]
	seenIHDR, inIDAT, doneIDAT := false, false, false
	var data []byte
	owned := false // whether data is a copy, not a slice of raw
	for {
		if len(p) < 12 {
			return nil, 0, 0, 0, false
		}
		n := binary.BigEndian.Uint32(p)
		if n > 0x7fffffff || uint64(len(p)) < 12+uint64(n) {
			return nil, 0, 0, 0, false
		}
		typ, body := string(p[4:8]), p[8:8+n]
		if crc32.ChecksumIEEE(p[4:8+n]) != binary.BigEndian.Uint32(p[8+n:]) {
			return nil, 0, 0, 0, false
		}
		p = p[12+n:]
		switch {
		case typ == "IHDR":
			if seenIHDR || n != 13 {
				return nil, 0, 0, 0, false
			}
			seenIHDR = true
			w, h = int(binary.BigEndian.Uint32(body)), int(binary.BigEndian.Uint32(body[4:]))
			depth, ct, cm, fm, im := body[8], body[9], body[10], body[11], body[12]
			if w < 1 || h < 1 || w > MaxSignatureWidth || h > MaxSignatureHeight ||
				depth != 8 || cm != 0 || fm != 0 || im != 0 {
				return nil, 0, 0, 0, false
			}
			switch ct {
			case 2:
				bpp = 3
			case 6:
				bpp = 4
			default:
				return nil, 0, 0, 0, false
			}
		case !seenIHDR:
			return nil, 0, 0, 0, false
		case typ == "IDAT":
			if doneIDAT {
				return nil, 0, 0, 0, false
			}
			inIDAT = true
			switch {
			case data == nil:
				data = body // most canvases write one IDAT: no copy
			case !owned:
				// A copy before the first append, which would otherwise
				// write over raw past the first IDAT; then appends.
				data, owned = append(bytes.Clone(data), body...), true
			default:
				data = append(data, body...)
			}
		case typ == "IEND":
			if !inIDAT {
				return nil, 0, 0, 0, false
			}
			return data, w, h, bpp, true
		case typ == "tRNS" || typ == "PLTE" || typ[0] < 'a':
			// transparency, a palette or a critical chunk: image/png's
			// business
			return nil, 0, 0, 0, false
		default: // an ancillary chunk, which image/png skips
			if inIDAT {
				doneIDAT = true
			}
		}
	}
}

// unfilter reverses the PNG filter of one row (cur[0] names it) in place,
// given the previous row already unfiltered (zeros above the first).
func unfilter(cur, prev []byte, bpp int) bool {
	c, pr := cur[1:], prev[1:]
	switch cur[0] {
	case 0:
	case 1: // Sub
		for i := bpp; i < len(c); i++ {
			c[i] += c[i-bpp]
		}
	case 2: // Up
		addBytes(c, c, pr)
	case 3: // Average
		for i := 0; i < bpp; i++ {
			c[i] += pr[i] / 2
		}
		for i := bpp; i < len(c); i++ {
			c[i] += byte((int(c[i-bpp]) + int(pr[i])) / 2)
		}
	case 4: // Paeth
		paethRow(c, pr, bpp)
	default:
		return false
	}
	return true
}

// paethRow reverses the Paeth filter of row c over the previous row pr,
// one channel at a time, as image/png's filterPaeth does (copied from Go's
// image/png/paeth.go, BSD licence): that order keeps the left and
// upper-left bytes in registers, several times faster than a predictor
// function per byte.
func paethRow(c, pr []byte, bpp int) {
	var a, b, d, pa, pb, pc int
	for i := 0; i < bpp; i++ {
		a, d = 0, 0
		for j := i; j < len(c); j += bpp {
			b = int(pr[j])
			pa = b - d
			pb = a - d
			pc = abs(pa + pb)
			pa = abs(pa)
			pb = abs(pb)
			if pa <= pb && pa <= pc {
				// a
			} else if pb <= pc {
				a = b
			} else {
				a = d
			}
			a += int(c[j])
			a &= 0xff
			c[j] = uint8(a)
			d = b
		}
	}
}

// abs is |x| without a branch.
func abs(x int) int {
	m := x >> (strconv.IntSize - 1)
	return (x ^ m) - m
}

// flattenRow writes the RGB of one unfiltered row of bpp-byte pixels over
// white into dst, as flatRGBPNG does for a decoded image.
func flattenRow(dst, src []byte, bpp int) {
	if bpp == 3 {
		copy(dst, src)
		return
	}
	for x, o := 0, 0; o < len(dst); x, o = x+4, o+3 {
		// Two pixels of paper at once: most of a drawing.
		if x+8 <= len(src) && binary.LittleEndian.Uint64(src[x:])&0xff000000ff000000 == 0 {
			copy(dst[o:o+6], "\xff\xff\xff\xff\xff\xff")
			x, o = x+4, o+3
			continue
		}
		p := src[x : x+4 : x+4]
		d := dst[o : o+3 : o+3]
		switch a := uint32(p[3]); a {
		case 0: // most of a drawing: paper
			d[0], d[1], d[2] = 0xff, 0xff, 0xff
		case 0xff:
			d[0], d[1], d[2] = p[0], p[1], p[2]
		default: // over white: c·a + 255·(1−a), rounded
			bg := 255*(255-a) + 127
			d[0] = byte((uint32(p[0])*a + bg) / 255)
			d[1] = byte((uint32(p[1])*a + bg) / 255)
			d[2] = byte((uint32(p[2])*a + bg) / 255)
		}
	}
}

// addBytes sets dst[i] = a[i] + b[i] (mod 256), eight bytes at a time:
// the low seven bits of each byte add without carrying into the next, and
// the top bit is their sum's top bit xor a's and b's.
func addBytes(dst, a, b []byte) {
	const hi = 0x8080808080808080
	i := 0
	for ; i+8 <= len(dst); i += 8 {
		x, y := binary.LittleEndian.Uint64(a[i:]), binary.LittleEndian.Uint64(b[i:])
		binary.LittleEndian.PutUint64(dst[i:], ((x&^hi)+(y&^hi))^((x^y)&hi))
	}
	for ; i < len(dst); i++ {
		dst[i] = a[i] + b[i]
	}
}

// subBytes sets dst[i] = a[i] - b[i] (mod 256), eight bytes at a time:
// each byte of a with its top bit set cannot borrow from the next, and the
// top bit is then corrected as in addBytes.
func subBytes(dst, a, b []byte) {
	const hi = 0x8080808080808080
	i := 0
	for ; i+8 <= len(dst); i += 8 {
		x, y := binary.LittleEndian.Uint64(a[i:]), binary.LittleEndian.Uint64(b[i:])
		binary.LittleEndian.PutUint64(dst[i:], ((x|hi)-(y&^hi))^((x^^y)&hi))
	}
	for ; i < len(dst); i++ {
		dst[i] = a[i] - b[i]
	}
}

// pooledReader is a zlib reader over a bytes.Reader, reset for each use.
type pooledReader struct {
	src bytes.Reader
	r   io.ReadCloser
}

func (p *pooledReader) reset(data []byte) error {
	p.src.Reset(data)
	if p.r == nil {
		r, err := zlib.NewReader(&p.src)
		if err != nil {
			return err
		}
		p.r = r
		return nil
	}
	return p.r.(zlib.Resetter).Reset(&p.src, nil)
}

// zlibReaders are inflaters, reused: each holds its window and tables.
var zlibReaders = sync.Pool{New: func() any { return new(pooledReader) }}
