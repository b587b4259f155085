package seal

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDevelopmentSealer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, created, err := DevelopmentSealer(dir, "Clínica Serenidad")
	if err != nil || !created {
		t.Fatalf("first call: created %v, %v", created, err)
	}
	cert := first.Cert
	if want := "Clínica Serenidad (DEVELOPMENT ONLY - not for clinical records)"; cert.Subject.CommonName != want {
		t.Errorf("subject CN %q, want %q", cert.Subject.CommonName, want)
	}
	if key, ok := first.Key.Public().(*ecdsa.PublicKey); !ok || key.Curve != elliptic.P256() {
		t.Errorf("key %T, want ECDSA P-256", first.Key.Public())
	}
	if want := x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment; cert.KeyUsage != want {
		t.Errorf("key usage %b, want %b", cert.KeyUsage, want)
	}
	if years := cert.NotAfter.Sub(cert.NotBefore).Hours() / 24 / 365.25; years < 9.99 || years > 10.01 {
		t.Errorf("valid for %.2f years, want 10", years)
	}
	if now := time.Now(); now.Before(cert.NotBefore) || now.After(cert.NotAfter) {
		t.Errorf("not valid now: %v to %v", cert.NotBefore, cert.NotAfter)
	}
	info, err := os.Stat(filepath.Join(dir, DevelopmentKeyFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, mode %v, want 0600", err, info.Mode().Perm())
	}

	again, created, err := DevelopmentSealer(dir, "Another Name")
	if err != nil || created {
		t.Fatalf("second call: created %v, %v", created, err)
	}
	if !again.Cert.Equal(cert) {
		t.Error("the second call made another certificate")
	}
	signed, err := again.Seal(minimalPDF(), time.Now(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := Verify(signed); !v.Valid() || !v.SignedBy(cert) {
		t.Errorf("a development seal does not verify: %q", v.Problems)
	}
	if out := pdfsig(t, signed); !pdfsigAccepts(out) {
		t.Errorf("pdfsig does not accept a development seal:\n%s", out)
	}
}

func TestDevelopmentSealerWithOneFileMissing(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := DevelopmentSealer(dir, "Clinic"); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, DevelopmentCertFile)); err != nil {
		t.Fatal(err)
	}
	_, _, err := DevelopmentSealer(dir, "Clinic")
	if err == nil || !strings.Contains(err.Error(), DevelopmentCertFile) {
		t.Fatalf("DevelopmentSealer without its certificate: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, DevelopmentKeyFile)); err != nil {
		t.Errorf("the key was touched: %v", err)
	}
}
