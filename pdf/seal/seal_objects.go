package seal

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// prepareSeal appends to a copy of doc the incremental update that carries
// a seal: the catalog with a new /AcroForm, the first page with the widget
// added to its /Annots, the signature dictionary with its /ByteRange filled
// in and contentsLen zeros of /Contents, and the widget. It returns the
// result and the span [gapStart, gapEnd) of the /Contents hex string, the
// one part of the file the signature does not cover.
func prepareSeal(doc []byte, at time.Time, name, reason string, contentsLen int) (out []byte, gapStart, gapEnd int, err error) {
	x, err := readXref(doc)
	if err != nil {
		return nil, 0, 0, err
	}
	size, err := trailerSize(x)
	if err != nil {
		return nil, 0, 0, err
	}
	catRef, cat, err := x.catalog()
	if err != nil {
		return nil, 0, 0, err
	}
	form, err := dictGet(doc, cat, "AcroForm")
	if err != nil {
		return nil, 0, 0, err
	}
	if form.kind != kindNone {
		return nil, 0, 0, errors.New("the document already has a form (is it sealed already?)")
	}
	pageRef, page, annots, err := x.firstPageAnnots(doc, cat)
	if err != nil {
		return nil, 0, 0, err
	}

	sigRef, widgetRef := ref{size, 0}, ref{size + 1, 0}
	extra := contentsLen + 1024 + (cat.end - cat.start) + (page.end - page.start) + (annots.end - annots.start) +
		2*(len(name)+len(reason))
	u := newUpdate(doc, extra)

	u.begin(catRef)
	if err := u.dictWithout(doc, cat); err != nil {
		return nil, 0, 0, err
	}
	u.str("/AcroForm <</Fields [")
	u.ref(widgetRef)
	u.str("] /SigFlags 3>>\n>>")
	u.end()

	if err := u.pageWithWidget(doc, pageRef, page, annots, widgetRef); err != nil {
		return nil, 0, 0, err
	}

	u.begin(sigRef)
	byteRange, gapStart, gapEnd := u.signatureValue("<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached", contentsLen)
	u.str("\n/M ")
	u.out = appendDate(u.out, at)
	if name != "" {
		u.str("\n/Name ")
		u.out = appendTextString(u.out, name)
	}
	if reason != "" {
		u.str("\n/Reason ")
		u.out = appendTextString(u.out, reason)
	}
	u.str("\n>>")
	u.end()

	return u.finishField(x, size, widgetRef, sigRef, pageRef, sealFieldName, byteRange, gapStart, gapEnd)
}

// trailerSize returns the trailer's /Size: one more than the highest
// object number in use.
func trailerSize(x *xref) (int, error) {
	if enc, err := dictGet(x.doc, x.trailer, "Encrypt"); err != nil || enc.kind != kindNone {
		return 0, errors.New("encrypted PDFs are not supported")
	}
	o, err := dictGet(x.doc, x.trailer, "Size")
	if err != nil {
		return 0, err
	}
	size, ok := intOf(x.doc, o)
	if !ok || size < 1 || size > maxObjects {
		return 0, fmt.Errorf("%w: the trailer has no usable /Size", errSyntax)
	}
	return int(size), nil
}

// fillByteRange writes " a b c" into the blanks dst, left-aligned.
func fillByteRange(dst []byte, a, b, c int) error {
	var buf [byteRangeWidth + 3]byte
	s := buf[:0]
	for _, n := range [3]int{a, b, c} {
		s = append(s, ' ')
		s = strconv.AppendInt(s, int64(n), 10)
	}
	if len(s) > len(dst) {
		return errors.New("the file is too large to seal")
	}
	copy(dst, s)
	return nil
}
