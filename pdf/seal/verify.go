package seal

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"time"
)

// Verification is what Verify found out about a PDF's seal. Valid sums it
// up; the other fields say what was checked and what was found.
type Verification struct {
	// Signed reports that the file holds a signature dictionary.
	Signed bool
	// SignatureValid reports that the CMS signature was made with the key
	// of Signer over exactly the bytes its byte range names.
	SignatureValid bool
	// CoversWholeFile reports that the byte range starts at 0, ends at
	// the end of the file, and leaves out only the signature's own
	// /Contents hex string.
	CoversWholeFile bool
	// Appended reports bytes after the end of the signed range: a later
	// incremental update or anything else added to the file.
	Appended bool
	// Signer is the certificate the signature names as its signer.
	Signer *x509.Certificate
	// Certificates are all the certificates the signature carries.
	Certificates []*x509.Certificate
	// SigningTime is the time the seal claims: the CMS signing-time
	// attribute of a legacy adbe.pkcs7.detached signature, else (PAdES)
	// the signature dictionary's /M; zero when neither is there. It is
	// the signer's claim, not a trusted time.
	SigningTime time.Time
	// Name and Reason are the signature dictionary's /Name and /Reason.
	Name, Reason string
	// ByteRange is the signature's /ByteRange: pairs of offset and length.
	ByteRange []int64
	// SignedRevision is the file up to the end of the signed range: the
	// revision that was signed, when SignatureValid. It aliases the
	// input and is nil when the file ends before the range does.
	SignedRevision []byte
	// Problems says in plain words what is wrong, one problem each; it is
	// empty for a valid seal.
	Problems []string
}

// Valid reports that the file is signed, the signature is intact, it
// covers the whole file, and nothing else is wrong: that the file is
// exactly what Signer signed. Whether Signer is trusted is for the caller
// to decide, for example with SignedBy.
func (v *Verification) Valid() bool {
	return v.Signed && v.SignatureValid && v.CoversWholeFile && len(v.Problems) == 0
}

// SignedBy reports whether cert, byte for byte, is the signing certificate.
func (v *Verification) SignedBy(cert *x509.Certificate) bool {
	return v.Signer != nil && cert != nil && bytes.Equal(v.Signer.Raw, cert.Raw)
}

func (v *Verification) problem(p string) { v.Problems = append(v.Problems, p) }

// Verify checks the seal on doc: that a signature is there, that it is
// intact and made by the certificate it carries, and that it covers every
// byte of doc but its own value. A missing, broken or partial seal, a
// truncated or appended-to file, or bytes that are not a PDF at all are
// reported in the Verification, never as an error; Verify never trusts
// the signer, it names it. The error is only for a failure inside Verify
// itself, a bug, which it reports rather than crash the caller.
func Verify(doc []byte) (v *Verification, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("seal: verify: internal error: %v", r)
		}
	}()
	v = &Verification{}
	sig, damage := findSignature(doc)
	if sig == nil {
		v.problem("no signature found")
		if !endsLikePDF(doc) {
			v.problem("the file does not end like a PDF: it may be truncated")
		}
		return v, nil
	}
	v.Signed = true
	v.Name, v.Reason, v.ByteRange = sig.name, sig.reason, sig.byteRange
	if v.checkRange(doc, sig) {
		if damage != nil {
			v.problem("the PDF structure is damaged: " + damage.Error())
		}
		if sig.signatures > 1 {
			v.problem(fmt.Sprintf("the file holds %d signatures where a seal has one; the last was checked", sig.signatures))
		}
		v.checkSignature(doc, sig)
	}
	return v, nil
}

// endsLikePDF reports whether doc ends with %%EOF and perhaps white space.
func endsLikePDF(doc []byte) bool {
	return bytes.HasSuffix(bytes.TrimRight(doc, "\x00\t\n\f\r "), []byte("%%EOF"))
}
