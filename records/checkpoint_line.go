package records

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/consentry/consentry/models"
)

// Signature algorithms of a checkpoint: the clinic key's, always over
// SHA-256 of the signed bytes.
const (
	CheckpointECDSA = "ecdsa-sha256"        // ASN.1 DER (r, s), as openssl writes
	CheckpointRSA   = "rsa-pkcs1v15-sha256" // RSASSA-PKCS1-v1_5
)

// maxCheckpointLine bounds one line of the checkpoint log; a real line is
// well under 1 KiB without a time-stamp token and a few KiB with one.
const maxCheckpointLine = 64 << 10

// CheckpointLine is one line of the checkpoint log, and the body posted to
// a witness: a signed statement that the audit chain reached event Seq,
// whose hash is Hash, at time At. It never holds patient data.
type CheckpointLine struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
	// At is the checkpoint's time as signed, 2006-01-02T15:04:05.000000Z.
	At string `json:"at"`
	// Alg is CheckpointECDSA or CheckpointRSA.
	Alg string `json:"alg"`
	// Signature is the base64 (standard, padded) signature over
	// SignedBytes.
	Signature string `json:"signature"`
	// CertSHA256 is the hex SHA-256 of the signing certificate (DER).
	CertSHA256 string `json:"cert_sha256"`
	// TimestampToken is the base64 DER RFC 3161 time-stamp token over the
	// SHA-256 of SignedBytes, when a TSA gave one.
	TimestampToken string `json:"timestamp_token,omitempty"`
	// Writer names the process that made the checkpoint.
	Writer string `json:"writer"`
}

// SignedBytes is what the signature covers: models.CheckpointBytes, the
// compact JSON array [seq,"hash","at"].
func (l *CheckpointLine) SignedBytes() []byte {
	return models.CheckpointBytes(l.Seq, l.Hash, l.Time())
}

// ID is the checkpoint's id, the hex SHA-256 of its signed bytes, as the
// database stores it.
func (l *CheckpointLine) ID() string {
	sum := sha256.Sum256(l.SignedBytes())
	return hex.EncodeToString(sum[:])
}

// ParseCheckpointLine decodes and checks the form of one line of the
// checkpoint log (without its newline): a JSON object with exactly the
// members of CheckpointLine, seq at least 1, a hex SHA-256 hash, the time
// in its one layout, a known algorithm, base64 that decodes. It does not
// check the signature; see VerifyCheckpoint.
func ParseCheckpointLine(line []byte) (*CheckpointLine, error) {
	if len(line) > maxCheckpointLine {
		return nil, errors.New("the line is too long")
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	var l CheckpointLine
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("not a checkpoint: %v", err)
	}
	if _, err := dec.Token(); err == nil {
		return nil, errors.New("not a checkpoint: more after the JSON object")
	}
	switch {
	case l.Seq < 1:
		return nil, errors.New("seq must be at least 1")
	case !isHex64(l.Hash):
		return nil, errors.New("hash must be 64 lowercase hex digits")
	case !isHex64(l.CertSHA256):
		return nil, errors.New("cert_sha256 must be 64 lowercase hex digits")
	case l.Alg != CheckpointECDSA && l.Alg != CheckpointRSA:
		return nil, fmt.Errorf("unknown alg %q", l.Alg)
	case l.Writer == "" || len(l.Writer) > 64 || !isPrintableASCII(l.Writer):
		return nil, errors.New("writer must be 1 to 64 printable ASCII characters")
	}
	at, err := time.Parse(models.CheckpointTimeLayout, l.At)
	if err != nil || at.UTC().Format(models.CheckpointTimeLayout) != l.At {
		return nil, errors.New("at must be a UTC time written 2006-01-02T15:04:05.000000Z")
	}
	if sig, err := base64.StdEncoding.Strict().DecodeString(l.Signature); err != nil || len(sig) == 0 {
		return nil, errors.New("signature must be non-empty base64")
	}
	if l.TimestampToken != "" {
		if _, err := base64.StdEncoding.Strict().DecodeString(l.TimestampToken); err != nil {
			return nil, errors.New("timestamp_token must be base64")
		}
	}
	return &l, nil
}

// Time is the checkpoint's time; a line ParseCheckpointLine accepted
// always has one.
func (l *CheckpointLine) Time() time.Time {
	t, _ := time.Parse(models.CheckpointTimeLayout, l.At)
	return t
}

// VerifyCheckpoint checks that l was signed by cert: the certificate's
// hash, the algorithm of its key, and the signature over l's signed
// bytes.
func VerifyCheckpoint(l *CheckpointLine, cert *x509.Certificate) error {
	if cert == nil {
		return errors.New("no certificate to check the signature with")
	}
	if sum := sha256.Sum256(cert.Raw); hex.EncodeToString(sum[:]) != l.CertSHA256 {
		return fmt.Errorf("signed by another certificate (SHA-256 %s), not the clinic's", l.CertSHA256)
	}
	sig, err := base64.StdEncoding.DecodeString(l.Signature)
	if err != nil {
		return errors.New("the signature is not base64")
	}
	var algo x509.SignatureAlgorithm
	switch cert.PublicKey.(type) {
	case *ecdsa.PublicKey:
		algo = x509.ECDSAWithSHA256
		if l.Alg != CheckpointECDSA {
			return fmt.Errorf("alg %s, but the clinic's key is ECDSA", l.Alg)
		}
	case *rsa.PublicKey:
		algo = x509.SHA256WithRSA
		if l.Alg != CheckpointRSA {
			return fmt.Errorf("alg %s, but the clinic's key is RSA", l.Alg)
		}
	default:
		return fmt.Errorf("the clinic's key is neither ECDSA nor RSA (%T)", cert.PublicKey)
	}
	if err := cert.CheckSignature(algo, l.SignedBytes(), sig); err != nil {
		return errors.New("the signature does not verify with the clinic's certificate")
	}
	return nil
}

// algOf is the checkpoint algorithm of cert's key, or "".
func algOf(cert *x509.Certificate) string {
	switch cert.PublicKey.(type) {
	case *ecdsa.PublicKey:
		return CheckpointECDSA
	case *rsa.PublicKey:
		return CheckpointRSA
	}
	return ""
}

// lineOf is the log line of a stored checkpoint, signed with alg.
func lineOf(c *models.Checkpoint, alg string) *CheckpointLine {
	return &CheckpointLine{
		Seq: c.Seq, Hash: c.Hash, At: c.At.UTC().Format(models.CheckpointTimeLayout), Alg: alg,
		Signature: c.Signature, CertSHA256: c.CertSHA256, TimestampToken: c.TimestampToken, Writer: c.Writer,
	}
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}

func isPrintableASCII(s string) bool {
	for _, r := range s {
		if r < 0x21 || r > 0x7e {
			return false
		}
	}
	return true
}
