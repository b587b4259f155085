// Package tsatest runs a throwaway RFC 3161 time-stamping authority for
// tests: an HTTP server on a 127.0.0.1 port with its own test CA, signing
// real tokens, that can be told to fail, refuse or hang, and whose clock the
// test sets. It is for tests only; no production code imports it.
package tsatest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/digitorus/timestamp"
)

// Mode is how the TSA answers.
type Mode int

const (
	// OK answers with a granted, valid token.
	OK Mode = iota
	// HTTPError answers HTTP 500.
	HTTPError
	// Hang never answers: it holds the request until the client gives
	// up or the test ends.
	Hang
	// Reject answers with PKIStatus rejection (badRequest).
	Reject
	// Garbage answers HTTP 200 with bytes that are not a response.
	Garbage
	// WrongImprint answers with a valid token over another digest.
	WrongImprint
	// WrongNonce answers with a valid token carrying another nonce.
	WrongNonce
)

// Policy is the TSA policy OID of the tokens, unless the request asks for
// another.
var Policy = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 55555, 3161, 1}

// TSA is a running test time-stamping authority.
type TSA struct {
	// URL is where to POST application/timestamp-query requests.
	URL string
	// CA is the test root that issued Cert; CAFile holds it as PEM, for
	// openssl ts -verify -CAfile.
	CA     *x509.Certificate
	CAFile string
	// Cert is the TSA's certificate: extended key usage timeStamping,
	// critical.
	Cert *x509.Certificate

	key    crypto.Signer
	closed chan struct{}

	mu       sync.Mutex
	mode     Mode
	clock    func() time.Time
	requests int
	user     string // required basic authentication, if set
	password string
}

// Option configures Start.
type Option func(*config)

type config struct {
	rsaBits             int
	ca                  *CA
	src                 Source
	notBefore, notAfter time.Time
}

// WithRSA makes the TSA's key an RSA key of bits bits instead of ECDSA
// P-256.
func WithRSA(bits int) Option { return func(c *config) { c.rsaBits = bits } }

// WithCA makes ca issue the TSA's certificate, naming ca's OCSP
// responder or CRL as src says: the TSA's chain then has revocation
// data, as a public TSA's does. TSA.CA is then ca's root.
func WithCA(ca *CA, src Source) Option { return func(c *config) { c.ca, c.src = ca, src } }

// WithValidity makes the TSA's certificate valid from notBefore to
// notAfter only, instead of 2000 to 2100.
func WithValidity(notBefore, notAfter time.Time) Option {
	return func(c *config) { c.notBefore, c.notAfter = notBefore, notAfter }
}

// Start runs a TSA until the test ends. Its CA and certificate are valid
// from 2000 to 2100; its clock is time.Now until SetClock.
func Start(tb testing.TB, opts ...Option) *TSA {
	tb.Helper()
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	var key crypto.Signer
	if cfg.rsaBits > 0 {
		key, err = rsa.GenerateKey(rand.Reader, cfg.rsaBits)
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		tb.Fatal(err)
	}
	ca := certificate(tb, &x509.Certificate{
		Subject:               pkix.Name{CommonName: "Consentry Test TSA Root", Organization: []string{"Consentry tests"}},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}, caKey, nil, caKey)
	eku, err := asn1.Marshal([]asn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 8}})
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: "Consentry Test TSA", Organization: []string{"Consentry tests"}},
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		// RFC 3161, 2.3: the one extended key usage, critical.
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Critical: true, Value: eku}},
	}
	notBefore, notAfter := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	if !cfg.notAfter.IsZero() {
		notBefore, notAfter = cfg.notBefore, cfg.notAfter
	}
	if cfg.ca != nil {
		ca = cfg.ca.Cert
		tmpl.CRLDistributionPoints = []string{cfg.ca.CRLURL}
		if cfg.src == ByOCSP {
			tmpl.OCSPServer = []string{cfg.ca.OCSPURL}
		}
	}
	var issuerKey crypto.Signer = caKey
	if cfg.ca != nil {
		issuerKey = cfg.ca.key
	}
	cert := issue(tb, tmpl, key, ca, issuerKey, notBefore, notAfter)

	dir := tb.TempDir()
	t := &TSA{CA: ca, CAFile: filepath.Join(dir, "tsa-ca.pem"), Cert: cert, key: key, closed: make(chan struct{}), clock: time.Now}
	if err := os.WriteFile(t.CAFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw}), 0o600); err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(t.serve))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.URL = srv.URL
	tb.Cleanup(func() {
		close(t.closed)
		srv.CloseClientConnections()
		srv.Close()
	})
	return t
}

