package seal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
)

// This file writes document time-stamps (ISO 32000-2, 12.8.5; ETSI EN
// 319 142-1, 5.4.3): a signature field whose value is a /DocTimeStamp
// dictionary, SubFilter ETSI.RFC3161, whose /Contents is an RFC 3161
// token over the SHA-256 of every byte of the file but the token itself.
// It is what makes a seal PAdES B-LTA, and what re-time-stamping adds.

// docTimestampFieldName names the n-th document time-stamp field.
func docTimestampFieldName(n int) string {
	return "Consentry document time-stamp " + strconv.Itoa(n)
}

// addDocumentTimestamp returns doc with an incremental update appended
// that holds a document time-stamp from tsa. Its errors wrap
// ErrTimestampUnavailable when the TSA gives no good token.
func addDocumentTimestamp(ctx context.Context, tsa Timestamper, doc []byte) ([]byte, error) {
	if tsa == nil {
		return nil, errors.New("seal: a document time-stamp needs a TSA")
	}
	out, gapStart, gapEnd, err := prepareDocTimestamp(doc, 2*timestampReserve)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	h := sha256.New()
	h.Write(out[:gapStart])
	h.Write(out[gapEnd:])
	tok, _, err := timestampDigest(ctx, tsa, h.Sum(nil))
	if err != nil {
		return nil, err
	}
	if 2*len(tok) > gapEnd-gapStart-2 {
		return nil, fmt.Errorf("seal: the document time-stamp (%d bytes) outgrew its room (%d)", len(tok), timestampReserve)
	}
	hex.Encode(out[gapStart+1:], tok)
	return out, nil
}

// prepareDocTimestamp appends to a copy of doc the incremental update that
// carries a document time-stamp: the catalog with its /AcroForm's
// /Fields grown by a new signature field, the first page with the
// field's widget added to its /Annots, and the /DocTimeStamp dictionary
// with its /ByteRange filled in and contentsLen zeros of /Contents. It
// returns the result and the span [gapStart, gapEnd) of the /Contents hex
// string.
func prepareDocTimestamp(doc []byte, contentsLen int) (out []byte, gapStart, gapEnd int, err error) {
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
	if err == nil && form.kind != kindNone {
		form, err = x.resolveKind(form, kindDict, "/AcroForm")
	}
	if err != nil {
		return nil, 0, 0, err
	}
	fields := object{}
	if form.kind == kindDict {
		if fields, err = dictGet(doc, form, "Fields"); err == nil && fields.kind != kindNone {
			fields, err = x.resolveKind(fields, kindArray, "/Fields")
		}
		if err != nil {
			return nil, 0, 0, err
		}
	}
	sigs, err := signaturesFromForm(doc)
	if err != nil {
		return nil, 0, 0, err
	}
	n := 1
	for _, s := range sigs {
		if s.docTimestamp {
			n++
		}
	}
	pageRef, page, annots, err := x.firstPageAnnots(doc, cat)
	if err != nil {
		return nil, 0, 0, err
	}

	sigRef, widgetRef := ref{size, 0}, ref{size + 1, 0}
	extra := contentsLen + 1024 + (cat.end - cat.start) + (page.end - page.start) + (annots.end - annots.start) +
		(form.end - form.start)
	u := newUpdate(doc, extra)

	u.begin(catRef)
	if err := u.dictWithout(doc, cat, "AcroForm"); err != nil {
		return nil, 0, 0, err
	}
	u.str("/AcroForm ")
	if form.kind == kindDict {
		if err := u.dictWithout(doc, form, "Fields", "SigFlags"); err != nil {
			return nil, 0, 0, err
		}
	} else {
		u.str("<<")
	}
	u.str("/Fields [")
	if fields.kind == kindArray {
		u.out = append(u.out, doc[fields.start+1:fields.end-1]...)
	}
	u.ref(widgetRef)
	u.str("] /SigFlags 3>>\n>>")
	u.end()

	if err := u.pageWithWidget(doc, pageRef, page, annots, widgetRef); err != nil {
		return nil, 0, 0, err
	}

	u.begin(sigRef)
	byteRange, gapStart, gapEnd := u.signatureValue("<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161", contentsLen)
	u.str("\n>>")
	u.end()

	return u.finishField(x, size, widgetRef, sigRef, pageRef, docTimestampFieldName(n), byteRange, gapStart, gapEnd)
}
