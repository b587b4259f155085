package seal

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"slices"
	"time"
)

// This file judges the long-term part of a seal: the document time-stamps
// after it, the Document Security Store, the proof of existence they give
// together, revocation, and the level reached.

// Kinds of SignatureReport.
const (
	// KindSignature is the record's seal: a CAdES signature.
	KindSignature = "signature"
	// KindDocumentTimestamp is a document time-stamp (SubFilter
	// ETSI.RFC3161).
	KindDocumentTimestamp = "document-timestamp"
)

// Revocation statuses of a certificate chain, as SignatureReport.Revocation
// and Verification.Revocation report them.
const (
	// RevocationGood: every certificate of the chain but its root has
	// revocation data in the DSS, and none was revoked at the time.
	RevocationGood = "good"
	// RevocationRevoked: the DSS says a certificate of the chain was
	// revoked at or before the time.
	RevocationRevoked = "revoked"
	// RevocationUnknown: some certificate of the chain but its root has
	// no revocation data in the DSS, or the chain does not reach a root.
	RevocationUnknown = "unknown"
	// RevocationNotNeeded: the chain is a self-signed certificate alone.
	RevocationNotNeeded = "not-needed"
)

// Sub-indications of ETSI EN 319 102-1 about revocation.
const (
	RevokedNoPOE   = "REVOKED_NO_POE"    // the signer's certificate was revoked before the proof of existence
	RevokedCANoPOE = "REVOKED_CA_NO_POE" // a CA certificate of the chain was revoked before it
)

// SignatureReport is one signature in a file: the record's seal or a
// document time-stamp.
type SignatureReport struct {
	// Kind is KindSignature or KindDocumentTimestamp.
	Kind string
	// Field is the signature field's name.
	Field string
	// SubFilter is the signature dictionary's /SubFilter.
	SubFilter string
	// Level is the seal's PAdES level; "" for a document time-stamp.
	Level string
	// Time is a document time-stamp's genTime; for the seal, its
	// signature time-stamp's, else the claimed signing time /M.
	Time time.Time
	// TimeStamped reports that Time is a TSA's, not the signer's claim.
	TimeStamped bool
	// TSASubject names the TSA's certificate, when time-stamped;
	// TSACertificate is that certificate.
	TSASubject     string
	TSACertificate *x509.Certificate
	// Indication and SubIndication are this signature's ETSI EN 319
	// 102-1 result: for a document time-stamp, TOTAL-PASSED when its
	// token is intact, stamps exactly its byte range, and is a proof of
	// existence (its TSA's certificate valid, and not revoked, at the
	// time the next later proof gives, or now).
	Indication, SubIndication string
	// Revocation is the status of the chain (the signer's, or the
	// TSA's) at Time, from the DSS: one of the Revocation constants.
	Revocation string
	// ByteRange is the signature's /ByteRange.
	ByteRange []int64
}

// DSSInfo describes a file's Document Security Store.
type DSSInfo struct {
	// Certificates, OCSPs, CRLs and VRI count its items.
	Certificates, OCSPs, CRLs, VRI int
	// Complete reports that it holds every certificate of the signer's
	// and the signature time-stamp's TSA's paths to a root, and
	// revocation data for each that is not a root: the seal is B-LT.
	Complete bool
	// Missing names, in words, what keeps it from being complete.
	Missing []string
}

// docStamp is a document time-stamp being judged.
type docStamp struct {
	sig    *sigDict
	tok    *token
	intact bool // readable, validly signed, stamps its byte range
	report SignatureReport
}

