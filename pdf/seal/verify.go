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
	// ExtendedOnly reports that the bytes after the signed range are
	// only incremental updates that add validation data (a DSS) or
	// document time-stamps and change nothing else: PAdES B-LT and B-LTA
	// extensions, which leave the seal valid.
	ExtendedOnly bool
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
	// SubFilter is the signature dictionary's /SubFilter, e.g.
	// "ETSI.CAdES.detached" or the legacy "adbe.pkcs7.detached".
	SubFilter string
	// Level is the PAdES baseline level (ETSI EN 319 142-1) the
	// signature's form meets: "B-B" for SubFilter ETSI.CAdES.detached with
	// a signed ESS signing-certificate-v2 and no CMS signing-time, "B-T"
	// when it also carries a signature time-stamp; "B-LT" when a B-T
	// seal's file also has a DSS that is Complete (see DSSInfo); "B-LTA"
	// when a B-LT seal is covered by an intact document time-stamp (from
	// a trusted TSA, with VerifyTSARoots) whose revision already held a
	// complete DSS; "" when it is not PAdES, such as a legacy
	// adbe.pkcs7.detached seal. Whether the signature holds is
	// Indication's to say.
	Level string
	// Timestamp is the signature time-stamp (B-T), nil when there is none.
	Timestamp *TimestampInfo
	// Signatures reports every signature in the file: the seal first,
	// then each document time-stamp in the order of the file. It is
	// empty when the seal could not be checked.
	Signatures []SignatureReport
	// DSS describes the Document Security Store, nil when there is none.
	DSS *DSSInfo
	// ProofOfExistence is the earliest time the signature is proven to
	// have existed at: its signature time-stamp's, or the oldest
	// document time-stamp's that a chain of valid time-stamps back from
	// the verification time reaches; the verification time without
	// either.
	ProofOfExistence time.Time
	// Revocation is the status of the signer's chain at
	// ProofOfExistence, from the DSS: one of the Revocation constants.
	Revocation string
	// Indication and SubIndication are the validation result in the
	// words of ETSI EN 319 102-1 (see the Indication constants): TOTAL-
	// FAILED when the signature or its time-stamp is broken, TOTAL-PASSED
	// when it is intact and the signer's certificate was valid at the
	// proof-of-existence time (the time-stamp's, else the verification
	// time), INDETERMINATE otherwise, with a SubIndication saying why.
	// They judge the signature over its byte range; Valid also needs the
	// range to be the whole file. Both are "" when there is no signature.
	Indication, SubIndication string
	// SignedRevision is the file up to the end of the signed range: the
	// revision that was signed, when SignatureValid. It aliases the
	// input and is nil when the file ends before the range does.
	SignedRevision []byte
	// Problems says in plain words what is wrong, one problem each; it is
	// empty for a valid seal.
	Problems []string

	field     string // the seal's field name
	revokedAt int    // index in the signer's chain of a revoked certificate, or -1
}

// Valid reports that the file is signed, the signature is intact, it
// covers the whole file (or what follows is ExtendedOnly), and nothing
// else is wrong: that the file is exactly what Signer signed, plus
// validation data and time-stamps. Whether Signer is trusted is for the
// caller to decide, for example with SignedBy.
func (v *Verification) Valid() bool {
	return v.Signed && v.SignatureValid && (v.CoversWholeFile || v.ExtendedOnly) && len(v.Problems) == 0
}

// SignedBy reports whether cert, byte for byte, is the signing certificate.
func (v *Verification) SignedBy(cert *x509.Certificate) bool {
	return v.Signer != nil && cert != nil && bytes.Equal(v.Signer.Raw, cert.Raw)
}

func (v *Verification) problem(p string) { v.Problems = append(v.Problems, p) }

// indicate sets the indication, unless one is set already: the first
// reason found counts.
func (v *Verification) indicate(indication, sub string) {
	if v.Indication == "" {
		v.Indication, v.SubIndication = indication, sub
	}
}

