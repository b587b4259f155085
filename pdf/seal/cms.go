package seal

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// This file builds the CMS SignedData (RFC 5652) that seals a PDF: detached,
// SHA-256, with the signed attributes content-type, message-digest and ESS
// signing-certificate-v2 (RFC 5035), and the signer's certificate and
// chain. It is a CAdES-B signature as PAdES baseline B-B (ETSI EN 319
// 142-1) wants it: no signing-time attribute, since the claimed signing
// time is the signature dictionary's /M.

// tagContextConstructed is the tag [0] of a constructed, context-specific
// field such as SignedData's certificates.
var tagContextConstructed = asn1.Tag(0).ContextSpecific().Constructed()

// cmsOverhead bounds the bytes of a SignedData beyond its certificates,
// issuer name, serial number and signature value; the attributes and
// algorithm identifiers take about 300.
const cmsOverhead = 512

// maxSignatureSize is the largest signature pub's key makes.
func maxSignatureSize(pub crypto.PublicKey) (int, error) {
	switch pub := pub.(type) {
	case *rsa.PublicKey:
		return pub.Size(), nil
	case *ecdsa.PublicKey:
		n := (pub.Curve.Params().BitSize + 7) / 8
		return 2*n + 9, nil // SEQUENCE of two INTEGERs, each up to n+1 bytes
	}
	return 0, fmt.Errorf("unsupported key type %T: use RSA or ECDSA", pub)
}

// signCMS returns a detached SignedData over the content whose SHA-256 is
// digest, made by s, with the time-stamp token stamp returns if stamp is
// not nil.
func (s *Sealer) signCMS(digest []byte, stamp stamper) ([]byte, error) {
	attrs, err := signedAttributes(digest, s.Cert)
	if err != nil {
		return nil, err
	}
	h := sha256.Sum256(attrs)
	sig, err := s.Key.Sign(rand.Reader, h[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	var unsigned []byte
	if stamp != nil {
		tok, err := stamp(sig)
		if err != nil {
			return nil, err
		}
		unsigned = attribute(oidAttrTimestampToken, func(b *cryptobyte.Builder) { b.AddBytes(tok) })
		if unsigned == nil {
			return nil, fmt.Errorf("%w: the token cannot be encoded", ErrTimestampUnavailable)
		}
	}
	sigAlg, params := oidECDSAWithSHA256, false
	if _, ok := s.Key.Public().(*rsa.PublicKey); ok {
		sigAlg, params = oidRSAEncryption, true
	}
	size := len(s.Cert.Raw) + len(sig) + len(attrs) + len(s.Cert.RawIssuer) + len(unsigned) + cmsOverhead
	for _, c := range s.Chain {
		size += len(c.Raw)
	}
	b := cryptobyte.NewBuilder(make([]byte, 0, size))
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // ContentInfo
		b.AddASN1ObjectIdentifier(oidSignedData)
		b.AddASN1(tagContextConstructed, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignedData
				b.AddASN1Int64(1)
				b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) { addAlgorithm(b, oidSHA256, false) })
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) })
				b.AddASN1(tagContextConstructed, func(b *cryptobyte.Builder) {
					b.AddBytes(s.Cert.Raw)
					for _, c := range s.Chain {
						if !bytes.Equal(c.Raw, s.Cert.Raw) {
							b.AddBytes(c.Raw)
						}
					}
				})
				b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignerInfo
						b.AddASN1Int64(1)
						b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddBytes(s.Cert.RawIssuer)
							b.AddASN1BigInt(s.Cert.SerialNumber)
						})
						addAlgorithm(b, oidSHA256, false)
						b.AddASN1(tagContextConstructed, func(b *cryptobyte.Builder) {
							b.AddBytes(asn1Body(attrs))
						})
						addAlgorithm(b, sigAlg, params)
						b.AddASN1OctetString(sig)
						if unsigned != nil {
							b.AddASN1(asn1.Tag(1).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
								b.AddBytes(unsigned)
							})
						}
					})
				})
			})
		})
	})
	return b.Bytes()
}

