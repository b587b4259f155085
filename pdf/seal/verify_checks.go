package seal

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"time"
)

// checkRange checks the byte range of sig against doc, sets Appended,
// CoversWholeFile and SignedRevision, and reports whether the signature
// can be checked, with the /Contents string that holds it.
func (v *Verification) checkRange(doc []byte, sig *sigDict) bool {
	br := sig.byteRange
	var end int64
	for i := 0; i < len(br); i += 2 {
		if br[i] < end || br[i+1] < 0 {
			v.problem("the signature's byte range is malformed")
			return false
		}
		end = br[i] + br[i+1]
	}
	size := int64(len(doc))
	if end > size {
		v.problem("the file is truncated")
		v.indicate(Indeterminate, SignedDataNotFound)
		return false
	}
	v.SignedRevision = doc[:end]
	v.Appended = end < size
	if gap := br[0] + br[1]; sig.contents.kind == kindNone && len(br) == 4 && gap < br[2] && doc[gap] == '<' {
		// Found by the fallback: the gap must be the hex string.
		if o, err := parseHex(doc, int(gap)); err == nil && int64(o.end) == br[2] {
			sig.contents = o
		}
	}
	c := sig.contents
	if c.kind != kindHex {
		v.problem("the signature value cannot be found")
		return false
	}
	rangeOK := len(br) == 4 && br[0] == 0 && int64(c.start) == br[1] && int64(c.end) == br[2] && followsContentsKey(doc, c.start)
	v.CoversWholeFile = rangeOK && end == size
	switch {
	case v.Appended && rangeOK:
		if err := checkUpdates(doc, end); err != nil {
			v.problem(errNotAnUpdate.Error())
			if err != errNotAnUpdate {
				v.problem(err.Error())
			}
		} else {
			v.ExtendedOnly = true
		}
	case v.Appended:
		v.problem(errNotAnUpdate.Error())
	case !v.CoversWholeFile:
		v.problem("the signature does not cover the whole file")
	}
	return true
}

// followsContentsKey reports whether the value at pos is that of a
// /Contents key.
func followsContentsKey(doc []byte, pos int) bool {
	key := bytes.TrimRight(doc[:pos], "\x00\t\n\f\r ")
	return bytes.HasSuffix(key, []byte("/Contents"))
}

// checkSignature reads the CMS signature in sig's /Contents and checks it
// against the bytes its range names, and sets its form's level; it
// returns the signature, or nil when it cannot be read.
func (v *Verification) checkSignature(doc []byte, sig *sigDict) *signedMessage {
	raw := doc[sig.contents.start+1 : sig.contents.end-1]
	der := decodeHex(raw)
	m, n, err := parseSignedData(der)
	if err != nil {
		v.problem("the signature value cannot be read: " + err.Error())
		return nil
	}
	v.Signer, v.Certificates, v.SigningTime = m.signer, m.certs, m.signingTime
	if v.SigningTime.IsZero() {
		v.SigningTime = sig.signedAt // PAdES: the claimed time is /M alone
	}
	if !canonicalHex(raw, der[:n]) {
		v.problem("the signature value was altered")
	}
	h := m.hash.New()
	for i := 0; i < len(sig.byteRange); i += 2 {
		h.Write(doc[sig.byteRange[i] : sig.byteRange[i]+sig.byteRange[i+1]])
	}
	digestOK := bytes.Equal(h.Sum(nil), m.messageDigest)
	if !digestOK {
		v.problem("the signature does not match the signed bytes")
		v.indicate(TotalFailed, HashFailure)
	}
	keyOK := m.signer.CheckSignature(m.sigAlg, m.signedAttrs, m.signature) == nil
	if !keyOK {
		v.problem("the signature was not made by its certificate's key")
		v.indicate(TotalFailed, SigCryptoFailure)
	}
	typeOK := m.contentType.Equal(oidData)
	if !typeOK {
		v.problem("the signature does not say what kind of content it signs")
		v.indicate(Indeterminate, FormatFailure)
	}
	certOK := true
	if m.certHash != nil {
		sum := sha256.Sum256(m.signer.Raw)
		certOK = bytes.Equal(sum[:], m.certHash)
	}
	if !certOK {
		v.problem("the signature names another certificate than the one it carries")
		v.indicate(Indeterminate, NoSigningCertificate)
	}
	v.SignatureValid = digestOK && keyOK && typeOK && certOK
	if t := v.SigningTime; !t.IsZero() && (t.Before(m.signer.NotBefore) || t.After(m.signer.NotAfter)) {
		v.problem("the signer's certificate was not valid at the signing time")
	}
	if v.SubFilter == "ETSI.CAdES.detached" && m.certHash != nil && m.signingTime.IsZero() {
		v.Level = "B-B"
		if len(m.timestamps) > 0 {
			v.Level = "B-T"
		}
	}
	return m
}

