package seal

import (
	"bytes"
	"errors"
	"fmt"
)

// xref is the cross-reference information of a PDF file with classic
// cross-reference tables (ISO 32000-1, 7.5.4): where each object starts,
// across every revision, and the newest trailer.
type xref struct {
	doc      []byte
	sections []xrefSection // newest revision first
	trailer  object        // the newest trailer dictionary
	start    int64         // offset of the newest cross-reference table
	work     int           // bytes of objects read so far
}

// xrefSection is one subsection: count entries for objects first,
// first+1, ..., the first entry at pos.
type xrefSection struct{ first, count, pos int }

const (
	xrefEntrySize = 20 // bytes per entry, end of line included
	maxRevisions  = 64 // revisions followed through /Prev
	maxObjects    = 1 << 24
	// workPerByte bounds the bytes of objects read, per byte of the file,
	// so that a file naming one large object many times cannot make
	// reading it slow.
	workPerByte = 4
)

// errNoXref reports a file whose end holds no usable startxref: typically a
// truncated file.
var errNoXref = errors.New("no cross-reference table at the end of the file")

// readXref reads the cross-reference tables of doc, newest first.
func readXref(doc []byte) (*xref, error) {
	// Readers look in the last KiB (ISO 32000-1, 7.5.5); so do we, first:
	// searching all of a large file backwards takes a while.
	i := bytes.LastIndex(doc[max(0, len(doc)-1024):], []byte("startxref"))
	if i >= 0 {
		i += max(0, len(doc)-1024)
	} else if i = bytes.LastIndex(doc, []byte("startxref")); i < 0 {
		return nil, errNoXref
	}
	p := skipSpace(doc, i+len("startxref"))
	off, ok := parseInt(doc[p:regularEnd(doc, p)])
	if !ok {
		return nil, errNoXref
	}
	x := &xref{doc: doc, start: off}
	seen := make(map[int64]bool, 2)
	for range maxRevisions {
		if seen[off] {
			return nil, errors.New("the cross-reference tables form a loop")
		}
		seen[off] = true
		trailer, err := x.readSection(off)
		if err != nil {
			return nil, err
		}
		if x.trailer.kind == kindNone {
			x.trailer = trailer
		}
		prev, err := dictGet(doc, trailer, "Prev")
		if err != nil {
			return nil, err
		}
		if prev.kind == kindNone {
			return x, nil
		}
		if off, ok = intOf(doc, prev); !ok {
			return nil, fmt.Errorf("%w: /Prev is not an offset", errSyntax)
		}
	}
	return nil, errors.New("too many revisions")
}

// readSection reads the cross-reference table at off and returns its
// trailer dictionary.
func (x *xref) readSection(off int64) (object, error) {
	doc := x.doc
	if off < 0 || off >= int64(len(doc)) {
		return object{}, fmt.Errorf("cross-reference offset %d is outside the file", off)
	}
	pos := skipSpace(doc, int(off))
	if !bytes.HasPrefix(doc[pos:], []byte("xref")) {
		if n := regularEnd(doc, pos); n > pos && allDigits(doc[pos:n]) {
			return object{}, errors.New("cross-reference streams are not supported")
		}
		return object{}, fmt.Errorf("no cross-reference table at offset %d", off)
	}
	pos += len("xref")
	for {
		pos = skipSpace(doc, pos)
		if bytes.HasPrefix(doc[pos:], []byte("trailer")) {
			t, err := parseObject(doc, pos+len("trailer"))
			if err == nil && t.kind != kindDict {
				err = fmt.Errorf("%w: trailer is not a dictionary", errSyntax)
			}
			return t, err
		}
		firstEnd := regularEnd(doc, pos)
		countStart := skipSpace(doc, firstEnd)
		countEnd := regularEnd(doc, countStart)
		first, ok1 := parseInt(doc[pos:firstEnd])
		count, ok2 := parseInt(doc[countStart:countEnd])
		pos = skipSpace(doc, countEnd)
		if !ok1 || !ok2 || first < 0 || count < 0 || first+count > maxObjects ||
			count > int64(len(doc)-pos)/xrefEntrySize {
			return object{}, fmt.Errorf("%w: damaged cross-reference table at %d", errSyntax, pos)
		}
		x.sections = append(x.sections, xrefSection{int(first), int(count), pos})
		pos += int(count) * xrefEntrySize
	}
}

// offset returns where object r starts, as the newest revision that lists
// it says.
func (x *xref) offset(r ref) (int, error) {
	for _, s := range x.sections {
		if r.num < s.first || r.num >= s.first+s.count {
			continue
		}
		e := x.doc[s.pos+xrefEntrySize*(r.num-s.first):][:xrefEntrySize]
		off, ok1 := parseInt(e[0:10])
		gen, ok2 := parseInt(e[11:16])
		if !ok1 || !ok2 || off < 0 || e[10] != ' ' || e[16] != ' ' || (e[17] != 'n' && e[17] != 'f') {
			return 0, fmt.Errorf("%w: damaged cross-reference entry for object %d", errSyntax, r.num)
		}
		if e[17] == 'f' || gen != int64(r.gen) {
			return 0, fmt.Errorf("object %d %d is not in use", r.num, r.gen)
		}
		if off >= int64(len(x.doc)) {
			return 0, fmt.Errorf("object %d is outside the file", r.num)
		}
		return int(off), nil
	}
	return 0, fmt.Errorf("object %d %d is not in the cross-reference table", r.num, r.gen)
}

// object reads the indirect object r and returns its value.
func (x *xref) object(r ref) (object, error) {
	off, err := x.offset(r)
	if err != nil {
		return object{}, err
	}
	doc := x.doc
	numStart := skipSpace(doc, off)
	numEnd := regularEnd(doc, numStart)
	genStart := skipSpace(doc, numEnd)
	genEnd := regularEnd(doc, genStart)
	kwStart := skipSpace(doc, genEnd)
	kwEnd := regularEnd(doc, kwStart)
	num, ok1 := parseInt(doc[numStart:numEnd])
	gen, ok2 := parseInt(doc[genStart:genEnd])
	if !ok1 || !ok2 || num != int64(r.num) || gen != int64(r.gen) || string(doc[kwStart:kwEnd]) != "obj" {
		return object{}, fmt.Errorf("the cross-reference table does not point at object %d %d", r.num, r.gen)
	}
	o, err := parseObject(doc, kwEnd)
	if err != nil {
		return object{}, err
	}
	if x.work += o.end - off; x.work > workPerByte*len(doc)+1<<16 {
		return object{}, errors.New("the PDF structure is too complex")
	}
	return o, nil
}

// resolve returns o itself, or the object o refers to.
func (x *xref) resolve(o object) (object, error) {
	if o.kind != kindRef {
		return o, nil
	}
	r, ok := refOf(x.doc, o)
	if !ok {
		return object{}, fmt.Errorf("%w: bad reference at %d", errSyntax, o.start)
	}
	return x.object(r)
}

// resolveKind resolves o and requires an object of kind k.
func (x *xref) resolveKind(o object, k kind, what string) (object, error) {
	v, err := x.resolve(o)
	if err == nil && v.kind != k {
		err = fmt.Errorf("%w: %s has the wrong type", errSyntax, what)
	}
	return v, err
}
