package seal

import (
	"bytes"
	"errors"
	"fmt"
)

// This file checks what follows a signature's signed revision: a PAdES
// signature stays valid under later incremental updates that add a DSS
// or document time-stamps (ETSI EN 319 142-1), and under nothing else. An
// update may add objects of any kind, since nothing old refers to them,
// and rewrite only the catalog (its /DSS and its /AcroForm, keeping every
// field) and pages (their /Annots, grown by signature widgets); it may
// free nothing.

// errNotAnUpdate reports bytes after a signed revision that are not
// incremental updates at all.
var errNotAnUpdate = errors.New("bytes were appended after the signature")

// checkUpdates returns nil when everything in doc after signedEnd is
// incremental updates that only add validation data or document
// time-stamps, and otherwise what they do.
func checkUpdates(doc []byte, signedEnd int64) error {
	if !endsLikePDF(doc) {
		return errNotAnUpdate
	}
	x, err := readXref(doc)
	if err != nil {
		return errNotAnUpdate
	}
	revs, err := x.revisions()
	if err != nil {
		return errNotAnUpdate
	}
	floor := signedEnd
	checked := 0
	for _, rev := range revs {
		if rev.xrefAt < signedEnd {
			continue
		}
		if err := checkUpdate(doc, x, rev, floor); err != nil {
			return err
		}
		floor = rev.xrefAt
		checked++
	}
	if checked == 0 {
		return errNotAnUpdate
	}
	return nil
}

// checkUpdate checks one incremental update rev of x's file whose objects
// must all lie at or after floor.
func checkUpdate(doc []byte, x *xref, rev revision, floor int64) error {
	if rev.freed > 0 {
		return errors.New("an update after the signature deletes objects")
	}
	start := rev.xrefAt
	for _, r := range rev.objects {
		off, err := x.offsetIn(rev, r)
		if err != nil {
			return fmt.Errorf("an update after the signature is damaged: %w", err)
		}
		start = min(start, int64(off))
	}
	if start < floor {
		return errors.New("an update after the signature points into signed bytes")
	}
	prev, err := readXref(doc[:start])
	if err != nil {
		return fmt.Errorf("the revision before an update cannot be read: %w", err)
	}
	prevSize, err := trailerSize(prev)
	if err != nil {
		return err
	}
	catRef, _, err := prev.catalog()
	if err != nil {
		return err
	}
	now, err := readXref(upTo(doc, rev))
	if err != nil {
		return err
	}
	if err := sameDictBut(prev, now, prev.trailer, now.trailer, "Size", "Prev", "ID"); err != nil {
		return fmt.Errorf("an update after the signature %w in the trailer", err)
	}
	for _, r := range rev.objects {
		if r.num >= prevSize {
			continue // a new object: nothing old refers to it
		}
		old, err := prev.object(r)
		if err != nil {
			return fmt.Errorf("an update after the signature redefines object %d, which it did not have", r.num)
		}
		cur, err := now.object(r)
		if err != nil {
			return err
		}
		switch {
		case r == catRef:
			err = sameDictBut(prev, now, old, cur, "DSS", "AcroForm")
			if err == nil {
				err = keepsFields(prev, now, old, cur)
			}
		case isPage(prev, old):
			err = sameDictBut(prev, now, old, cur, "Annots")
			if err == nil {
				err = growsBySignatureWidgets(prev, now, old, cur)
			}
		default:
			err = fmt.Errorf("changes object %d", r.num)
		}
		if err != nil {
			return fmt.Errorf("an update after the signature %w", err)
		}
	}
	return nil
}

// upTo returns doc up to the end of revision rev: its %%EOF.
func upTo(doc []byte, rev revision) []byte {
	i := bytes.Index(doc[rev.xrefAt:], []byte("%%EOF"))
	if i < 0 {
		return doc
	}
	return doc[:rev.xrefAt+int64(i)+int64(len("%%EOF"))]
}

// offsetIn returns where rev's entry for r says r starts.
func (x *xref) offsetIn(rev revision, r ref) (int, error) {
	y := &xref{doc: x.doc}
	if _, err := y.readSection(rev.xrefAt); err != nil {
		return 0, err
	}
	return y.offset(r)
}

// isPage reports whether the dictionary d is a page.
func isPage(x *xref, d object) bool {
	if d.kind != kindDict {
		return false
	}
	t, err := dictGet(x.doc, d, "Type")
	return err == nil && nameIs(x.doc, t, "Page")
}

