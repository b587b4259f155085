package seal

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/digitorus/timestamp"
)

// Timestamper gets RFC 3161 time-stamp tokens.
type Timestamper interface {
	// Timestamp returns a DER TimeStampToken (a CMS ContentInfo) whose
	// message imprint is the SHA-256 digest given.
	Timestamp(ctx context.Context, digest []byte) ([]byte, error)
}

// ErrTimestampUnavailable reports that a seal needed a signature
// time-stamp and could not get a good one: the TSA could not be reached,
// timed out, refused, or answered with something that is not a valid
// token over the signature. Nothing is sealed then.
var ErrTimestampUnavailable = errors.New("seal: no signature time-stamp could be had")

// timestampReserve is the room, in bytes of DER, that a seal keeps in
// /Contents for the signature time-stamp token and the attribute that
// holds it. The test TSA's tokens, an ECDSA P-256 or RSA-2048 certificate
// included, take 0.9 to 1.5 KB; public TSAs that send an RSA-4096
// certificate and its intermediate take 5 to 7 KB. 12 KB leaves room for
// a chain of three such certificates; a larger token fails the seal with
// "outgrew its room" rather than truncate it.
const timestampReserve = 12 << 10

// defaultTSATimeout is how long TSAClient waits for an answer by default.
const defaultTSATimeout = 10 * time.Second

// maxTSAResponse bounds the bytes read from a TSA's answer.
const maxTSAResponse = 256 << 10

// TSAClient is a Timestamper that asks a time-stamping authority over HTTP
// (RFC 3161, section 3.4: a POST of application/timestamp-query). It asks
// for the TSA's certificate and a nonce, and accepts an answer only when
// its status grants a token, the token's nonce and message imprint are the
// ones asked for, and the token's signature is valid and made by a
// certificate for time-stamping (and, with Roots, one that chains to them).
// It is safe for concurrent use.
//
// The request and response are built and parsed with
// github.com/digitorus/timestamp; the token is checked a second time by
// this package's own reader, the one Verify uses.
type TSAClient struct {
	// URL is the TSA's address, e.g. "https://tsa.example/tsr".
	URL string
	// Username and Password, when Username is set, go as HTTP basic
	// authentication.
	Username, Password string
	// Policy, when set, is the TSA policy OID asked for, in dotted form
	// ("1.2.3.4"); the token must then carry it.
	Policy string
	// Roots, when set, are the trust anchors the TSA's certificate must
	// chain to, at the token's time.
	Roots *x509.CertPool
	// Timeout bounds one request, answer included; zero means 10 s.
	Timeout time.Duration
	// HTTP is the client to use; nil means a new http.Client.
	HTTP *http.Client
}

// Timestamp asks the TSA for a token over digest, a SHA-256 digest. Every
// error wraps ErrTimestampUnavailable.
func (c *TSAClient) Timestamp(ctx context.Context, digest []byte) (tok []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			tok, err = nil, fmt.Errorf("%w: tsa: internal error: %v", ErrTimestampUnavailable, r)
		} else if err != nil {
			tok, err = nil, fmt.Errorf("%w: tsa: %w", ErrTimestampUnavailable, err)
		}
	}()
	if c == nil || c.URL == "" {
		return nil, errors.New("no TSA URL")
	}
	if len(digest) != crypto.SHA256.Size() {
		return nil, fmt.Errorf("the digest has %d bytes, not SHA-256's %d", len(digest), crypto.SHA256.Size())
	}
	var policy encasn1.ObjectIdentifier
	if c.Policy != "" {
		if policy, err = parseOID(c.Policy); err != nil {
			return nil, err
		}
	}
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, err
	}
	query, err := (&timestamp.Request{
		HashAlgorithm: crypto.SHA256,
		HashedMessage: digest,
		Certificates:  true,
		TSAPolicyOID:  policy,
		Nonce:         nonce,
	}).Marshal()
	if err != nil {
		return nil, err
	}
	body, err := c.post(ctx, query)
	if err != nil {
		return nil, err
	}
	ts, err := timestamp.ParseResponse(body)
	if err != nil {
		return nil, fmt.Errorf("the answer is not a granted time-stamp: %w", err)
	}
	switch {
	case ts.Nonce == nil || ts.Nonce.Cmp(nonce) != 0:
		return nil, errors.New("the token's nonce is not the one asked for")
	case ts.HashAlgorithm != crypto.SHA256 || !bytes.Equal(ts.HashedMessage, digest):
		return nil, errors.New("the token's message imprint is not the digest asked for")
	case policy != nil && !ts.Policy.Equal(policy):
		return nil, fmt.Errorf("the token's policy is %v, not %v", ts.Policy, policy)
	case len(ts.Certificates) == 0:
		return nil, errors.New("the token carries no TSA certificate")
	}
	t, err := checkToken(ts.RawToken)
	if err != nil {
		return nil, fmt.Errorf("the token cannot be read: %w", err)
	}
	if !t.signature {
		return nil, errors.New("the token is not valid: " + t.problem)
	}
	if c.Roots != nil {
		if err := verifyTSAChain(t, c.Roots); err != nil {
			return nil, err
		}
	}
	return ts.RawToken, nil
}

// post sends query to the TSA and returns its answer's body.
func (c *TSAClient) post(ctx context.Context, query []byte) ([]byte, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = defaultTSATimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(query))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/timestamp-query")
	req.Header.Set("Accept", "application/timestamp-reply")
	if c.Username != "" {
		req.SetBasicAuth(c.Username, c.Password)
	}
	client := c.HTTP
	if client == nil {
		client = &http.Client{}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the TSA answered HTTP %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTSAResponse+1))
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	if len(body) > maxTSAResponse {
		return nil, fmt.Errorf("the answer is larger than %d bytes", maxTSAResponse)
	}
	return body, nil
}

// verifyTSAChain checks that t's certificate is a time-stamping
// authority's that chains to roots at t's time.
func verifyTSAChain(t *token, roots *x509.CertPool) error {
	inter := x509.NewCertPool()
	for _, c := range t.certs {
		inter.AddCert(c)
	}
	_, err := t.signer.Verify(x509.VerifyOptions{
		Roots: roots, Intermediates: inter, CurrentTime: t.time,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping},
	})
	if err != nil {
		return fmt.Errorf("the TSA's certificate is not trusted: %w", err)
	}
	return nil
}

// parseOID reads a dotted OID such as "1.2.3.4".
func parseOID(s string) (encasn1.ObjectIdentifier, error) {
	parts := strings.Split(s, ".")
	oid := make(encasn1.ObjectIdentifier, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || !allDigits([]byte(p)) {
			return nil, fmt.Errorf("policy %q is not a dotted OID", s)
		}
		oid[i] = n
	}
	if len(oid) < 2 {
		return nil, fmt.Errorf("policy %q is not a dotted OID", s)
	}
	return oid, nil
}
