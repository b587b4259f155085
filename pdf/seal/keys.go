package seal

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"

	"software.sslmate.com/src/go-pkcs12"
)

// minRSABits is the smallest RSA key a Sealer accepts.
const minRSABits = 2048

// LoadSealer returns a Sealer for PEM-encoded key material. certPEM holds
// the signing certificate and, in any order, the certificates of its chain;
// the one whose public key matches the private key is the signer's. keyPEM
// holds the private key, unencrypted, as PKCS #8 ("PRIVATE KEY"), PKCS #1
// ("RSA PRIVATE KEY") or SEC 1 ("EC PRIVATE KEY"). LoadSealer returns
// ErrKeyMismatch when no certificate belongs to the key. Its errors never
// hold key material.
func LoadSealer(certPEM, keyPEM []byte) (*Sealer, error) {
	certs, err := ParseCertificatesPEM(certPEM)
	if err != nil {
		return nil, err
	}
	key, err := parseKeyPEM(keyPEM)
	if err != nil {
		return nil, err
	}
	return newSealer(certs, key)
}

// parseKeyPEM returns the first private key in data.
func parseKeyPEM(data []byte) (any, error) {
	for {
		var block *pem.Block
		if block, data = pem.Decode(data); block == nil {
			return nil, errors.New("seal: no private key block in the key PEM")
		}
		if _, ok := block.Headers["DEK-Info"]; ok || block.Type == "ENCRYPTED PRIVATE KEY" {
			return nil, errors.New("seal: the private key is encrypted: decrypt it, or use a PKCS #12 file")
		}
		var key any
		var err error
		switch block.Type {
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(block.Bytes)
		default:
			continue // e.g. EC PARAMETERS before the key
		}
		if err != nil {
			// Parse errors are not wrapped: they could echo key bytes.
			return nil, fmt.Errorf("seal: the %s block cannot be parsed", block.Type)
		}
		return key, nil
	}
}

// LoadPKCS12 returns a Sealer for a PKCS #12 (.p12, .pfx) file holding a
// private key, its certificate and perhaps the certificate's chain.
func LoadPKCS12(data []byte, password string) (*Sealer, error) {
	key, cert, chain, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		return nil, fmt.Errorf("seal: read PKCS #12: %w", err)
	}
	return newSealer(append([]*x509.Certificate{cert}, chain...), key)
}

// newSealer returns a Sealer for key, signing with the certificate in
// certs that matches it and embedding the others as its chain.
func newSealer(certs []*x509.Certificate, key any) (*Sealer, error) {
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("seal: unsupported private key type %T", key)
	}
	if k, ok := signer.Public().(*rsa.PublicKey); ok && k.N.BitLen() < minRSABits {
		return nil, fmt.Errorf("seal: the RSA key has %d bits; at least %d are needed", k.N.BitLen(), minRSABits)
	}
	for i, cert := range certs {
		s := &Sealer{Cert: cert, Key: signer}
		if _, err := s.check(); errors.Is(err, ErrKeyMismatch) {
			continue
		} else if err != nil {
			return nil, err
		}
		if cert.KeyUsage != 0 && cert.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
			return nil, errors.New("seal: the certificate's key usage does not allow signing")
		}
		s.Chain = append(append(s.Chain, certs[:i]...), certs[i+1:]...)
		return s, nil
	}
	return nil, ErrKeyMismatch
}

// ParseCertificatesPEM returns the certificates of the CERTIFICATE blocks
// in data, in order; at least one.
func ParseCertificatesPEM(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for rest := data; ; {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("seal: read certificate %d: %w", len(certs)+1, err)
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 {
		return nil, errors.New("seal: no CERTIFICATE block in the certificate PEM")
	}
	return certs, nil
}
