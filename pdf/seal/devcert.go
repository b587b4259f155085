package seal

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The files DevelopmentSealer keeps in its directory.
const (
	DevelopmentCertFile = "dev-signing-cert.pem"
	DevelopmentKeyFile  = "dev-signing-key.pem"
)

// developmentValidity is how long a development certificate is valid.
const developmentValidity = 10 // years

// DevelopmentSealer returns a Sealer for a self-signed ECDSA P-256
// development certificate kept in dir, for running Consentry without the
// clinic's own key material. The first time it creates dir (mode 0700),
// the certificate, valid for ten years and named "<clinicName>
// (DEVELOPMENT ONLY - not for clinical records)", and its key (mode 0600),
// and returns created true; afterwards it loads them. A directory holding
// only one of the two files is an error, never overwritten.
func DevelopmentSealer(dir, clinicName string) (s *Sealer, created bool, err error) {
	certPath := filepath.Join(dir, DevelopmentCertFile)
	keyPath := filepath.Join(dir, DevelopmentKeyFile)
	certPEM, certErr := os.ReadFile(certPath)
	keyPEM, keyErr := os.ReadFile(keyPath)
	switch {
	case certErr == nil && keyErr == nil:
		s, err := LoadSealer(certPEM, keyPEM)
		if err != nil {
			return nil, false, fmt.Errorf("seal: development certificate in %s: %w", dir, err)
		}
		return s, false, nil
	case !errors.Is(certErr, fs.ErrNotExist) || !errors.Is(keyErr, fs.ErrNotExist):
		return nil, false, fmt.Errorf("seal: development certificate in %s: need both %s and %s: %w",
			dir, DevelopmentCertFile, DevelopmentKeyFile, errors.Join(certErr, keyErr))
	}
	s, err = newDevelopmentSealer(clinicName, time.Now())
	if err != nil {
		return nil, false, err
	}
	if err := writeDevelopmentFiles(dir, keyPath, certPath, s); err != nil {
		return nil, false, err
	}
	return s, true, nil
}

// newDevelopmentSealer makes a development key and certificate valid from
// an hour before now.
func newDevelopmentSealer(clinicName string, now time.Time) (*Sealer, error) {
	clinicName = strings.TrimSpace(clinicName)
	if clinicName == "" {
		clinicName = "Consentry"
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("seal: development key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("seal: development certificate: %w", err)
	}
	notBefore := now.UTC().Add(-time.Hour).Truncate(time.Second)
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			CommonName:   clinicName + " (DEVELOPMENT ONLY - not for clinical records)",
			Organization: []string{clinicName},
		},
		NotBefore:             notBefore,
		NotAfter:              notBefore.AddDate(developmentValidity, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("seal: development certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("seal: development certificate: %w", err)
	}
	return &Sealer{Cert: cert, Key: key}, nil
}

// writeDevelopmentFiles writes the key (mode 0600) and certificate of s,
// refusing to replace existing files.
func writeDevelopmentFiles(dir, keyPath, certPath string, s *Sealer) error {
	keyDER, err := x509.MarshalPKCS8PrivateKey(s.Key)
	if err != nil {
		return fmt.Errorf("seal: development key: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("seal: development certificate: %w", err)
	}
	if err := writeNewPEM(keyPath, 0o600, "PRIVATE KEY", keyDER); err != nil {
		return err
	}
	if err := writeNewPEM(certPath, 0o644, "CERTIFICATE", s.Cert.Raw); err != nil {
		os.Remove(keyPath)
		return err
	}
	return nil
}

// writeNewPEM creates path with mode perm holding one PEM block; it fails
// if path exists.
func writeNewPEM(path string, perm os.FileMode, blockType string, der []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("seal: development certificate: %w", err)
	}
	err = pem.Encode(f, &pem.Block{Type: blockType, Bytes: der})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("seal: development certificate: write %s: %w", filepath.Base(path), err)
	}
	return nil
}