// signatureTimestamp asks tsa for a token over the signature value sig and
// checks it as Verify will. It returns when ctx is done even if tsa does
// not. Its errors wrap ErrTimestampUnavailable.
func signatureTimestamp(ctx context.Context, tsa Timestamper, sig []byte) ([]byte, error) {
	imprint := sha256.Sum256(sig)
	tok, t, err := timestampDigest(ctx, tsa, imprint[:])
	if err != nil {
		return nil, err
	}
	if !t.imprintMatches(sig) {
		return nil, fmt.Errorf("%w: the token is not over the signature", ErrTimestampUnavailable)
	}
	return tok, nil
}

// timestampDigest asks tsa for a token over the SHA-256 digest and checks
// it as Verify will: readable, validly signed by a time-stamping
// certificate, over digest. It returns when ctx is done even if tsa does
// not. Its errors wrap ErrTimestampUnavailable.
func timestampDigest(ctx context.Context, tsa Timestamper, digest []byte) ([]byte, *token, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrTimestampUnavailable, err)
	}
	type answer struct {
		tok []byte
		err error
	}
	done := make(chan answer, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- answer{nil, fmt.Errorf("the time-stamper panicked: %v", r)}
			}
		}()
		tok, err := tsa.Timestamp(ctx, digest)
		done <- answer{tok, err}
	}()
	var a answer
	select {
	case a = <-done:
	case <-ctx.Done():
		a.err = ctx.Err()
	}
	if a.err != nil {
		if errors.Is(a.err, ErrTimestampUnavailable) {
			return nil, nil, a.err
		}
		return nil, nil, fmt.Errorf("%w: %w", ErrTimestampUnavailable, a.err)
	}
	t, err := checkToken(a.tok)
	switch {
	case err != nil:
		return nil, nil, fmt.Errorf("%w: the token cannot be read: %w", ErrTimestampUnavailable, err)
	case !t.signature:
		return nil, nil, fmt.Errorf("%w: the token is not valid: %s", ErrTimestampUnavailable, t.problem)
	case t.hash != crypto.SHA256 || !bytes.Equal(t.imprint, digest):
		return nil, nil, fmt.Errorf("%w: the token is not over the digest asked for", ErrTimestampUnavailable)
	}
	return a.tok, t, nil
}

// signedAttributes returns the DER SET OF the signed attributes: the
// bytes the signature covers.
func signedAttributes(digest []byte, cert *x509.Certificate) ([]byte, error) {
	certHash := sha256.Sum256(cert.Raw)
	attrs := [][]byte{
		attribute(oidAttrContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) }),
		attribute(oidAttrMessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(digest) }),
		attribute(oidAttrSigningCertV2, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // SigningCertificateV2
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // certs
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // ESSCertIDv2, SHA-256 by default
						b.AddASN1OctetString(certHash[:])
					})
				})
			})
		}),
	}
	for _, a := range attrs {
		if a == nil {
			return nil, errors.New("the signed attributes cannot be encoded")
		}
	}
	slices.SortFunc(attrs, bytes.Compare) // DER orders a SET OF by encoding
	b := cryptobyte.NewBuilder(nil)
	b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) {
		for _, a := range attrs {
			b.AddBytes(a)
		}
	})
	return b.Bytes()
}

// attribute returns the DER Attribute of type oid with the one value that
// value adds, or nil when value fails.
func attribute(oid encasn1.ObjectIdentifier, value func(*cryptobyte.Builder)) []byte {
	b := cryptobyte.NewBuilder(nil)
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		b.AddASN1(asn1.SET, value)
	})
	der, err := b.Bytes()
	if err != nil {
		return nil
	}
	return der
}

// addAlgorithm adds an AlgorithmIdentifier, with NULL parameters if params.
func addAlgorithm(b *cryptobyte.Builder, oid encasn1.ObjectIdentifier, params bool) {
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		if params {
			b.AddASN1NULL()
		}
	})
}

// asn1Body returns the contents of the DER element der.
func asn1Body(der []byte) []byte {
	var body cryptobyte.String
	var tag asn1.Tag
	s := cryptobyte.String(der)
	if !s.ReadAnyASN1(&body, &tag) {
		return nil
	}
	return body
}
