package records

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/consentry/consentry/pdf/seal"
)

func TestCertificateOfDescribesTheSealer(t *testing.T) {
	sealer, _, err := seal.DevelopmentSealer(t.TempDir(), "Test Clinic")
	if err != nil {
		t.Fatal(err)
	}
	c := sealer.Cert
	got := certificateOf(c)
	sum := sha256.Sum256(c.Raw)
	if got.Subject != c.Subject.String() || got.Issuer != c.Issuer.String() || got.SHA256 != hex.EncodeToString(sum[:]) ||
		!got.NotBefore.Equal(c.NotBefore) || !got.NotAfter.Equal(c.NotAfter) || got.NotAfter.Location().String() != "UTC" {
		t.Errorf("certificateOf = %+v, certificate subject %s", got, c.Subject)
	}
	if certificateOf(nil) != nil {
		t.Error("certificateOf(nil) is not nil")
	}
}
