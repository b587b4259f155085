package seal

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// testSealedAt is the signing time of every test seal: the test record's
// receipt time.
var testSealedAt = time.Date(2026, 11, 14, 17, 3, 10, 0, time.UTC)

const (
	testSealName   = "Clínica Serenidad"
	testSealReason = "Record 0193c6a2-7f4e-7c3a-9b1d-2e5f8a4c6d10 as received (kap-consent 2026-11)"
)

// testSealers are made once per test binary: RSA keys take a while.
var testSealers = sync.OnceValues(func() (map[string]*Sealer, error) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	rsaCert, err := testCertificate(rsaKey, "Clínica Serenidad records (RSA test)", false, nil, nil)
	if err != nil {
		return nil, err
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caCert, err := testCertificate(caKey, "Consentry Test CA", true, nil, nil)
	if err != nil {
		return nil, err
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	ecCert, err := testCertificate(ecKey, "Clínica Serenidad records (ECDSA test)", false, caCert, caKey)
	if err != nil {
		return nil, err
	}
	return map[string]*Sealer{
		"RSA-2048":    {Cert: rsaCert, Key: rsaKey},
		"ECDSA P-256": {Cert: ecCert, Chain: []*x509.Certificate{caCert}, Key: ecKey},
	}, nil
})

// testCertificate makes a certificate for key named cn, a CA's if ca,
// issued by parent with parentKey, or self-signed when parent is nil.
func testCertificate(key crypto.Signer, cn string, ca bool, parent *x509.Certificate, parentKey crypto.Signer) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Consentry tests"}},
		NotBefore:             time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		BasicConstraintsValid: true,
	}
	if ca {
		tmpl.IsCA = true
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// testSealer returns the named test sealer.
func testSealer(tb testing.TB, name string) *Sealer {
	tb.Helper()
	sealers, err := testSealers()
	if err != nil {
		tb.Fatal(err)
	}
	s, ok := sealers[name]
	if !ok {
		tb.Fatalf("no test sealer %q", name)
	}
	return s
}

// testSealerNames lists the test sealers in a fixed order.
var testSealerNames = []string{"RSA-2048", "ECDSA P-256"}

// sealed renders the test record and seals it with the named test sealer.
func sealed(tb testing.TB, sealer string) (doc, signed []byte) {
	tb.Helper()
	doc, _ = pdftest.Render(tb, pdftest.Record(tb))
	signed, err := testSealer(tb, sealer).Seal(doc, testSealedAt, testSealName, testSealReason)
	if err != nil {
		tb.Fatalf("Seal: %v", err)
	}
	return doc, signed
}
