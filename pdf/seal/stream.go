package seal

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
)

// maxStream bounds the decoded bytes of one stream read from a PDF: a DSS
// holds certificates, OCSP responses and CRLs, none near this size.
const maxStream = 4 << 20

// stream reads the stream object r: its dictionary and its data, decoded
// when its only filter is /FlateDecode. A stream with another filter is an
// error.
func (x *xref) stream(r ref) (dict object, data []byte, err error) {
	d, err := x.object(r)
	if err != nil {
		return object{}, nil, err
	}
	if d.kind != kindDict {
		return object{}, nil, fmt.Errorf("%w: object %d is not a stream", errSyntax, r.num)
	}
	doc := x.doc
	pos := skipSpace(doc, d.end)
	if !bytes.HasPrefix(doc[pos:], []byte("stream")) {
		return object{}, nil, fmt.Errorf("%w: object %d is not a stream", errSyntax, r.num)
	}
	pos += len("stream")
	switch {
	case bytes.HasPrefix(doc[pos:], []byte("\r\n")):
		pos += 2
	case pos < len(doc) && doc[pos] == '\n':
		pos++
	default:
		return object{}, nil, fmt.Errorf("%w: the stream keyword of object %d ends badly", errSyntax, r.num)
	}
	lo, err := dictGet(doc, d, "Length")
	if err != nil {
		return object{}, nil, err
	}
	if lo, err = x.resolve(lo); err != nil {
		return object{}, nil, err
	}
	n, ok := intOf(doc, lo)
	if !ok || n < 0 || n > int64(len(doc)-pos) {
		return object{}, nil, fmt.Errorf("%w: object %d has no usable /Length", errSyntax, r.num)
	}
	if x.work += int(n); x.work > workPerByte*len(doc)+1<<16 {
		return object{}, nil, errors.New("the PDF structure is too complex")
	}
	data = doc[pos : pos+int(n)]
	filter, err := dictGet(doc, d, "Filter")
	if err != nil {
		return object{}, nil, err
	}
	if filter.kind == kindArray {
		var only object
		count := 0
		if err := eachElement(doc, filter, func(el object) bool { only = el; count++; return count < 2 }); err != nil {
			return object{}, nil, err
		}
		if count == 1 {
			filter = only
		}
	}
	switch {
	case filter.kind == kindNone:
		return d, data, nil
	case nameIs(doc, filter, "FlateDecode"):
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return object{}, nil, fmt.Errorf("object %d: %w", r.num, err)
		}
		out, err := io.ReadAll(io.LimitReader(zr, maxStream+1))
		if err != nil {
			return object{}, nil, fmt.Errorf("object %d: %w", r.num, err)
		}
		if len(out) > maxStream {
			return object{}, nil, fmt.Errorf("object %d is larger than %d bytes", r.num, maxStream)
		}
		return d, out, nil
	}
	return object{}, nil, fmt.Errorf("object %d uses a stream filter Consentry does not read", r.num)
}

// revision is one revision of a PDF with classic cross-reference tables:
// the original file or one incremental update.
type revision struct {
	xrefAt  int64 // offset of its cross-reference table
	trailer object
	objects []ref // in-use objects it defines
	freed   int   // free entries it lists beyond object 0
}

// revisions returns the revisions of x's file, oldest first.
func (x *xref) revisions() ([]revision, error) {
	doc := x.doc
	var out []revision
	off := x.start
	for range maxRevisions {
		y := &xref{doc: doc}
		trailer, err := y.readSection(off)
		if err != nil {
			return nil, err
		}
		rev := revision{xrefAt: off, trailer: trailer}
		for _, s := range y.sections {
			for i := range s.count {
				e := doc[s.pos+xrefEntrySize*i:][:xrefEntrySize]
				gen, ok := parseInt(e[11:16])
				if !ok {
					return nil, fmt.Errorf("%w: damaged cross-reference entry", errSyntax)
				}
				num := s.first + i
				switch {
				case e[17] == 'n':
					rev.objects = append(rev.objects, ref{num, int(gen)})
				case num != 0:
					rev.freed++
				}
			}
		}
		out = append(out, rev)
		prev, err := dictGet(doc, trailer, "Prev")
		if err != nil {
			return nil, err
		}
		if prev.kind == kindNone {
			for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
				out[i], out[j] = out[j], out[i]
			}
			return out, nil
		}
		var ok bool
		if off, ok = intOf(doc, prev); !ok || off >= rev.xrefAt {
			return nil, fmt.Errorf("%w: /Prev does not point back", errSyntax)
		}
	}
	return nil, errors.New("too many revisions")
}