// longTerm judges the time-stamps and DSS of the seal m in doc at now,
// and sets the level, the reports and the indication.
func (v *Verification) longTerm(doc []byte, m *signedMessage, now time.Time, o *verifyOptions) {
	x, err := readXref(doc)
	var d *dss
	if err == nil {
		d, err = readDSS(x)
	}
	if err != nil {
		v.problem("the document security store cannot be read: " + err.Error())
		d = newDSS()
	}
	pool := append(slices.Clone(m.certs), parseCerts(d.certs)...)

	// The document time-stamps, in the order their ranges end.
	sigs, _ := signaturesFromForm(doc)
	var stamps []*docStamp
	for _, s := range sigs {
		if s.docTimestamp {
			stamps = append(stamps, v.checkDocTimestamp(doc, s, o))
		}
	}
	slices.SortFunc(stamps, func(a, b *docStamp) int { return int(a.sig.end() - b.sig.end()) })
	for _, s := range stamps {
		if s.tok != nil {
			pool = append(pool, s.tok.certs...)
		}
	}

	// The signature time-stamp.
	sigTok, sigTokOK := v.checkTimestamps(m, o)
	if sigTok != nil {
		pool = append(pool, sigTok.certs...)
	}

	// Proof of existence: from the newest document time-stamp back, each
	// counts when its TSA's certificate was valid, and not revoked, at
	// the time the next newer proof gives (now for the newest).
	cur, proven := now, false
	for i := len(stamps) - 1; i >= 0; i-- {
		s := stamps[i]
		if !s.intact {
			continue
		}
		rev, _, _ := chainStatus(d, s.tok.signer, pool, s.tok.time)
		s.report.Revocation = rev
		switch {
		case o.tsaRoots != nil && verifyTSAChain(s.tok, o.tsaRoots) != nil:
			s.report.Indication, s.report.SubIndication = Indeterminate, NoCertificateChainFound
		case cur.Before(s.tok.signer.NotBefore) || cur.After(s.tok.signer.NotAfter):
			s.report.Indication, s.report.SubIndication = Indeterminate, NoPOE
		case rev == RevocationRevoked:
			s.report.Indication, s.report.SubIndication = Indeterminate, RevokedNoPOE
		default:
			s.report.Indication = TotalPassed
			cur, proven = s.tok.time, true
		}
	}
	poe := cur
	if sigTok != nil && sigTokOK {
		rev, _, _ := chainStatus(d, sigTok.signer, pool, sigTok.time)
		if !cur.Before(sigTok.signer.NotBefore) && !cur.After(sigTok.signer.NotAfter) && rev != RevocationRevoked {
			poe, proven = sigTok.time, true
		}
	}
	v.ProofOfExistence = poe
	v.Revocation, v.revokedAt, _ = chainStatus(d, m.signer, pool, poe)
	v.indicatePOE(m, poe, proven, o)

	// The level.
	if x != nil && d != nil && (len(d.certs) > 0 || len(d.vri) > 0) {
		info := &DSSInfo{Certificates: len(d.certs), OCSPs: len(d.ocsps), CRLs: len(d.crls), VRI: len(d.vri)}
		info.Complete, info.Missing = ltComplete(d, m, sigTok, pool)
		v.DSS = info
		if v.Level == LevelBT && info.Complete && v.ExtendedOnly {
			v.Level = LevelBLT
		}
	}
	if v.Level == LevelBLT {
		for i := len(stamps) - 1; i >= 0; i-- {
			s := stamps[i]
			if !s.intact || o.tsaRoots != nil && verifyTSAChain(s.tok, o.tsaRoots) != nil {
				continue
			}
			if ok, _ := ltCompleteAt(doc[:s.sig.end()], m, sigTok, pool); ok {
				v.Level = LevelBLTA
			}
			break
		}
	}

	// The reports: the seal first, then the document time-stamps.
	seal := SignatureReport{
		Kind: KindSignature, Field: v.field, SubFilter: v.SubFilter, Level: v.Level, Time: v.SigningTime,
		Revocation: v.Revocation, ByteRange: v.ByteRange, Indication: v.Indication, SubIndication: v.SubIndication,
	}
	if sigTok != nil {
		seal.Time, seal.TimeStamped, seal.TSASubject, seal.TSACertificate = sigTok.time, true, sigTok.signer.Subject.String(), sigTok.signer
	}
	v.Signatures = append(v.Signatures[:0], seal)
	for _, s := range stamps {
		v.Signatures = append(v.Signatures, s.report)
	}
}

// checkDocTimestamp checks the document time-stamp s of doc.
func (v *Verification) checkDocTimestamp(doc []byte, s *sigDict, o *verifyOptions) *docStamp {
	ds := &docStamp{sig: s, report: SignatureReport{
		Kind: KindDocumentTimestamp, Field: s.field, SubFilter: s.subFilter, ByteRange: s.byteRange,
	}}
	fail := func(sub, problem string) *docStamp {
		ds.report.Indication, ds.report.SubIndication = TotalFailed, sub
		ds.intact = false
		v.problem(fmt.Sprintf("the document time-stamp %q %s", s.field, problem))
		return ds
	}
	br, c := s.byteRange, s.contents
	if len(br) != 4 || br[0] != 0 || c.kind != kindHex || int64(c.start) != br[1] || int64(c.end) != br[2] ||
		br[2]+br[3] > int64(len(doc)) || !followsContentsKey(doc, c.start) {
		return fail(FormatFailure, "does not cover the file up to itself")
	}
	raw := doc[c.start+1 : c.end-1]
	der := trimDER(decodeHex(raw))
	if !canonicalHex(raw, der) {
		return fail(FormatFailure, "was altered")
	}
	t, err := checkToken(der)
	if err != nil {
		return fail(FormatFailure, "cannot be read: "+err.Error())
	}
	ds.tok = t
	ds.report.Time, ds.report.TimeStamped, ds.report.TSASubject, ds.report.TSACertificate = t.time, true, t.signer.Subject.String(), t.signer
	if !t.signature {
		return fail(SigCryptoFailure, "is not valid: "+t.problem)
	}
	if !t.hash.Available() {
		return fail(FormatFailure, "uses a digest Consentry does not check")
	}
	h := t.hash.New()
	h.Write(doc[br[0] : br[0]+br[1]])
	h.Write(doc[br[2] : br[2]+br[3]])
	if !bytes.Equal(h.Sum(nil), t.imprint) {
		return fail(HashFailure, "does not match the bytes it stamps")
	}
	if end := br[2] + br[3]; end < int64(len(doc)) {
		if err := checkUpdates(doc, end); err != nil {
			if err == errNotAnUpdate {
				return fail(FormatFailure, "is followed by bytes that are not an incremental update")
			}
			return fail(FormatFailure, "is followed by changes: "+err.Error())
		}
	}
	ds.intact = true
	return ds
}

