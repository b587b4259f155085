package seal

import (
	"errors"
	"fmt"
)

// catalog returns the reference and dictionary of the document catalog.
func (x *xref) catalog() (ref, object, error) {
	root, err := dictGet(x.doc, x.trailer, "Root")
	if err != nil {
		return ref{}, object{}, err
	}
	r, ok := refOf(x.doc, root)
	if !ok {
		return ref{}, object{}, errors.New("the trailer names no document catalog")
	}
	d, err := x.object(r)
	if err == nil && d.kind != kindDict {
		err = fmt.Errorf("%w: the catalog is not a dictionary", errSyntax)
	}
	return r, d, err
}

// firstPage follows the page tree from the catalog down its first kids to
// the first page, and returns that page's reference and dictionary.
func (x *xref) firstPage(catalog object) (ref, object, error) {
	node, err := dictGet(x.doc, catalog, "Pages")
	if err != nil {
		return ref{}, object{}, err
	}
	for range maxNesting {
		r, ok := refOf(x.doc, node)
		if !ok {
			return ref{}, object{}, errors.New("the page tree holds something other than a reference")
		}
		d, err := x.object(r)
		if err == nil && d.kind != kindDict {
			err = fmt.Errorf("%w: a page tree node is not a dictionary", errSyntax)
		}
		if err != nil {
			return ref{}, object{}, err
		}
		typ, err := dictGet(x.doc, d, "Type")
		if err != nil {
			return ref{}, object{}, err
		}
		if nameIs(x.doc, typ, "Page") {
			return r, d, nil
		}
		kids, err := dictGet(x.doc, d, "Kids")
		if err == nil {
			kids, err = x.resolveKind(kids, kindArray, "/Kids")
		}
		if err != nil {
			return ref{}, object{}, err
		}
		node = object{}
		if err := eachElement(x.doc, kids, func(kid object) bool { node = kid; return false }); err != nil {
			return ref{}, object{}, err
		}
		if node.kind == kindNone {
			return ref{}, object{}, errors.New("the document has no pages")
		}
	}
	return ref{}, object{}, errors.New("the page tree is nested too deeply")
}

// firstPageAnnots returns the first page, as firstPage does, and its
// /Annots array (kindNone when the page has none): the page a signature's
// widget is added to.
func (x *xref) firstPageAnnots(doc []byte, catalog object) (ref, object, object, error) {
	pageRef, page, err := x.firstPage(catalog)
	if err != nil {
		return ref{}, object{}, object{}, err
	}
	annots, err := dictGet(doc, page, "Annots")
	if err == nil && annots.kind != kindNone {
		annots, err = x.resolveKind(annots, kindArray, "/Annots")
	}
	if err != nil {
		return ref{}, object{}, object{}, err
	}
	return pageRef, page, annots, nil
}
