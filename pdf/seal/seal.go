package seal

import (
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Sealer seals PDFs with a clinic's X.509 certificate and private key. It
// holds no other state and is safe for concurrent use when its Key is.
type Sealer struct {
	// Cert is the signer's certificate; its public key matches Key.
	Cert *x509.Certificate
	// Chain holds the certificates that issued Cert, embedded so that a
	// reader can build the path to a root it trusts.
	Chain []*x509.Certificate
	// Key is Cert's private key: RSA or ECDSA.
	Key crypto.Signer
	// TSA, when set, time-stamps every signature (PAdES baseline B-T):
	// a seal then fails with ErrTimestampUnavailable rather than go
	// without. Without it seals are B-B.
	TSA Timestamper
	// Level is the PAdES baseline level SealContext seals at: LevelBB,
	// LevelBT, LevelBLT or LevelBLTA; empty means LevelBT with a TSA and
	// LevelBB without. B-T and above need TSA.
	Level string
	// TSAChain holds the certificates that issued the TSA's certificate,
	// up to its root, for the DSS of B-LT and B-LTA seals: a token
	// usually carries the TSA's own certificate alone.
	TSAChain []*x509.Certificate
	// Revocation fetches the OCSP responses and CRLs the DSS holds; nil
	// means a RevocationClient with its defaults.
	Revocation *RevocationClient
}

// ErrKeyMismatch reports a private key that does not belong to the
// certificate it was given with.
var ErrKeyMismatch = errors.New("seal: the private key does not match the certificate")

// sealFieldName is the signature field's name, shown by readers and pdfsig.
const sealFieldName = "Consentry seal"

// byteRangeWidth is the room left for " a b c" after /ByteRange [0: three
// offsets of up to ten digits each.
const byteRangeWidth = 33

// Seal is SealContext with context.Background().
func (s *Sealer) Seal(doc []byte, at time.Time, name, reason string) ([]byte, error) {
	return s.SealContext(context.Background(), doc, at, name, reason)
}

// SealContext returns doc with an incremental update appended that signs it: doc
// stays untouched as a prefix, followed by a signature field on the first
// page (invisible), the catalog's new form naming it, and a detached CMS
// signature over every byte of the result except the signature value
// itself: PAdES baseline B-B (ETSI EN 319 142-1), SubFilter
// ETSI.CAdES.detached, SHA-256, with an ESS signing-certificate-v2
// attribute. The claimed signing time is at, to the second, in the
// dictionary's /M alone (B-B allows no CMS signing-time attribute); name
// and reason fill /Name and /Reason when not empty.
//
// With s.TSA set the signature is PAdES baseline B-T: SealContext asks the
// TSA for an RFC 3161 token over the SHA-256 of the signature value and
// adds it as the unsigned attribute id-aa-signatureTimeStampToken. Any
// failure to get a valid token over the signature (the TSA down, slow past
// its timeout or ctx, refusing, or answering with a bad token) fails the
// seal with an error that wraps ErrTimestampUnavailable; nothing is
// returned then.
//
// doc must be an unencrypted PDF with classic cross-reference tables and no
// form yet, such as package pdf's Render writes; Seal returns an error for
// anything else and never panics. For a given doc, time, name, reason and
// RSA key a B-B seal is always the same; ECDSA signatures and time-stamps
// differ from run to run.
//
// At LevelBLT SealContext then appends a second incremental update, a
// Document Security Store with the certificates of the signer's and the
// TSA's chains and, for each that is not a root and names a source (an
// OCSP responder in its Authority Information Access, else a CRL
// distribution point), an OCSP response or CRL fetched now with
// s.Revocation; a source that fails fails the seal with an error that
// wraps ErrRevocationUnavailable. At LevelBLTA a third update holds a
// document time-stamp from s.TSA over all the rest. Each update only
// appends: the signature stays valid.
func (s *Sealer) SealContext(ctx context.Context, doc []byte, at time.Time, name, reason string) ([]byte, error) {
	if s == nil {
		return nil, errors.New("seal: the sealer has no certificate or no key")
	}
	level, err := s.level()
	if err != nil {
		return nil, err
	}
	var stamp stamper
	if levelRank(level) >= levelRank(LevelBT) {
		stamp = func(sig []byte) ([]byte, error) { return signatureTimestamp(ctx, s.TSA, sig) }
	}
	out, err := s.seal(doc, at, name, reason, stamp)
	if err != nil {
		return nil, err
	}
	return s.extend(ctx, out, level)
}

// stamper returns the time-stamp token to embed for the signature value
// sig; its errors wrap ErrTimestampUnavailable.
type stamper func(sig []byte) ([]byte, error)

// seal is SealContext with the time-stamping, if any, done by stamp.
func (s *Sealer) seal(doc []byte, at time.Time, name, reason string, stamp stamper) ([]byte, error) {
	sigSize, err := s.check()
	if err != nil {
		return nil, err
	}
	if at.IsZero() {
		return nil, errors.New("seal: no signing time")
	}
	reserve := sigSize + len(s.Cert.Raw) + len(s.Cert.RawIssuer) + len(s.Cert.SerialNumber.Bytes()) + cmsOverhead
	for _, c := range s.Chain {
		reserve += len(c.Raw)
	}
	if stamp != nil {
		reserve += timestampReserve
	}
	out, gapStart, gapEnd, err := prepareSeal(doc, at, name, reason, 2*reserve)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	h := sha256.New()
	h.Write(out[:gapStart])
	h.Write(out[gapEnd:])
	cms, err := s.signCMS(h.Sum(nil), stamp)
	if errors.Is(err, ErrTimestampUnavailable) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	if 2*len(cms) > gapEnd-gapStart-2 {
		return nil, fmt.Errorf("seal: the signature (%d bytes) outgrew its room (%d)", len(cms), reserve)
	}
	hex.Encode(out[gapStart+1:], cms)
	return out, nil
}

// check returns the largest signature s.Key makes, or why s cannot seal:
// ErrKeyMismatch, or another error.
func (s *Sealer) check() (int, error) {
	if s == nil || s.Cert == nil || s.Key == nil {
		return 0, errors.New("seal: the sealer has no certificate or no key")
	}
	for _, c := range s.Chain {
		if c == nil {
			return 0, errors.New("seal: the sealer's chain holds a nil certificate")
		}
	}
	pub, ok := s.Key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(s.Cert.PublicKey) {
		return 0, ErrKeyMismatch
	}
	n, err := maxSignatureSize(s.Key.Public())
	if err != nil {
		return 0, fmt.Errorf("seal: %w", err)
	}
	return n, nil
}
