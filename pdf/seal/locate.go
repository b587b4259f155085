package seal

import (
	"bytes"
	"errors"
	"time"
)

// sigDict is a signature dictionary found in a PDF.
type sigDict struct {
	byteRange    []int64
	contents     object // the /Contents hex string; kindNone if not known
	name, reason string
	subFilter    string    // the /SubFilter name, without the slash
	signedAt     time.Time // the /M date; zero when absent or unreadable
	signatures   int       // signed signature fields in the form, document time-stamps aside
	docTimestamp bool      // /Type /DocTimeStamp or /SubFilter /ETSI.RFC3161
	field        string    // the field's /T
}

// isDocTimestamp reports whether a signature dictionary with this /Type
// and /SubFilter is a document time-stamp (ISO 32000-2, 12.8.5).
func isDocTimestamp(typ, subFilter string) bool {
	return typ == "DocTimeStamp" || subFilter == "ETSI.RFC3161"
}

const (
	maxFields     = 256 // form fields looked at
	maxRanges     = 16  // numbers in a /ByteRange
	maxScanned    = 16  // "/ByteRange" occurrences tried by the fallback
	maxFieldDepth = 8
)

// findSignature returns the signature dictionary that covers the most of
// doc. It looks the way a PDF reader does: trailer, catalog, /AcroForm,
// its signature fields and their values. When that way finds nothing, it
// falls back to searching the bytes for a /ByteRange, so that a truncated
// or damaged file can still be diagnosed; damage then says why the first
// way failed.
func findSignature(doc []byte) (sig *sigDict, damage error) {
	sigs, err := signaturesFromForm(doc)
	if err == nil {
		signatures := 0
		for _, s := range sigs {
			if s.docTimestamp {
				continue
			}
			signatures++
			if sig == nil || s.end() > sig.end() {
				sig = s
			}
		}
		if sig != nil {
			sig.signatures = signatures
			return sig, nil
		}
	}
	if err == nil {
		err = errors.New("the signature is not part of the document's form")
	}
	return signatureFromScan(doc), err
}

// signaturesFromForm finds every signed signature field through the
// document's form, in the form's order.
func signaturesFromForm(doc []byte) ([]*sigDict, error) {
	x, err := readXref(doc)
	if err != nil {
		return nil, err
	}
	_, cat, err := x.catalog()
	if err != nil {
		return nil, err
	}
	form, err := dictGet(doc, cat, "AcroForm")
	if err != nil || form.kind == kindNone {
		return nil, err
	}
	if form, err = x.resolveKind(form, kindDict, "/AcroForm"); err != nil {
		return nil, err
	}
	fields, err := dictGet(doc, form, "Fields")
	if err == nil {
		fields, err = x.resolveKind(fields, kindArray, "/Fields")
	}
	if err != nil {
		return nil, err
	}
	type item struct {
		field object
		depth int
	}
	var queue []item
	add := func(arr object, depth int) error {
		return eachElement(doc, arr, func(el object) bool {
			queue = append(queue, item{el, depth})
			return len(queue) < maxFields
		})
	}
	if err := add(fields, 0); err != nil {
		return nil, err
	}
	var sigs []*sigDict
	for n := 0; n < len(queue) && n < maxFields; n++ {
		f, err := x.resolveKind(queue[n].field, kindDict, "a form field")
		if err != nil {
			return nil, err
		}
		sig, err := fieldSignature(x, f)
		if err != nil {
			return nil, err
		}
		if sig != nil {
			sigs = append(sigs, sig)
		}
		kids, err := dictGet(doc, f, "Kids")
		if err == nil && kids.kind != kindNone && queue[n].depth < maxFieldDepth {
			if kids, err = x.resolveKind(kids, kindArray, "/Kids"); err == nil {
				err = add(kids, queue[n].depth+1)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return sigs, nil
}

// fieldSignature returns the signature dictionary of the form field f, or
// nil when f is not a signed signature field.
func fieldSignature(x *xref, f object) (*sigDict, error) {
	doc := x.doc
	ft, err := dictGet(doc, f, "FT")
	if err != nil || !nameIs(doc, ft, "Sig") {
		return nil, err
	}
	v, err := dictGet(doc, f, "V")
	if err != nil || v.kind == kindNone {
		return nil, err
	}
	if v, err = x.resolveKind(v, kindDict, "a signature value"); err != nil {
		return nil, err
	}
	var sig sigDict
	var byteRange object
	var typ string
	if t, err := dictGet(doc, f, "T"); err == nil {
		sig.field = textString(doc, t)
	}
	err = eachEntry(doc, v, func(key []byte, _ int, val object) bool {
		switch string(key) {
		case "ByteRange":
			byteRange = val
		case "Contents":
			sig.contents = val
		case "Name":
			sig.name = textString(doc, val)
		case "Reason":
			sig.reason = textString(doc, val)
		case "SubFilter":
			if val.kind == kindName {
				sig.subFilter = string(doc[val.start+1 : val.end])
			}
		case "Type":
			if val.kind == kindName {
				typ = string(doc[val.start+1 : val.end])
			}
		case "M":
			sig.signedAt = parseDate(textString(doc, val))
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	sig.docTimestamp = isDocTimestamp(typ, sig.subFilter)
	if byteRange, err = x.resolveKind(byteRange, kindArray, "/ByteRange"); err != nil {
		return nil, err
	}
	if sig.byteRange = byteRangeOf(doc, byteRange); sig.byteRange == nil {
		return nil, errors.New("the signature's /ByteRange is malformed")
	}
	return &sig, nil
}

// signatureFromScan finds the last /ByteRange in doc that holds a usable
// array.
func signatureFromScan(doc []byte) *sigDict {
	end := len(doc)
	for range maxScanned {
		i := bytes.LastIndex(doc[:end], []byte("/ByteRange"))
		if i < 0 {
			return nil
		}
		arr, err := parseObject(doc, i+len("/ByteRange"))
		if err == nil && arr.kind == kindArray {
			if br := byteRangeOf(doc, arr); br != nil {
				return &sigDict{byteRange: br}
			}
		}
		end = i
	}
	return nil
}

// byteRangeOf returns the pairs of offset and length in the array a, or nil
// unless a holds an even number of integers, at least two and at most
// maxRanges.
func byteRangeOf(doc []byte, a object) []int64 {
	var br []int64
	ok := true
	err := eachElement(doc, a, func(el object) bool {
		n, isInt := intOf(doc, el)
		ok = isInt && len(br) < maxRanges
		br = append(br, n)
		return ok
	})
	if err != nil || !ok || len(br) < 2 || len(br)%2 != 0 {
		return nil
	}
	return br
}

// end is where the last range of sig ends.
func (sig *sigDict) end() int64 {
	n := len(sig.byteRange)
	return sig.byteRange[n-2] + sig.byteRange[n-1]
}
