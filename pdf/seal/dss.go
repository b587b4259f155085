package seal

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// This file writes and reads the Document Security Store (ISO 32000-2,
// 12.8.4.3; ETSI EN 319 142-1, 5.4): the catalog's /DSS, holding the
// certificates, OCSP responses and CRLs a validator needs to check the
// file's signatures and time-stamps offline, and a /VRI entry per
// signature naming which of them are its own. A seal at PAdES B-LT gets
// one in an incremental update of its own, after the signature.

// dss is a Document Security Store: DER items, each once, and the VRI
// entries naming them by index.
type dss struct {
	certs, ocsps, crls [][]byte
	vri                map[string]*vriEntry // by VRI key
}

// vriEntry is the validation data of one signature: indexes into the
// store's lists.
type vriEntry struct{ certs, ocsps, crls []int }

func newDSS() *dss { return &dss{vri: map[string]*vriEntry{}} }

// add puts der into list once and returns its index there.
func addOnce(list *[][]byte, der []byte) int {
	for i, have := range *list {
		if bytes.Equal(have, der) {
			return i
		}
	}
	*list = append(*list, der)
	return len(*list) - 1
}

// vriKey is the /VRI key of the signature whose /Contents string holds
// contents (decoded, padding included): its SHA-1 in upper-case hex.
func vriKey(contents []byte) string {
	sum := sha1.Sum(contents)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// collect gathers the validation data for every signature and time-stamp
// in doc, fetching revocation data with rc, and merges it into d: each
// certificate of the signer's and each TSA's path (built from the
// certificates the signatures and tokens carry, known, and those already
// in d), and for each that is not a root an OCSP response or CRL, where
// it names one. Its errors wrap ErrRevocationUnavailable.
func (d *dss) collect(ctx context.Context, doc []byte, rc *RevocationClient, known []*x509.Certificate) error {
	sigs, err := signaturesFromForm(doc)
	if err != nil {
		return fmt.Errorf("seal: %w", err)
	}
	pool := slices.Clone(known)
	for _, der := range d.certs {
		if c, err := x509.ParseCertificate(der); err == nil {
			pool = append(pool, c)
		}
	}
	type item struct {
		key    string
		leaves []*x509.Certificate
	}
	var items []item
	for _, sig := range sigs {
		if sig.contents.kind != kindHex {
			continue
		}
		contents := decodeHex(doc[sig.contents.start+1 : sig.contents.end-1])
		it := item{key: vriKey(contents)}
		if sig.docTimestamp {
			t, err := checkToken(trimDER(contents))
			if err != nil {
				return fmt.Errorf("seal: a document time-stamp cannot be read: %w", err)
			}
			it.leaves = append(it.leaves, t.signer)
			pool = append(pool, t.certs...)
		} else {
			m, _, err := parseSignedData(contents)
			if err != nil {
				return fmt.Errorf("seal: a signature cannot be read: %w", err)
			}
			it.leaves = append(it.leaves, m.signer)
			pool = append(pool, m.certs...)
			for _, tok := range m.timestamps {
				t, err := checkToken(tok)
				if err != nil {
					return fmt.Errorf("seal: a signature time-stamp cannot be read: %w", err)
				}
				it.leaves = append(it.leaves, t.signer)
				pool = append(pool, t.certs...)
			}
		}
		items = append(items, it)
	}
	fetched := map[[32]byte]*revocationData{}
	for _, it := range items {
		v := d.vri[it.key]
		if v == nil {
			v = &vriEntry{}
			d.vri[it.key] = v
		}
		for _, leaf := range it.leaves {
			chain, _ := path(leaf, pool)
			for i, c := range chain {
				v.certs = appendNew(v.certs, addOnce(&d.certs, c.Raw))
				if i+1 == len(chain) {
					continue // a root, or the end of what is known
				}
				id := sha256.Sum256(c.Raw)
				rd, done := fetched[id]
				if !done {
					if rd, err = rc.fetch(ctx, c, chain[i+1]); err != nil {
						return err
					}
					fetched[id] = rd
				}
				switch {
				case rd == nil:
				case rd.ocsp != nil:
					v.ocsps = appendNew(v.ocsps, addOnce(&d.ocsps, rd.ocsp))
				default:
					v.crls = appendNew(v.crls, addOnce(&d.crls, rd.crl))
				}
			}
		}
	}
	return nil
}

func appendNew(s []int, i int) []int {
	if slices.Contains(s, i) {
		return s
	}
	return append(s, i)
}

// trimDER returns the DER element at the start of b, without the zeros
// that pad a /Contents string.
func trimDER(b []byte) []byte {
	s := cryptobyte.String(b)
	var el cryptobyte.String
	var tag asn1.Tag
	if s.ReadAnyASN1Element(&el, &tag) {
		return b[:len(el)]
	}
	return b
}

// readDSS reads the /DSS of the catalog of x's file; an empty store when
// there is none.
func readDSS(x *xref) (*dss, error) {
	d := newDSS()
	_, cat, err := x.catalog()
	if err != nil {
		return nil, err
	}
	o, err := dictGet(x.doc, cat, "DSS")
	if err != nil || o.kind == kindNone {
		return d, err
	}
	if o, err = x.resolveKind(o, kindDict, "/DSS"); err != nil {
		return nil, err
	}
	doc := x.doc
	// index maps an object number to its place in a list.
	index := map[int]int{}
	readList := func(key string, list *[][]byte) error {
		a, err := dictGet(doc, o, key)
		if err != nil || a.kind == kindNone {
			return err
		}
		if a, err = x.resolveKind(a, kindArray, "/DSS /"+key); err != nil {
			return err
		}
		var ferr error
		err = eachElement(doc, a, func(el object) bool {
			r, ok := refOf(doc, el)
			if !ok {
				ferr = fmt.Errorf("%w: /DSS /%s holds something other than a stream", errSyntax, key)
				return false
			}
			if len(*list) == maxDSSItems {
				ferr = fmt.Errorf("/DSS /%s holds more than %d items", key, maxDSSItems)
				return false
			}
			_, data, err := x.stream(r)
			if err != nil {
				ferr = err
				return false
			}
			index[r.num] = addOnce(list, bytes.Clone(data))
			return true
		})
		if err == nil {
			err = ferr
		}
		return err
	}
	for _, l := range []struct {
		key  string
		list *[][]byte
	}{{"Certs", &d.certs}, {"OCSPs", &d.ocsps}, {"CRLs", &d.crls}} {
		clear(index)
		if err := readList(l.key, l.list); err != nil {
			return nil, err
		}
	}
	vri, err := dictGet(doc, o, "VRI")
	if err != nil || vri.kind == kindNone {
		return d, err
	}
	if vri, err = x.resolveKind(vri, kindDict, "/VRI"); err != nil {
		return nil, err
	}
	var ferr error
	err = eachEntry(doc, vri, func(key []byte, _ int, val object) bool {
		if len(d.vri) == maxDSSItems {
			ferr = errors.New("/VRI holds too many entries")
			return false
		}
		e := &vriEntry{}
		if val, ferr = x.resolveKind(val, kindDict, "a /VRI entry"); ferr != nil {
			return false
		}
		for _, l := range []struct {
			key  string
			list [][]byte
			out  *[]int
		}{{"Cert", d.certs, &e.certs}, {"OCSP", d.ocsps, &e.ocsps}, {"CRL", d.crls, &e.crls}} {
			a, err := dictGet(doc, val, l.key)
			if err != nil || a.kind == kindNone {
				ferr = err
				continue
			}
			if a, ferr = x.resolveKind(a, kindArray, "/VRI /"+l.key); ferr != nil {
				return false
			}
			ferr = eachElement(doc, a, func(el object) bool {
				r, ok := refOf(doc, el)
				if !ok {
					return true
				}
				if _, data, err := x.stream(r); err == nil {
					if i := slices.IndexFunc(l.list, func(b []byte) bool { return bytes.Equal(b, data) }); i >= 0 {
						*l.out = appendNew(*l.out, i)
					}
				}
				return true
			})
			if ferr != nil {
				return false
			}
		}
		d.vri[strings.ToUpper(string(key))] = e
		return true
	})
	if err == nil {
		err = ferr
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

// maxDSSItems bounds the items of each /DSS list and the /VRI entries
// read.
const maxDSSItems = 256

// appendDSS returns doc with an incremental update that makes d the
// document's /DSS: a stream per item, a new DSS dictionary with its /VRI,
// and the catalog naming it. doc stays an untouched prefix.
func appendDSS(doc []byte, d *dss) ([]byte, error) {
	x, err := readXref(doc)
	if err != nil {
		return nil, err
	}
	size, err := trailerSize(x)
	if err != nil {
		return nil, err
	}
	catRef, cat, err := x.catalog()
	if err != nil {
		return nil, err
	}
	extra := 4096 + (cat.end - cat.start)
	for _, l := range [][][]byte{d.certs, d.ocsps, d.crls} {
		for _, b := range l {
			extra += len(b) + 64
		}
	}
	u := newUpdate(doc, extra)
	next := size
	refs := make([][]ref, 3)
	for li, l := range [][][]byte{d.certs, d.ocsps, d.crls} {
		for _, b := range l {
			r := ref{next, 0}
			next++
			refs[li] = append(refs[li], r)
			u.begin(r)
			u.str("<</Length ")
			u.out = strconv.AppendInt(u.out, int64(len(b)), 10)
			u.str(">>\nstream\n")
			u.out = append(u.out, b...)
			u.str("\nendstream")
			u.end()
		}
	}
	dssRef := ref{next, 0}
	next++
	u.begin(dssRef)
	u.str("<</Type /DSS")
	for li, key := range []string{"Certs", "OCSPs", "CRLs"} {
		if len(refs[li]) == 0 {
			continue
		}
		u.str("\n/" + key + " [")
		for _, r := range refs[li] {
			u.ref(r)
		}
		u.str("]")
	}
	if len(d.vri) > 0 {
		u.str("\n/VRI <<")
		keys := make([]string, 0, len(d.vri))
		for k := range d.vri {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			e := d.vri[k]
			u.str("\n/" + k + " <<")
			for li, l := range []struct {
				key string
				idx []int
			}{{"Cert", e.certs}, {"OCSP", e.ocsps}, {"CRL", e.crls}} {
				if len(l.idx) == 0 {
					continue
				}
				u.str(" /" + l.key + " [")
				for _, i := range l.idx {
					u.ref(refs[li][i])
				}
				u.str("]")
			}
			u.str(">>")
		}
		u.str("\n>>")
	}
	u.str("\n>>")
	u.end()

	u.begin(catRef)
	if err := u.dictWithout(doc, cat, "DSS"); err != nil {
		return nil, err
	}
	u.str("/DSS")
	u.ref(dssRef)
	u.str("\n>>")
	u.end()
	if err := u.finish(x, next); err != nil {
		return nil, err
	}
	return u.out, nil
}