// checkTimestamps checks the signature time-stamps of m and returns the
// first, if it can be read, and whether it is intact and (with
// VerifyTSARoots) trusted: whether it may prove the signature existed at
// its time.
func (v *Verification) checkTimestamps(m *signedMessage, o *verifyOptions) (*token, bool) {
	if len(m.timestamps) == 0 {
		return nil, false
	}
	if len(m.timestamps) > 1 {
		v.problem(fmt.Sprintf("the signature holds %d time-stamps where a seal has one; the first was checked", len(m.timestamps)))
	}
	v.Timestamp = &TimestampInfo{}
	t, err := checkToken(m.timestamps[0])
	if err != nil {
		v.problem("the signature time-stamp cannot be read: " + err.Error())
		v.indicate(TotalFailed, FormatFailure)
		return nil, false
	}
	ts := v.Timestamp
	ts.Time, ts.Certificate = t.time, t.signer
	ts.TSASubject, ts.TSASerial = t.signer.Subject.String(), t.signer.SerialNumber.String()
	ts.SignatureValid, ts.ImprintValid = t.signature, t.imprintMatches(m.signature)
	if !ts.SignatureValid {
		v.problem("the signature time-stamp is not valid: " + t.problem)
		v.indicate(TotalFailed, SigCryptoFailure)
	}
	if !ts.ImprintValid {
		v.problem("the signature time-stamp does not stamp this signature")
		v.indicate(TotalFailed, HashFailure)
	}
	if o.tsaRoots != nil {
		ts.Trusted = verifyTSAChain(t, o.tsaRoots) == nil
	}
	return t, ts.SignatureValid && ts.ImprintValid && (o.tsaRoots == nil || ts.Trusted)
}

// indicatePOE sets the indication of an intact signature whose existence
// is proven at poe (by a time-stamp if proven, else poe is now): whether
// the signer's certificate was valid then, and chains to the roots asked
// for.
func (v *Verification) indicatePOE(m *signedMessage, poe time.Time, proven bool, o *verifyOptions) {
	cert := m.signer
	switch {
	case !poe.Before(cert.NotBefore) && !poe.After(cert.NotAfter):
	case proven:
		v.indicate(Indeterminate, OutOfBoundsNoPOE)
	default:
		v.indicate(Indeterminate, NoPOE)
	}
	switch {
	case v.Revocation != RevocationRevoked:
	case v.revokedAt == 0:
		v.indicate(Indeterminate, RevokedNoPOE)
	default:
		v.indicate(Indeterminate, RevokedCANoPOE)
	}
	if o.roots != nil {
		inter := x509.NewCertPool()
		for _, c := range m.certs {
			inter.AddCert(c)
		}
		if _, err := cert.Verify(x509.VerifyOptions{
			Roots: o.roots, Intermediates: inter, CurrentTime: poe, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
		}); err != nil {
			v.indicate(Indeterminate, NoCertificateChainFound)
		}
	}
	v.indicate(TotalPassed, "")
}

// canonicalHex reports whether raw is exactly der in lower-case hex
// followed by zeros, as Seal writes it: so that no byte of the file, not
// even in the signature's padding, can change unnoticed.
func canonicalHex(raw, der []byte) bool {
	const digits = "0123456789abcdef"
	if len(raw) < 2*len(der) {
		return false
	}
	for i, c := range der {
		if raw[2*i] != digits[c>>4] || raw[2*i+1] != digits[c&15] {
			return false
		}
	}
	for _, c := range raw[2*len(der):] {
		if c != '0' {
			return false
		}
	}
	return true
}
