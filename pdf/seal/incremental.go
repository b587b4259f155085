package seal

import (
	"slices"
	"strconv"
)

// update is an incremental update (ISO 32000-1, 7.5.6) being written: the
// original file, untouched, followed by new and rewritten objects, then a
// cross-reference section for them and a trailer pointing back at the
// original's.
type update struct {
	out     []byte
	written []written
}

// written is an object in the update and the offset it starts at.
type written struct {
	ref ref
	off int
}

// newUpdate starts an update of doc with room for about extra more bytes.
func newUpdate(doc []byte, extra int) *update {
	out := make([]byte, len(doc), len(doc)+extra)
	copy(out, doc)
	if n := len(out); n > 0 && out[n-1] != '\n' && out[n-1] != '\r' {
		out = append(out, '\n')
	}
	return &update{out: out, written: make([]written, 0, 4)}
}

// begin starts object r.
func (u *update) begin(r ref) {
	u.written = append(u.written, written{r, len(u.out)})
	u.out = strconv.AppendInt(u.out, int64(r.num), 10)
	u.out = append(u.out, ' ')
	u.out = strconv.AppendInt(u.out, int64(r.gen), 10)
	u.out = append(u.out, " obj\n"...)
}

// end ends the object begun last.
func (u *update) end() {
	u.out = append(u.out, "\nendobj\n"...)
}

// str appends s.
func (u *update) str(s string) { u.out = append(u.out, s...) }

// ref appends an indirect reference to r.
func (u *update) ref(r ref) {
	u.out = append(u.out, ' ')
	u.out = strconv.AppendInt(u.out, int64(r.num), 10)
	u.out = append(u.out, ' ')
	u.out = strconv.AppendInt(u.out, int64(r.gen), 10)
	u.out = append(u.out, " R"...)
}

// dictWithout appends "<<" and every entry of the dictionary d in src
// except those whose keys are in drop, byte for byte; the caller adds its
// own entries and the closing ">>".
func (u *update) dictWithout(src []byte, d object, drop ...string) error {
	u.str("<<")
	return eachEntry(src, d, func(key []byte, keyStart int, val object) bool {
		if !slices.Contains(drop, string(key)) {
			u.out = append(u.out, src[keyStart:val.end]...)
			u.out = append(u.out, '\n')
		}
		return true
	})
}

// finish appends the cross-reference section for the objects written and
// a trailer: the previous trailer's entries with /Size and /Prev replaced.
func (u *update) finish(x *xref, size int) error {
	slices.SortFunc(u.written, func(a, b written) int { return a.ref.num - b.ref.num })
	start := len(u.out)
	u.str("xref\n")
	for i := 0; i < len(u.written); {
		j := i + 1
		for j < len(u.written) && u.written[j].ref.num == u.written[j-1].ref.num+1 {
			j++
		}
		u.out = strconv.AppendInt(u.out, int64(u.written[i].ref.num), 10)
		u.out = append(u.out, ' ')
		u.out = strconv.AppendInt(u.out, int64(j-i), 10)
		u.out = append(u.out, '\n')
		for _, w := range u.written[i:j] {
			u.out = appendPadded(u.out, w.off, 10)
			u.out = append(u.out, ' ')
			u.out = appendPadded(u.out, w.ref.gen, 5)
			u.out = append(u.out, " n \n"...)
		}
		i = j
	}
	u.str("trailer\n")
	if err := u.dictWithout(x.doc, x.trailer, "Size", "Prev", "XRefStm"); err != nil {
		return err
	}
	u.str("/Size ")
	u.out = strconv.AppendInt(u.out, int64(size), 10)
	u.str("\n/Prev ")
	u.out = strconv.AppendInt(u.out, x.start, 10)
	u.str("\n>>\nstartxref\n")
	u.out = strconv.AppendInt(u.out, int64(start), 10)
	u.str("\n%%EOF\n")
	return nil
}

// appendPadded appends n in decimal, zero-padded to width digits.
func appendPadded(dst []byte, n, width int) []byte {
	var buf [20]byte
	digits := strconv.AppendInt(buf[:0], int64(n), 10)
	for range width - len(digits) {
		dst = append(dst, '0')
	}
	return append(dst, digits...)
}

// pageWithWidget writes the page object pageRef again with widgetRef
// added to its /Annots (annots is the page's current array, if any): the
// page a signature or document time-stamp field sits on.
func (u *update) pageWithWidget(doc []byte, pageRef ref, page, annots object, widgetRef ref) error {
	u.begin(pageRef)
	if err := u.dictWithout(doc, page, "Annots"); err != nil {
		return err
	}
	u.str("/Annots [")
	if annots.kind == kindArray {
		u.out = append(u.out, doc[annots.start+1:annots.end-1]...)
	}
	u.ref(widgetRef)
	u.str("]\n>>")
	u.end()
	return nil
}

// signatureValue writes, inside a begun signature dictionary, its head
// (e.g. "<</Type /Sig …"), a /ByteRange to fill in later and a /Contents
// of contentsLen hex zeros. It returns where the /ByteRange's numbers go
// and where the /Contents gap starts and ends (its angle brackets
// included).
func (u *update) signatureValue(head string, contentsLen int) (byteRange, gapStart, gapEnd int) {
	u.str(head + "\n/ByteRange [0")
	byteRange = len(u.out)
	for range byteRangeWidth {
		u.out = append(u.out, ' ')
	}
	u.str("]\n/Contents ")
	gapStart = len(u.out)
	u.out = append(u.out, '<')
	zeros := len(u.out)
	u.out = slices.Grow(u.out, contentsLen)[:zeros+contentsLen]
	for i := zeros; i < len(u.out); i++ {
		u.out[i] = '0'
	}
	u.out = append(u.out, '>')
	return byteRange, gapStart, len(u.out)
}

// finishField writes the invisible widget of a signature field (named
// field, its value sigRef, on pageRef), ends the update with its xref and
// trailer, and fills in the /ByteRange that signatureValue left at
// byteRange around the /Contents gap. It returns the whole document and
// the gap, for the caller to sign.
func (u *update) finishField(x *xref, size int, widgetRef, sigRef, pageRef ref, field string, byteRange, gapStart, gapEnd int) ([]byte, int, int, error) {
	u.begin(widgetRef)
	u.str("<</Type /Annot /Subtype /Widget /FT /Sig /T ")
	u.out = appendTextString(u.out, field)
	u.str(" /V")
	u.ref(sigRef)
	u.str(" /P")
	u.ref(pageRef)
	u.str(" /Rect [0 0 0 0] /F 132>>")
	u.end()

	if err := u.finish(x, size+2); err != nil {
		return nil, 0, 0, err
	}
	if err := fillByteRange(u.out[byteRange:byteRange+byteRangeWidth], gapStart, gapEnd, len(u.out)-gapEnd); err != nil {
		return nil, 0, 0, err
	}
	return u.out, gapStart, gapEnd, nil
}
