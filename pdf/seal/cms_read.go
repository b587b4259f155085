package seal

import (
	"bytes"
	"crypto"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"errors"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// signedMessage is what Verify reads from a detached CMS SignedData with
// one signer.
type signedMessage struct {
	certs         []*x509.Certificate
	signer        *x509.Certificate
	hash          crypto.Hash // of the content and of the signed attributes
	sigAlg        x509.SignatureAlgorithm
	signedAttrs   []byte // the DER SET OF the signature covers
	signature     []byte
	contentType   encasn1.ObjectIdentifier
	messageDigest []byte
	signingTime   time.Time
	certHash      []byte // from signing-certificate-v2, SHA-256, if present

	// eContentType and content are the encapsulated content, when the
	// SignedData is not detached (a time-stamp token's TSTInfo).
	eContentType encasn1.ObjectIdentifier
	content      []byte
	// timestamps are the values of the unsigned attribute
	// id-aa-signatureTimeStampToken: DER TimeStampTokens.
	timestamps [][]byte
}

// maxCertificates bounds the certificates read from one signature.
const maxCertificates = 16

var (
	errCMS            = errors.New("it is not a well-formed CMS signature")
	errCMSAlgorithm   = errors.New("it uses an algorithm Consentry does not check")
	errCMSNoSigner    = errors.New("it does not carry its signer's certificate")
	errCMSOneSigner   = errors.New("it must have exactly one signer")
	errCMSNotDetached = errors.New("it is not a detached signature")
)

// maxTimestamps bounds the signature time-stamps read from one signature.
const maxTimestamps = 4

// parseSignedData reads the detached ContentInfo at the start of der and
// returns it and how many bytes it takes.
func parseSignedData(der []byte) (*signedMessage, int, error) {
	return parseCMS(der, true)
}

// parseCMS reads the ContentInfo holding a SignedData with one signer at
// the start of der, detached or not, and returns it and how many bytes it
// takes.
func parseCMS(der []byte, detached bool) (*signedMessage, int, error) {
	s := cryptobyte.String(der)
	var ci, body, content, sd, digestAlgs, encap, certs, infos cryptobyte.String
	var oid encasn1.ObjectIdentifier
	var version int64
	var hasCerts bool
	if !s.ReadASN1Element(&ci, asn1.SEQUENCE) {
		return nil, 0, errCMS
	}
	used := len(der) - len(s)
	if !ci.ReadASN1(&body, asn1.SEQUENCE) || !body.ReadASN1ObjectIdentifier(&oid) || !oid.Equal(oidSignedData) ||
		!body.ReadASN1(&content, tagContextConstructed) || !content.ReadASN1(&sd, asn1.SEQUENCE) ||
		!sd.ReadASN1Integer(&version) || !sd.ReadASN1(&digestAlgs, asn1.SET) ||
		!sd.ReadASN1(&encap, asn1.SEQUENCE) || !encap.ReadASN1ObjectIdentifier(&oid) ||
		!sd.ReadOptionalASN1(&certs, &hasCerts, tagContextConstructed) ||
		!sd.SkipOptionalASN1(asn1.Tag(1).ContextSpecific().Constructed()) ||
		!sd.ReadASN1(&infos, asn1.SET) {
		return nil, 0, errCMS
	}
	m := &signedMessage{eContentType: oid}
	switch {
	case detached && !encap.Empty():
		return nil, 0, errCMSNotDetached
	case !detached:
		var explicit cryptobyte.String
		if !encap.ReadASN1(&explicit, tagContextConstructed) || !explicit.ReadASN1Bytes(&m.content, asn1.OCTET_STRING) ||
			!explicit.Empty() || !encap.Empty() {
			return nil, 0, errCMS
		}
	}
	for !certs.Empty() {
		var c cryptobyte.String
		if len(m.certs) == maxCertificates || !certs.ReadASN1Element(&c, asn1.SEQUENCE) {
			return nil, 0, errCMS
		}
		cert, err := x509.ParseCertificate(c)
		if err != nil {
			return nil, 0, errCMS
		}
		m.certs = append(m.certs, cert)
	}
	var info cryptobyte.String
	if !infos.ReadASN1(&info, asn1.SEQUENCE) {
		return nil, 0, errCMS
	}
	if !infos.Empty() {
		return nil, 0, errCMSOneSigner
	}
	if err := m.readSignerInfo(info); err != nil {
		return nil, 0, err
	}
	return m, used, nil
}

// readSignerInfo reads a SignerInfo into m.
func (m *signedMessage) readSignerInfo(info cryptobyte.String) error {
	var version int64
	var digestAlg, sigAlg encasn1.ObjectIdentifier
	var attrs cryptobyte.String
	if !info.ReadASN1Integer(&version) {
		return errCMS
	}
	switch {
	case info.PeekASN1Tag(asn1.SEQUENCE):
		var ias, issuer cryptobyte.String
		serial := new(big.Int)
		if !info.ReadASN1(&ias, asn1.SEQUENCE) || !ias.ReadASN1Element(&issuer, asn1.SEQUENCE) || !ias.ReadASN1Integer(serial) {
			return errCMS
		}
		for _, c := range m.certs {
			if bytes.Equal(c.RawIssuer, issuer) && c.SerialNumber.Cmp(serial) == 0 {
				m.signer = c
				break
			}
		}
	default:
		var keyID []byte
		if !info.ReadASN1Bytes(&keyID, asn1.Tag(0).ContextSpecific()) {
			return errCMS
		}
		for _, c := range m.certs {
			if len(keyID) > 0 && bytes.Equal(c.SubjectKeyId, keyID) {
				m.signer = c
				break
			}
		}
	}
	if !readAlgorithm(&info, &digestAlg) ||
		!info.ReadASN1Element(&attrs, tagContextConstructed) ||
		!readAlgorithm(&info, &sigAlg) ||
		!info.ReadASN1Bytes(&m.signature, asn1.OCTET_STRING) {
		return errCMS
	}
	var unsigned cryptobyte.String
	var hasUnsigned bool
	if !info.ReadOptionalASN1(&unsigned, &hasUnsigned, asn1.Tag(1).ContextSpecific().Constructed()) {
		return errCMS
	}
	if err := m.readUnsignedAttributes(unsigned); err != nil {
		return err
	}
	if m.signer == nil {
		return errCMSNoSigner
	}
	var ok bool
	if m.hash, m.sigAlg, ok = algorithms(digestAlg, sigAlg); !ok {
		return errCMSAlgorithm
	}
	m.signedAttrs = bytes.Clone(attrs)
	m.signedAttrs[0] = 0x31 // the signature covers the attributes tagged as a SET OF
	return m.readAttributes(asn1Body(attrs))
}

// readAlgorithm reads an AlgorithmIdentifier's OID, ignoring parameters.
func readAlgorithm(s *cryptobyte.String, oid *encasn1.ObjectIdentifier) bool {
	var alg cryptobyte.String
	return s.ReadASN1(&alg, asn1.SEQUENCE) && alg.ReadASN1ObjectIdentifier(oid)
}

// algorithms maps a SignerInfo's digest and signature algorithms to what
// the standard library checks.
func algorithms(digest, sig encasn1.ObjectIdentifier) (crypto.Hash, x509.SignatureAlgorithm, bool) {
	table := []struct {
		digest        encasn1.ObjectIdentifier
		hash          crypto.Hash
		rsaSig, ecSig encasn1.ObjectIdentifier
		rsa, ecdsa    x509.SignatureAlgorithm
	}{
		{oidSHA256, crypto.SHA256, oidSHA256WithRSA, oidECDSAWithSHA256, x509.SHA256WithRSA, x509.ECDSAWithSHA256},
		{oidSHA384, crypto.SHA384, oidSHA384WithRSA, oidECDSAWithSHA384, x509.SHA384WithRSA, x509.ECDSAWithSHA384},
		{oidSHA512, crypto.SHA512, oidSHA512WithRSA, oidECDSAWithSHA512, x509.SHA512WithRSA, x509.ECDSAWithSHA512},
	}
	for _, t := range table {
		if !digest.Equal(t.digest) {
			continue
		}
		switch {
		case sig.Equal(oidRSAEncryption) || sig.Equal(t.rsaSig):
			return t.hash, t.rsa, true
		case sig.Equal(oidECPublicKey) || sig.Equal(t.ecSig):
			return t.hash, t.ecdsa, true
		}
	}
	return 0, 0, false
}

// readAttributes reads the signed attributes Verify checks; each may occur
// once.
func (m *signedMessage) readAttributes(attrs cryptobyte.String) error {
	seen := map[string]bool{}
	for !attrs.Empty() {
		var attr, values cryptobyte.String
		var oid encasn1.ObjectIdentifier
		if !attrs.ReadASN1(&attr, asn1.SEQUENCE) || !attr.ReadASN1ObjectIdentifier(&oid) || !attr.ReadASN1(&values, asn1.SET) {
			return errCMS
		}
		if seen[oid.String()] {
			return errCMS
		}
		seen[oid.String()] = true
		ok := true
		switch {
		case oid.Equal(oidAttrContentType):
			ok = values.ReadASN1ObjectIdentifier(&m.contentType)
		case oid.Equal(oidAttrMessageDigest):
			ok = values.ReadASN1Bytes(&m.messageDigest, asn1.OCTET_STRING)
		case oid.Equal(oidAttrSigningTime):
			if values.PeekASN1Tag(asn1.UTCTime) {
				ok = values.ReadASN1UTCTime(&m.signingTime)
			} else {
				ok = values.ReadASN1GeneralizedTime(&m.signingTime)
			}
		case oid.Equal(oidAttrSigningCertV2):
			var sc, ids, id cryptobyte.String
			ok = values.ReadASN1(&sc, asn1.SEQUENCE) && sc.ReadASN1(&ids, asn1.SEQUENCE) && ids.ReadASN1(&id, asn1.SEQUENCE)
			if ok && id.PeekASN1Tag(asn1.SEQUENCE) {
				var alg encasn1.ObjectIdentifier
				ok = readAlgorithm(&id, &alg) && alg.Equal(oidSHA256)
			}
			ok = ok && id.ReadASN1Bytes(&m.certHash, asn1.OCTET_STRING)
		}
		if !ok {
			return errCMS
		}
	}
	return nil
}

// readUnsignedAttributes keeps the signature time-stamp tokens among the
// unsigned attributes attrs.
func (m *signedMessage) readUnsignedAttributes(attrs cryptobyte.String) error {
	for !attrs.Empty() {
		var attr, values cryptobyte.String
		var oid encasn1.ObjectIdentifier
		if !attrs.ReadASN1(&attr, asn1.SEQUENCE) || !attr.ReadASN1ObjectIdentifier(&oid) || !attr.ReadASN1(&values, asn1.SET) {
			return errCMS
		}
		if !oid.Equal(oidAttrTimestampToken) {
			continue
		}
		for !values.Empty() {
			var token cryptobyte.String
			if len(m.timestamps) == maxTimestamps || !values.ReadASN1Element(&token, asn1.SEQUENCE) {
				return errCMS
			}
			m.timestamps = append(m.timestamps, token)
		}
	}
	return nil
}