// TimestampInfo describes a signature time-stamp token (RFC 3161).
type TimestampInfo struct {
	// Time is the token's genTime: when the TSA saw the signature.
	Time time.Time
	// TSASubject and TSASerial name the TSA's certificate: its subject
	// and its serial number in decimal.
	TSASubject, TSASerial string
	// Certificate is the TSA's certificate, from the token.
	Certificate *x509.Certificate
	// SignatureValid reports that the TSA's signature over the token
	// holds, made by a certificate for time-stamping.
	SignatureValid bool
	// ImprintValid reports that the token's message imprint is the
	// digest of this signature's value: that it stamps this signature.
	ImprintValid bool
	// Trusted reports that the TSA's certificate chains to the roots of
	// VerifyTSARoots at Time; false when none were given.
	Trusted bool
}

// Indications and sub-indications of ETSI EN 319 102-1, as Verification
// reports them.
const (
	TotalPassed   = "TOTAL-PASSED"
	TotalFailed   = "TOTAL-FAILED"
	Indeterminate = "INDETERMINATE"

	HashFailure             = "HASH_FAILURE"       // the signed bytes or the time-stamped signature changed
	SigCryptoFailure        = "SIG_CRYPTO_FAILURE" // a signature does not verify with its certificate's key
	FormatFailure           = "FORMAT_FAILURE"     // the signature or its time-stamp cannot be read
	SignedDataNotFound      = "SIGNED_DATA_NOT_FOUND"
	NoSigningCertificate    = "NO_SIGNING_CERTIFICATE_FOUND"
	NoCertificateChainFound = "NO_CERTIFICATE_CHAIN_FOUND" // the trust anchors asked for are not reached
	NoPOE                   = "NO_POE"                     // the certificate is not valid now and no time-stamp proves an earlier time
	OutOfBoundsNoPOE        = "OUT_OF_BOUNDS_NO_POE"       // the time-stamp's time is outside the certificate's validity
)

// VerifyOption adds a requirement to VerifyAt.
type VerifyOption func(*verifyOptions)

type verifyOptions struct {
	roots, tsaRoots *x509.CertPool
}

// VerifyRoots requires the signer's certificate to chain to roots (with
// the certificates the signature carries as intermediates) at the
// proof-of-existence time; otherwise the indication is INDETERMINATE,
// NO_CERTIFICATE_CHAIN_FOUND.
func VerifyRoots(roots *x509.CertPool) VerifyOption {
	return func(o *verifyOptions) { o.roots = roots }
}

// VerifyTSARoots requires a time-stamp's TSA certificate to chain to
// roots at the token's time for the time-stamp to count as proof of
// existence. Without it any validly signed time-stamp counts.
func VerifyTSARoots(roots *x509.CertPool) VerifyOption {
	return func(o *verifyOptions) { o.tsaRoots = roots }
}

// Verify checks the seal on doc: that a signature is there, that it is
// intact and made by the certificate it carries, and that it covers every
// byte of doc but its own value. A missing, broken or partial seal, a
// truncated or appended-to file, or bytes that are not a PDF at all are
// reported in the Verification, never as an error; Verify never trusts
// the signer, it names it. The error is only for a failure inside Verify
// itself, a bug, which it reports rather than crash the caller.
func Verify(doc []byte) (*Verification, error) {
	return VerifyAt(doc, time.Now())
}

// VerifyAt is Verify at the time now, the time the indication takes as
// the proof of existence when no time-stamp gives an earlier one, with
// the requirements opts add.
func VerifyAt(doc []byte, now time.Time, opts ...VerifyOption) (v *Verification, err error) {
	var o verifyOptions
	for _, opt := range opts {
		opt(&o)
	}
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
	v.Name, v.Reason, v.ByteRange, v.SubFilter, v.field = sig.name, sig.reason, sig.byteRange, sig.subFilter, sig.field
	if v.checkRange(doc, sig) {
		if damage != nil {
			v.problem("the PDF structure is damaged: " + damage.Error())
		}
		if sig.signatures > 1 {
			v.problem(fmt.Sprintf("the file holds %d signatures where a seal has one; the last was checked", sig.signatures))
		}
		if m := v.checkSignature(doc, sig); m != nil {
			v.longTerm(doc, m, now, &o)
		}
	}
	v.indicate(Indeterminate, FormatFailure) // the signature could not be checked
	return v, nil
}

// endsLikePDF reports whether doc ends with %%EOF and perhaps white space.
func endsLikePDF(doc []byte) bool {
	return bytes.HasSuffix(bytes.TrimRight(doc, "\x00\t\n\f\r "), []byte("%%EOF"))
}
