package pdf_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"

	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

func TestRenderRejects(t *testing.T) {
	valid := pdftest.PNG(t, 60, 20)
	tests := []struct {
		name   string
		change func(r *pdf.Record)
		want   error // a sentinel the error wraps, or nil for any error
	}{
		{"no form", func(r *pdf.Record) { r.Form = nil }, pdf.ErrIncompleteRecord},
		{"no id", func(r *pdf.Record) { r.ID = "" }, pdf.ErrIncompleteRecord},
		{"no signer", func(r *pdf.Record) { r.Signers = nil }, pdf.ErrIncompleteRecord},
		{"missing initials", func(r *pdf.Record) { delete(r.Initials, "risks") }, pdf.ErrIncompleteRecord},
		{"missing clause decision", func(r *pdf.Record) { delete(r.Clauses, "research") }, pdf.ErrIncompleteRecord},
		{"emoji in a name", func(r *pdf.Record) { r.Signers[0].Name = "José 🙂" }, pdf.ErrUnsupportedText},
		{"private use character in a name", func(r *pdf.Record) { r.Patient.FamilyName = "حداد\uE000" }, pdf.ErrUnsupportedText},
		{"unassigned code point in an answer", func(r *pdf.Record) { r.Fields[0].Value = "王\u0378" }, pdf.ErrUnsupportedText},
		{"not a PNG", func(r *pdf.Record) { r.Signers[0].DrawnPNG = []byte("GIF89a not a png at all") }, nil},
		{"truncated PNG", func(r *pdf.Record) { r.Signers[0].DrawnPNG = valid[:len(valid)/2] }, nil},
		{"PNG with a bad checksum", func(r *pdf.Record) {
			bad := bytes.Clone(valid)
			bad[len(bad)-20] ^= 0xFF
			r.Signers[0].DrawnPNG = bad
		}, nil},
		{"interlaced PNG", func(r *pdf.Record) { r.Signers[0].DrawnPNG = rawPNG(t, 4, 4, 6, 1, rgbaRows(4, 4)) }, nil},
		{"PNG too large", func(r *pdf.Record) { r.Signers[0].DrawnPNG = rawPNG(t, 5000, 1, 6, 0, rgbaRows(5000, 1)) }, nil},
		{"palette PNG without a palette", func(r *pdf.Record) { r.Signers[0].DrawnPNG = rawPNG(t, 4, 4, 3, 0, rows(4, 4, 1)) }, nil},
		{"PNG with too little image data", func(r *pdf.Record) { r.Signers[0].DrawnPNG = rawPNG(t, 40, 40, 6, 0, []byte{0, 1, 2}) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := pdftest.Record(t)
			tt.change(r)
			var buf bytes.Buffer
			pages, err := pdf.Render(&buf, r)
			if err == nil {
				t.Fatal("Render succeeded")
			}
			t.Logf("error: %v", err)
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %q does not wrap %q", err, tt.want)
			}
			if pages != 0 || buf.Len() != 0 {
				t.Errorf("Render wrote %d bytes and reported %d pages on error", buf.Len(), pages)
			}
		})
	}
}

func TestRenderAcceptsPNGKinds(t *testing.T) {
	tests := []struct {
		name string
		png  []byte
	}{
		{"RGB, as forms makes it", pdftest.PNG(t, 600, 200)},
		{"RGBA", pdftest.AlphaPNG(t, 600, 200)},
		{"RGB by hand", rawPNG(t, 8, 4, 2, 0, rows(8, 4, 3))},
		{"gray", rawPNG(t, 8, 4, 0, 0, rows(8, 4, 1))},
		{"gray with alpha", rawPNG(t, 8, 4, 4, 0, rows(8, 4, 2))},
		{"one pixel", rawPNG(t, 1, 1, 6, 0, rgbaRows(1, 1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdftest.Render(t, pdftest.RecordWithPNG(t, tt.png))
		})
	}
}

// rawPNG builds a PNG by hand with the given IHDR fields and the given
// uncompressed scanlines, which need not match the header.
func rawPNG(tb testing.TB, w, h int, colorType, interlace byte, scanlines []byte) []byte {
	tb.Helper()
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9], ihdr[12] = 8, colorType, interlace
	var idat bytes.Buffer
	zw := zlib.NewWriter(&idat)
	if _, err := zw.Write(scanlines); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	b := bytes.Clone(pdf.PNGSignature)
	b = appendChunk(b, "IHDR", ihdr)
	b = appendChunk(b, "IDAT", idat.Bytes())
	return appendChunk(b, "IEND", nil)
}

// appendChunk appends one PNG chunk with its length and checksum.
func appendChunk(b []byte, typ string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	start := len(b)
	b = append(append(b, typ...), data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}

// rows returns h unfiltered scanlines of w pixels of n bytes each.
func rows(w, h, n int) []byte {
	b := make([]byte, 0, h*(1+w*n))
	for y := range h {
		b = append(b, 0)
		for x := range w * n {
			b = append(b, byte(x*7+y*13))
		}
	}
	return b
}

// rgbaRows returns h unfiltered scanlines of w RGBA pixels.
func rgbaRows(w, h int) []byte { return rows(w, h, 4) }