// entries returns the entries of the dictionary d, values as bytes.
func entries(b []byte, d object) (map[string][]byte, error) {
	out := map[string][]byte{}
	if d.kind != kindDict {
		return nil, fmt.Errorf("%w: dictionary expected", errSyntax)
	}
	err := eachEntry(b, d, func(key []byte, _ int, val object) bool {
		out[string(key)] = b[val.start:val.end]
		return true
	})
	return out, err
}

// sameDictBut reports an error unless old (in prev) and cur (in now) are
// dictionaries with the same entries, byte for byte, but those named.
func sameDictBut(prev, now *xref, old, cur object, but ...string) error {
	a, err := entries(prev.doc, old)
	if err != nil {
		return err
	}
	b, err := entries(now.doc, cur)
	if err != nil {
		return err
	}
	skip := func(k string) bool {
		for _, s := range but {
			if s == k {
				return true
			}
		}
		return false
	}
	for k, v := range a {
		if !skip(k) && !bytes.Equal(v, b[k]) {
			return fmt.Errorf("changes /%s", k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok && !skip(k) {
			return fmt.Errorf("adds /%s", k)
		}
	}
	return nil
}

// refsIn returns the references in the array key of the dictionary d,
// the array resolved if indirect.
func refsIn(x *xref, d object, key string) ([]string, error) {
	a, err := dictGet(x.doc, d, key)
	if err != nil || a.kind == kindNone {
		return nil, err
	}
	if a, err = x.resolveKind(a, kindArray, "/"+key); err != nil {
		return nil, err
	}
	var out []string
	err = eachElement(x.doc, a, func(el object) bool {
		out = append(out, string(x.doc[el.start:el.end]))
		return len(out) < maxFields
	})
	return out, err
}

// keepsFields reports an error unless the catalog cur keeps every field
// of the catalog old's form, in order, first.
func keepsFields(prev, now *xref, old, cur object) error {
	form := func(x *xref, cat object) (object, error) {
		f, err := dictGet(x.doc, cat, "AcroForm")
		if err != nil || f.kind == kindNone {
			return f, err
		}
		return x.resolveKind(f, kindDict, "/AcroForm")
	}
	of, err := form(prev, old)
	if err != nil || of.kind == kindNone {
		return err
	}
	nf, err := form(now, cur)
	if err != nil {
		return err
	}
	if nf.kind == kindNone {
		return errors.New("removes the form")
	}
	a, err := refsIn(prev, of, "Fields")
	if err != nil {
		return err
	}
	b, err := refsIn(now, nf, "Fields")
	if err != nil {
		return err
	}
	if len(b) < len(a) {
		return errors.New("removes form fields")
	}
	for i := range a {
		if a[i] != b[i] {
			return errors.New("changes the form's fields")
		}
	}
	for _, f := range b[len(a):] {
		if err := isSignatureWidget(now, f); err != nil {
			return err
		}
	}
	return nil
}

// growsBySignatureWidgets reports an error unless the page cur's
// /Annots are the page old's followed by signature widgets.
func growsBySignatureWidgets(prev, now *xref, old, cur object) error {
	a, err := refsIn(prev, old, "Annots")
	if err != nil {
		return err
	}
	b, err := refsIn(now, cur, "Annots")
	if err != nil {
		return err
	}
	if len(b) < len(a) {
		return errors.New("removes annotations")
	}
	for i := range a {
		if a[i] != b[i] {
			return errors.New("changes annotations")
		}
	}
	for _, w := range b[len(a):] {
		if err := isSignatureWidget(now, w); err != nil {
			return err
		}
	}
	return nil
}

// isSignatureWidget reports an error unless the reference s (as bytes)
// is to an invisible signature field's widget: /FT /Sig, no appearance.
func isSignatureWidget(x *xref, s string) error {
	o, err := parseObject([]byte(s), 0)
	if err != nil {
		return err
	}
	r, ok := refOf([]byte(s), o)
	if !ok {
		return errors.New("adds something other than a signature field")
	}
	d, err := x.object(r)
	if err != nil {
		return err
	}
	if d.kind != kindDict {
		return errors.New("adds something other than a signature field")
	}
	ft, err := dictGet(x.doc, d, "FT")
	if err != nil {
		return err
	}
	ap, err := dictGet(x.doc, d, "AP")
	if err != nil {
		return err
	}
	if !nameIs(x.doc, ft, "Sig") || ap.kind != kindNone {
		return errors.New("adds something other than an invisible signature field")
	}
	return nil
}
