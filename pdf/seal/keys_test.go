package seal

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"software.sslmate.com/src/go-pkcs12"
)

// pemBlock encodes one PEM block.
func pemBlock(blockType string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})
}

// pkcs8 returns key as a PKCS #8 PEM block.
func pkcs8(t *testing.T, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pemBlock("PRIVATE KEY", der)
}

func TestLoadSealer(t *testing.T) {
	rsaS, ecS := testSealer(t, "RSA-2048"), testSealer(t, "ECDSA P-256")
	rsaCert := pemBlock("CERTIFICATE", rsaS.Cert.Raw)
	ecChain := append(pemBlock("CERTIFICATE", ecS.Chain[0].Raw), pemBlock("CERTIFICATE", ecS.Cert.Raw)...)
	sec1, err := x509.MarshalECPrivateKey(ecS.Key.(*ecdsa.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	smallCert, err := testCertificate(small, "too small", false, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	edCert, err := testCertificate(edKey, "Ed25519", false, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		cert     []byte
		key      []byte
		want     *Sealer // nil when loading must fail
		wantErr  error
		errLacks string // text the error must not show
	}{
		{name: "RSA, PKCS #8", cert: rsaCert, key: pkcs8(t, rsaS.Key), want: rsaS},
		{name: "RSA, PKCS #1", cert: rsaCert, key: pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaS.Key.(*rsa.PrivateKey))), want: rsaS},
		{name: "ECDSA, SEC 1 after EC PARAMETERS, chain first", cert: ecChain,
			key: append(pemBlock("EC PARAMETERS", []byte{6, 8, 42, 134, 72, 206, 61, 3, 1, 7}), pemBlock("EC PRIVATE KEY", sec1)...), want: ecS},
		{name: "ECDSA, PKCS #8, key and certificate in one file", cert: append(pkcs8(t, ecS.Key), ecChain...), key: append(pkcs8(t, ecS.Key), ecChain...), want: ecS},
		{name: "key of another certificate", cert: rsaCert, key: pkcs8(t, ecS.Key), wantErr: ErrKeyMismatch},
		{name: "no certificate", cert: pkcs8(t, ecS.Key), key: pkcs8(t, ecS.Key)},
		{name: "no key", cert: rsaCert, key: rsaCert},
		{name: "encrypted key", cert: rsaCert, key: pemBlock("ENCRYPTED PRIVATE KEY", []byte{48, 0})},
		{name: "damaged key", cert: rsaCert, key: pemBlock("PRIVATE KEY", []byte("secret-key-material")), errLacks: "secret-key-material"},
		{name: "RSA key under 2048 bits", cert: pemBlock("CERTIFICATE", smallCert.Raw), key: pkcs8(t, small)},
		{name: "Ed25519 key", cert: pemBlock("CERTIFICATE", edCert.Raw), key: pkcs8(t, edKey)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadSealer(tt.cert, tt.key)
			if tt.want == nil {
				if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
					t.Fatalf("LoadSealer: %v, want an error %v", err, tt.wantErr)
				}
				if tt.errLacks != "" && strings.Contains(err.Error(), tt.errLacks) {
					t.Fatalf("the error shows key material: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !s.Cert.Equal(tt.want.Cert) || len(s.Chain) != len(tt.want.Chain) {
				t.Fatalf("loaded certificate %q with %d more, want %q with %d", s.Cert.Subject, len(s.Chain), tt.want.Cert.Subject, len(tt.want.Chain))
			}
			checkSeals(t, s)
		})
	}
}

func TestLoadPKCS12(t *testing.T) {
	ecS := testSealer(t, "ECDSA P-256")
	p12, err := pkcs12.Modern.Encode(ecS.Key, ecS.Cert, ecS.Chain, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadPKCS12(p12, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Cert.Equal(ecS.Cert) || len(s.Chain) != 1 {
		t.Fatalf("loaded %q with %d more", s.Cert.Subject, len(s.Chain))
	}
	checkSeals(t, s)
	if _, err := LoadPKCS12(p12, "wrong"); err == nil {
		t.Error("LoadPKCS12 accepts a wrong password")
	}
	if _, err := LoadPKCS12(p12[:len(p12)/2], "correct horse"); err == nil {
		t.Error("LoadPKCS12 accepts half a file")
	}
}

// checkSeals seals a small PDF with s and verifies the result.
func checkSeals(t *testing.T, s *Sealer) {
	t.Helper()
	signed, err := s.Seal(minimalPDF(), testSealedAt, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := Verify(signed); !v.Valid() || !v.SignedBy(s.Cert) || !bytes.HasPrefix(signed, minimalPDF()) {
		t.Fatalf("a seal by the loaded sealer does not verify: %q", v.Problems)
	}
}
