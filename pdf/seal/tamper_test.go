package seal

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"testing"
)

// tampering is one way of changing a sealed file after the fact.
type tampering struct {
	name        string
	change      func(t *testing.T, doc, signed []byte) []byte
	wantProblem string
}

var tamperings = []tampering{
	{"byte in a content stream", func(t *testing.T, _, signed []byte) []byte {
		return flip(t, signed, bytes.Index(signed, []byte("stream\n"))+len("stream\n")+40)
	}, "the signature does not match the signed bytes"},
	{"digit of the creation date", func(t *testing.T, _, signed []byte) []byte {
		return flip(t, signed, bytes.Index(signed, []byte("/CreationDate (D:"))+len("/CreationDate (D:")+3)
	}, "the signature does not match the signed bytes"},
	{"letter of the seal's reason", func(t *testing.T, _, signed []byte) []byte {
		return flip(t, signed, bytes.Index(signed, []byte("/Reason (Record"))+len("/Reason (R"))
	}, "the signature does not match the signed bytes"},
	{"start of the gap in the byte range", func(t *testing.T, _, signed []byte) []byte {
		i := bytes.Index(signed, []byte("/ByteRange [0 ")) + len("/ByteRange [0 ")
		return flip(t, signed, i+bytes.IndexByte(signed[i:], ' ')-1)
	}, "the signature does not cover the whole file"},
	{"offset in the last cross-reference table", func(t *testing.T, _, signed []byte) []byte {
		return flip(t, signed, bytes.LastIndex(signed, []byte(" 00000 n"))-1)
	}, "the signature does not match the signed bytes"},
	{"byte of the signature value", func(t *testing.T, _, signed []byte) []byte {
		i := contentsStart(t, signed)
		end := i + bytes.Index(signed[i:], []byte("0000000000"))
		return flipHex(t, signed, end-3)
	}, "the signature was not made by its certificate's key"},
	{"one byte appended", func(t *testing.T, _, signed []byte) []byte {
		return append(slices.Clip(signed), '\n')
	}, "bytes were appended after the signature"},
	{"incremental update appended", func(t *testing.T, _, signed []byte) []byte {
		return forgedUpdate(t, signed)
	}, "bytes were appended after the signature"},
	{"truncated by one byte", func(t *testing.T, _, signed []byte) []byte {
		return signed[:len(signed)-1]
	}, "the file is truncated"},
	{"truncated before %%EOF", func(t *testing.T, _, signed []byte) []byte {
		return signed[:bytes.LastIndex(signed, []byte("%%EOF"))]
	}, "the file is truncated"},
	{"truncated in the last cross-reference table", func(t *testing.T, _, signed []byte) []byte {
		return signed[:bytes.LastIndex(signed, []byte("xref"))+10]
	}, "the file is truncated"},
	{"truncated in the signature value", func(t *testing.T, _, signed []byte) []byte {
		return signed[:contentsStart(t, signed)+100]
	}, "the file is truncated"},
	{"truncated to the unsigned original", func(t *testing.T, doc, signed []byte) []byte {
		return signed[:len(doc)]
	}, "no signature found"},
	{"truncated to half", func(t *testing.T, _, signed []byte) []byte {
		return signed[:len(signed)/2]
	}, "no signature found"},
}

func TestTamperingIsCaught(t *testing.T) {
	for _, name := range testSealerNames {
		doc, signed := sealed(t, name)
		for _, tt := range tamperings {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				changed := tt.change(t, doc, bytes.Clone(signed))
				if bytes.Equal(changed, signed) {
					t.Fatal("the tampering changed nothing")
				}
				if out := pdfsig(t, changed); pdfsigAccepts(out) {
					t.Errorf("pdfsig accepts the changed file:\n%s", out)
				}
				v, err := Verify(changed)
				if err != nil {
					t.Fatal(err)
				}
				if v.Valid() || (v.SignatureValid && v.CoversWholeFile) || !slices.Contains(v.Problems, tt.wantProblem) {
					t.Errorf("Verify: valid %v, signature valid %v, whole file %v, problems %q; want the problem %q",
						v.Valid(), v.SignatureValid, v.CoversWholeFile, v.Problems, tt.wantProblem)
				}
			})
		}
	}
}

// flip changes the byte at i of doc to another printable one.
func flip(t *testing.T, doc []byte, i int) []byte {
	t.Helper()
	if i < 0 || i >= len(doc) {
		t.Fatalf("no byte %d to change", i)
	}
	doc[i] ^= 0x01
	return doc
}

// flipHex changes the hex digit at i of doc to another hex digit.
func flipHex(t *testing.T, doc []byte, i int) []byte {
	t.Helper()
	if hexValue(doc[i]) < 0 {
		t.Fatalf("byte %d is %q, not a hex digit", i, doc[i])
	}
	doc[i] = "123456789abcdef0"[hexValue(doc[i])]
	return doc
}

// contentsStart returns the offset of the first hex digit of the signature.
func contentsStart(t *testing.T, signed []byte) int {
	t.Helper()
	i := bytes.LastIndex(signed, []byte("/Contents <"))
	if i < 0 {
		t.Fatal("no /Contents in the sealed file")
	}
	return i + len("/Contents <")
}

// forgedUpdate appends to signed an incremental update that retitles the
// document, as an editor saving a change would.
func forgedUpdate(t *testing.T, signed []byte) []byte {
	t.Helper()
	x, err := readXref(signed)
	if err != nil {
		t.Fatal(err)
	}
	root, err := dictGet(signed, x.trailer, "Root")
	if err != nil {
		t.Fatal(err)
	}
	size, err := trailerSize(x)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.Write(signed)
	info := b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<</Title (Forged)>>\nendobj\n", size)
	start := b.Len()
	fmt.Fprintf(&b, "xref\n%d 1\n%010d 00000 n \ntrailer\n<</Size %d /Root %s /Info %d 0 R /Prev %s>>\nstartxref\n%d\n%%%%EOF\n",
		size, info, size+1, signed[root.start:root.end], size, strconv.FormatInt(x.start, 10), start)
	return b.Bytes()
}