// certificate issues tmpl for key, signed by parent's parentKey, or
// self-signed when parent is nil, valid from 2000 to 2100.
func certificate(tb testing.TB, tmpl *x509.Certificate, key crypto.Signer, parent *x509.Certificate, parentKey crypto.Signer) *x509.Certificate {
	tb.Helper()
	return issue(tb, tmpl, key, parent, parentKey, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
}

// timeStampingEKU is RFC 3161's extended key usage extension: the one
// usage timeStamping, critical.
func timeStampingEKU(tb testing.TB) pkix.Extension {
	tb.Helper()
	eku, err := asn1.Marshal([]asn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 8}})
	if err != nil {
		tb.Fatal(err)
	}
	return pkix.Extension{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Critical: true, Value: eku}
}

// issue issues tmpl for key, signed by parent's parentKey, or self-signed
// when parent is nil, valid from notBefore to notAfter.
func issue(tb testing.TB, tmpl *x509.Certificate, key crypto.Signer, parent *x509.Certificate, parentKey crypto.Signer, notBefore, notAfter time.Time) *x509.Certificate {
	tb.Helper()
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		tb.Fatal(err)
	}
	tmpl.SerialNumber = serial
	tmpl.NotBefore, tmpl.NotAfter = notBefore, notAfter
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return cert
}

// Roots returns a pool holding the TSA's CA.
func (t *TSA) Roots() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(t.CA)
	return p
}

// SetMode makes the TSA answer as m from now on.
func (t *TSA) SetMode(m Mode) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.mode = m
}

// RequireAuth makes the TSA answer HTTP 401 to requests without this
// basic authentication.
func (t *TSA) RequireAuth(user, password string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.user, t.password = user, password
}

// SetClock makes the TSA stamp tokens with the time now returns.
func (t *TSA) SetClock(now func() time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clock = now
}

// SetTime makes the TSA stamp every token with at.
func (t *TSA) SetTime(at time.Time) { t.SetClock(func() time.Time { return at }) }

// Now returns the time the TSA would stamp a token with now.
func (t *TSA) Now() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.clock().UTC().Truncate(time.Second)
}

// Requests returns how many requests the TSA has had.
func (t *TSA) Requests() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.requests
}

func (t *TSA) serve(w http.ResponseWriter, r *http.Request) {
	t.mu.Lock()
	t.requests++
	mode, wantUser, wantPassword := t.mode, t.user, t.password
	t.mu.Unlock()
	now := t.Now()
	if user, password, _ := r.BasicAuth(); wantUser != "" && (user != wantUser || password != wantPassword) {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}

	switch mode {
	case HTTPError:
		http.Error(w, "the test TSA is told to fail", http.StatusInternalServerError)
		return
	case Hang:
		select {
		case <-r.Context().Done():
		case <-t.closed:
		}
		return
	case Garbage:
		w.Header().Set("Content-Type", "application/timestamp-reply")
		w.Write([]byte("this is not a time-stamp response"))
		return
	}
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/timestamp-query" {
		http.Error(w, "POST application/timestamp-query", http.StatusUnsupportedMediaType)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req, err := timestamp.ParseRequest(body)
	if err != nil || mode == Reject {
		t.reply(w, func() ([]byte, error) {
			return timestamp.CreateErrorResponse(timestamp.Rejection, timestamp.BadRequest)
		})
		return
	}
	ts := &timestamp.Timestamp{
		HashAlgorithm:     req.HashAlgorithm,
		HashedMessage:     req.HashedMessage,
		Time:              now,
		Accuracy:          time.Second,
		Policy:            Policy,
		Nonce:             req.Nonce,
		AddTSACertificate: req.Certificates,
	}
	if req.TSAPolicyOID != nil {
		ts.Policy = req.TSAPolicyOID
	}
	switch mode {
	case WrongImprint:
		ts.HashedMessage = append([]byte(nil), req.HashedMessage...)
		ts.HashedMessage[0] ^= 0xff
	case WrongNonce:
		ts.Nonce = new(big.Int).Add(req.Nonce, big.NewInt(1))
	}
	t.reply(w, func() ([]byte, error) { return ts.CreateResponseWithOpts(t.Cert, t.key, crypto.SHA256) })
}

// reply writes the response build makes.
func (t *TSA) reply(w http.ResponseWriter, build func() ([]byte, error)) {
	resp, err := build()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/timestamp-reply")
	w.Write(resp)
}

// Token returns a DER TimeStampToken over digest (SHA-256), stamped at the
// TSA's time, made without HTTP: for tests that build signatures by hand.
func (t *TSA) Token(tb testing.TB, digest []byte) []byte {
	tb.Helper()
	ts := &timestamp.Timestamp{
		HashAlgorithm: crypto.SHA256, HashedMessage: digest, Time: t.Now(), Accuracy: time.Second,
		Policy: Policy, AddTSACertificate: true,
	}
	resp, err := ts.CreateResponseWithOpts(t.Cert, t.key, crypto.SHA256)
	if err != nil {
		tb.Fatal(err)
	}
	parsed, err := timestamp.ParseResponse(resp)
	if err != nil {
		tb.Fatal(err)
	}
	return parsed.RawToken
}
