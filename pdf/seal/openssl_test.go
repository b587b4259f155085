package seal

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/tsatest"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// openssl runs openssl with args and returns its combined output and
// whether it exited 0.
func openssl(t *testing.T, args ...string) (string, bool) {
	t.Helper()
	bin := pdftest.RequireTool(t, "openssl")
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("openssl %v: %v", args, err)
		}
	}
	return string(out), err == nil
}

// writeFile writes data to name in dir and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// certPEM returns certs as PEM.
func certPEM(certs ...*x509.Certificate) []byte {
	var b []byte
	for _, c := range certs {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return b
}

// signedParts returns the CMS of the seal on signed, as DER, and the bytes
// its byte range covers.
func signedParts(t *testing.T, signed []byte) (cms, content []byte) {
	t.Helper()
	v := verifyAt(t, signed, testVerifiedAt)
	br := v.ByteRange
	if len(br) != 4 {
		t.Fatalf("byte range %v", br)
	}
	content = append(append([]byte(nil), signed[br[0]:br[0]+br[1]]...), signed[br[2]:br[2]+br[3]]...)
	_, n, err := parseSignedData(decodeHex(signed[br[1]+1 : br[2]-1]))
	if err != nil {
		t.Fatal(err)
	}
	return decodeHex(signed[br[1]+1 : br[2]-1])[:n], content
}

func TestOpenSSLVerifiesTheSeal(t *testing.T) {
	tsa := tsatest.Start(t)
	for _, name := range testSealerNames {
		for _, level := range []string{"B-B", "B-T"} {
			t.Run(name+"/"+level, func(t *testing.T) {
				var signed []byte
				if level == "B-B" {
					_, signed = sealed(t, name)
				} else {
					_, signed = sealedBT(t, name, tsa)
				}
				s := testSealer(t, name)
				anchor := s.Cert // the RSA test certificate is self-signed
				if len(s.Chain) > 0 {
					anchor = s.Chain[0]
				}
				dir := t.TempDir()
				cms, content := signedParts(t, signed)
				out, ok := openssl(t, "cms", "-verify", "-binary", "-inform", "DER",
					"-in", writeFile(t, dir, "seal.p7s", cms),
					"-content", writeFile(t, dir, "content.bin", content),
					"-CAfile", writeFile(t, dir, "ca.pem", certPEM(anchor)),
					"-purpose", "any", "-out", filepath.Join(dir, "out.bin"))
				if !ok || !strings.Contains(out, "Verification successful") {
					t.Errorf("openssl cms -verify:\n%s", out)
				}
				// One changed byte of the content and openssl refuses it too.
				content[len(content)/2] ^= 1
				if out, ok := openssl(t, "cms", "-verify", "-binary", "-inform", "DER",
					"-in", filepath.Join(dir, "seal.p7s"), "-content", writeFile(t, dir, "content.bin", content),
					"-CAfile", filepath.Join(dir, "ca.pem"), "-purpose", "any", "-out", filepath.Join(dir, "out.bin")); ok {
					t.Errorf("openssl accepts changed content:\n%s", out)
				}
				if level == "B-T" {
					if out := pdftest.RunTool(t, signed, "qpdf", "--check", "{pdf}"); !strings.Contains(out, "No syntax or stream encoding errors found") {
						t.Errorf("qpdf --check:\n%s", out)
					}
				}
			})
		}
	}
}

func TestOpenSSLVerifiesTheTimestamp(t *testing.T) {
	tsa := tsatest.Start(t)
	tsa.SetTime(time.Now().Add(-time.Minute))
	for _, name := range testSealerNames {
		t.Run(name, func(t *testing.T) {
			_, signed := sealedBT(t, name, tsa)
			m := sealMessage(t, signed)
			if len(m.timestamps) != 1 {
				t.Fatalf("%d time-stamps", len(m.timestamps))
			}
			dir := t.TempDir()
			token := writeFile(t, dir, "token.der", m.timestamps[0])
			sum := sha256.Sum256(m.signature)
			out, ok := openssl(t, "ts", "-verify", "-digest", hex.EncodeToString(sum[:]), "-in", token, "-token_in", "-CAfile", tsa.CAFile)
			if !ok || !strings.Contains(out, "Verification: OK") {
				t.Errorf("openssl ts -verify -digest:\n%s", out)
			}
			out, ok = openssl(t, "ts", "-verify", "-data", writeFile(t, dir, "signature.bin", m.signature), "-in", token, "-token_in", "-CAfile", tsa.CAFile)
			if !ok || !strings.Contains(out, "Verification: OK") {
				t.Errorf("openssl ts -verify -data:\n%s", out)
			}
			other := sha256.Sum256([]byte("another signature"))
			if out, ok := openssl(t, "ts", "-verify", "-digest", hex.EncodeToString(other[:]), "-in", token, "-token_in", "-CAfile", tsa.CAFile); ok {
				t.Errorf("openssl ts -verify accepts the token for other data:\n%s", out)
			}
			if out, ok := openssl(t, "ts", "-verify", "-digest", hex.EncodeToString(sum[:]), "-in", token, "-token_in",
				"-CAfile", writeFile(t, dir, "other-ca.pem", certPEM(testSealer(t, "ECDSA P-256").Chain[0]))); ok {
				t.Errorf("openssl ts -verify accepts the token under another CA:\n%s", out)
			}
			text, _ := openssl(t, "ts", "-reply", "-in", token, "-token_in", "-text")
			if !strings.Contains(text, "Policy OID: "+tsatest.Policy.String()) || !strings.Contains(text, "Nonce: 0x") {
				t.Errorf("openssl ts -reply -text:\n%s", text)
			}
		})
	}
}