// parseCerts parses the DER certificates it can.
func parseCerts(ders [][]byte) []*x509.Certificate {
	var out []*x509.Certificate
	for _, der := range ders {
		if c, err := x509.ParseCertificate(der); err == nil {
			out = append(out, c)
		}
	}
	return out
}

// certStatus is what the revocation data in d says about cert, issued
// by issuer: known if an OCSP response or CRL for it verifies; revoked,
// at the earliest time any says, if one does.
func certStatus(d *dss, cert, issuer *x509.Certificate) status {
	var out status
	merge := func(st status) {
		if st.err != nil || !st.known {
			return
		}
		out.known = true
		if st.revoked && (!out.revoked || st.revokedAt.Before(out.revokedAt)) {
			out.revoked, out.revokedAt = true, st.revokedAt
		}
	}
	for _, der := range d.ocsps {
		merge(ocspResponseStatus(der, cert, issuer))
	}
	for _, der := range d.crls {
		if crl, err := x509.ParseRevocationList(der); err == nil && bytes.Equal(crl.RawIssuer, cert.RawIssuer) {
			merge(crlStatus(der, cert, issuer))
		}
	}
	return out
}

// chainStatus returns the revocation status at t of leaf's chain, built
// from pool, by the data in d, and the index in the chain of the first
// certificate revoked by then (-1 for none).
func chainStatus(d *dss, leaf *x509.Certificate, pool []*x509.Certificate, t time.Time) (string, int, []*x509.Certificate) {
	chain, rooted := path(leaf, pool)
	if rooted && len(chain) == 1 {
		return RevocationNotNeeded, -1, chain
	}
	result := RevocationGood
	if !rooted {
		result = RevocationUnknown
	}
	for i := 0; i+1 < len(chain); i++ {
		st := certStatus(d, chain[i], chain[i+1])
		if st.revokedBy(t) {
			return RevocationRevoked, i, chain
		}
		if !st.known {
			result = RevocationUnknown
		}
	}
	if !rooted && d != nil {
		// The last certificate's issuer is unknown: its data cannot be
		// checked.
		result = RevocationUnknown
	}
	return result, -1, chain
}

// ltComplete reports whether d holds what B-LT needs for the seal m and
// its signature time-stamp t: every certificate of each path to a root,
// and revocation data for each but the root; and what is missing.
func ltComplete(d *dss, m *signedMessage, t *token, pool []*x509.Certificate) (bool, []string) {
	leaves := []*x509.Certificate{m.signer}
	if t != nil {
		leaves = append(leaves, t.signer)
	}
	var missing []string
	for _, leaf := range leaves {
		chain, rooted := path(leaf, pool)
		if !rooted {
			missing = append(missing, "no path to a root for "+chain[len(chain)-1].Subject.String())
		}
		for i, c := range chain {
			if !slices.ContainsFunc(d.certs, func(b []byte) bool { return bytes.Equal(b, c.Raw) }) {
				missing = append(missing, "the certificate of "+c.Subject.String())
			}
			if i+1 < len(chain) && !certStatus(d, c, chain[i+1]).known {
				missing = append(missing, "revocation data for "+c.Subject.String())
			}
		}
	}
	return len(missing) == 0, missing
}

// ltCompleteAt is ltComplete for the DSS of the revision rev.
func ltCompleteAt(rev []byte, m *signedMessage, t *token, pool []*x509.Certificate) (bool, []string) {
	x, err := readXref(rev)
	if err != nil {
		return false, nil
	}
	d, err := readDSS(x)
	if err != nil {
		return false, nil
	}
	return ltComplete(d, m, t, append(slices.Clone(pool), parseCerts(d.certs)...))
}
