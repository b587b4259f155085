package seal

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"errors"
	"math/big"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// This file reads and checks RFC 3161 time-stamp tokens: a CMS SignedData
// whose encapsulated content is a TSTInfo, signed by a time-stamping
// authority. Both SealContext (before it embeds a token) and Verify use it,
// so that what one accepts the other does too.

// token is what checkToken found out about a time-stamp token.
type token struct {
	time      time.Time
	hash      crypto.Hash // of the message imprint
	imprint   []byte
	serial    *big.Int // the token's serial number
	policy    encasn1.ObjectIdentifier
	nonce     *big.Int // nil when absent
	signer    *x509.Certificate
	certs     []*x509.Certificate
	signature bool   // the TSA's signature over the TSTInfo holds
	problem   string // why signature is false
}

var errToken = errors.New("it is not a well-formed RFC 3161 time-stamp token")

// checkToken reads the DER TimeStampToken der and checks the TSA's
// signature over it; the imprint is left to the caller. It returns an
// error when der cannot be read at all.
func checkToken(der []byte) (*token, error) {
	m, n, err := parseCMS(der, false)
	if err != nil {
		return nil, err
	}
	if n != len(der) || !m.eContentType.Equal(oidTSTInfo) {
		return nil, errToken
	}
	t, err := parseTSTInfo(m.content)
	if err != nil {
		return nil, err
	}
	t.signer, t.certs = m.signer, m.certs
	h := m.hash.New()
	h.Write(m.content)
	switch {
	case !bytes.Equal(h.Sum(nil), m.messageDigest):
		t.problem = "its signature does not match its content"
	case m.signer.CheckSignature(m.sigAlg, m.signedAttrs, m.signature) != nil:
		t.problem = "it was not signed by its TSA certificate's key"
	case !m.contentType.Equal(oidTSTInfo):
		t.problem = "its signed content type is not TSTInfo"
	case m.certHash != nil && !bytes.Equal(sha256Of(m.signer.Raw), m.certHash):
		t.problem = "it names another TSA certificate than the one it carries"
	case !slices.Contains(m.signer.ExtKeyUsage, x509.ExtKeyUsageTimeStamping):
		t.problem = "its certificate is not a time-stamping authority's"
	default:
		t.signature = true
	}
	return t, nil
}

// imprintMatches reports whether t's message imprint is the digest, by
// t's own hash function, of data.
func (t *token) imprintMatches(data []byte) bool {
	if !t.hash.Available() {
		return false
	}
	h := t.hash.New()
	h.Write(data)
	return bytes.Equal(h.Sum(nil), t.imprint)
}

// parseTSTInfo reads the TSTInfo (RFC 3161, 2.4.2) der up to its nonce.
func parseTSTInfo(der []byte) (*token, error) {
	s := cryptobyte.String(der)
	var info, mi, genTime cryptobyte.String
	var version int64
	var alg encasn1.ObjectIdentifier
	t := &token{serial: new(big.Int)}
	if !s.ReadASN1(&info, asn1.SEQUENCE) || !s.Empty() ||
		!info.ReadASN1Integer(&version) || version != 1 ||
		!info.ReadASN1ObjectIdentifier(&t.policy) ||
		!info.ReadASN1(&mi, asn1.SEQUENCE) || !readAlgorithm(&mi, &alg) || !mi.ReadASN1Bytes(&t.imprint, asn1.OCTET_STRING) ||
		!info.ReadASN1Integer(t.serial) ||
		!info.ReadASN1(&genTime, asn1.GeneralizedTime) ||
		!info.SkipOptionalASN1(asn1.SEQUENCE) || // accuracy
		!info.SkipOptionalASN1(asn1.BOOLEAN) { // ordering
		return nil, errToken
	}
	if info.PeekASN1Tag(asn1.INTEGER) {
		t.nonce = new(big.Int)
		if !info.ReadASN1Integer(t.nonce) {
			return nil, errToken
		}
	}
	var ok bool
	if t.time, ok = parseGeneralizedTime(string(genTime)); !ok {
		return nil, errToken
	}
	switch {
	case alg.Equal(oidSHA256):
		t.hash = crypto.SHA256
	case alg.Equal(oidSHA384):
		t.hash = crypto.SHA384
	case alg.Equal(oidSHA512):
		t.hash = crypto.SHA512
	}
	return t, nil
}

// parseGeneralizedTime reads a GeneralizedTime as RFC 3161 writes it: UTC,
// "Z", with fractions of a second perhaps.
func parseGeneralizedTime(s string) (time.Time, bool) {
	whole, frac, hasFrac := strings.Cut(strings.TrimSuffix(s, "Z"), ".")
	if !strings.HasSuffix(s, "Z") || len(whole) != 14 || !allDigits([]byte(whole)) ||
		hasFrac && (frac == "" || !allDigits([]byte(frac)) || len(frac) > 9 || frac[len(frac)-1] == '0') {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102150405", whole)
	if err != nil {
		return time.Time{}, false
	}
	if hasFrac {
		ns := 0
		for i := range 9 {
			ns *= 10
			if i < len(frac) {
				ns += int(frac[i] - '0')
			}
		}
		t = t.Add(time.Duration(ns))
	}
	return t, true
}

// sha256Of returns the SHA-256 digest of b.
func sha256Of(b []byte) []byte {
	sum := sha256.Sum256(b)
	return sum[:]
}
