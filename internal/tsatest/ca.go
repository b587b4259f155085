package tsatest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
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

	"golang.org/x/crypto/ocsp"
)

// CA is a throwaway certificate authority for tests of long-term
// validation: a root that issues leaf certificates naming its OCSP
// responder or its CRL, both served over HTTP on a 127.0.0.1 port, and
// that the test can revoke certificates with or make fail.
type CA struct {
	// Cert is the root; CAFile holds it as PEM.
	Cert   *x509.Certificate
	CAFile string
	// OCSPURL is the OCSP responder (RFC 6960, POST); CRLURL serves the
	// current CRL (DER).
	OCSPURL, CRLURL string

	key    crypto.Signer
	closed chan struct{}

	mu      sync.Mutex
	mode    Mode // OK, HTTPError or Hang
	revoked map[string]time.Time
	ocsps   int
	crls    int
	clock   func() time.Time
}

// StartCA runs a CA until the test ends. Its root is valid from 2000 to
// 2100.
func StartCA(tb testing.TB) *CA {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	root := certificate(tb, &x509.Certificate{
		Subject:               pkix.Name{CommonName: "Consentry Test Revocation Root", Organization: []string{"Consentry tests"}},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
	}, key, nil, key)
	ca := &CA{Cert: root, CAFile: filepath.Join(tb.TempDir(), "ca.pem"), key: key, closed: make(chan struct{}),
		revoked: map[string]time.Time{}, clock: time.Now}
	if err := os.WriteFile(ca.CAFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Raw}), 0o600); err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ocsp", ca.serveOCSP)
	mux.HandleFunc("/crl", ca.serveCRL)
	srv := httptest.NewUnstartedServer(mux)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	ca.OCSPURL, ca.CRLURL = srv.URL+"/ocsp", srv.URL+"/crl"
	tb.Cleanup(func() {
		close(ca.closed)
		srv.CloseClientConnections()
		srv.Close()
	})
	return ca
}

// Source is where an issued certificate says its revocation data is.
type Source int

const (
	// ByOCSP names the CA's OCSP responder in the Authority Information
	// Access (and its CRL as a distribution point).
	ByOCSP Source = iota
	// ByCRL names the CA's CRL alone.
	ByCRL
)

// Leaf is a certificate the CA issued and its key.
type Leaf struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// Issue issues a certificate named cn, valid from notBefore to notAfter,
// for a new ECDSA key; timeStamping makes it a TSA's (critical extended
// key usage timeStamping), else a document signer's.
func (ca *CA) Issue(tb testing.TB, cn string, src Source, notBefore, notAfter time.Time, timeStamping bool) *Leaf {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Consentry tests"}},
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		CRLDistributionPoints: []string{ca.CRLURL},
	}
	if src == ByOCSP {
		tmpl.OCSPServer = []string{ca.OCSPURL}
	}
	if timeStamping {
		tmpl.ExtraExtensions = append(tmpl.ExtraExtensions, timeStampingEKU(tb))
	}
	cert := issue(tb, tmpl, key, ca.Cert, ca.key, notBefore, notAfter)
	return &Leaf{Cert: cert, Key: key}
}

// Revoke makes the CA say cert was revoked at at.
func (ca *CA) Revoke(cert *x509.Certificate, at time.Time) {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	ca.revoked[cert.SerialNumber.String()] = at
}

// SetMode makes the OCSP responder and CRL server answer as m (OK,
// HTTPError or Hang) from now on.
func (ca *CA) SetMode(m Mode) {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	ca.mode = m
}

// SetClock sets the time the CA's answers are produced at.
func (ca *CA) SetClock(now func() time.Time) {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	ca.clock = now
}

// Requests returns how many OCSP and CRL requests the CA has had.
func (ca *CA) Requests() (ocsps, crls int) {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	return ca.ocsps, ca.crls
}

// CRL returns a CRL signed now by the CA.
func (ca *CA) CRL(tb testing.TB) []byte {
	tb.Helper()
	der, err := ca.crl()
	if err != nil {
		tb.Fatal(err)
	}
	return der
}

func (ca *CA) crl() ([]byte, error) {
	ca.mu.Lock()
	now := ca.clock().UTC().Truncate(time.Second)
	var entries []x509.RevocationListEntry
	for serial, at := range ca.revoked {
		n, _ := new(big.Int).SetString(serial, 10)
		entries = append(entries, x509.RevocationListEntry{SerialNumber: n, RevocationTime: at})
	}
	ca.mu.Unlock()
	return x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number: big.NewInt(now.Unix()), ThisUpdate: now, NextUpdate: now.Add(7 * 24 * time.Hour),
		RevokedCertificateEntries: entries,
	}, ca.Cert, ca.key)
}

// OCSP returns an OCSP response signed now by the CA about cert.
func (ca *CA) OCSP(tb testing.TB, cert *x509.Certificate) []byte {
	tb.Helper()
	der, err := ca.ocspFor(cert.SerialNumber)
	if err != nil {
		tb.Fatal(err)
	}
	return der
}

func (ca *CA) ocspFor(serial *big.Int) ([]byte, error) {
	ca.mu.Lock()
	now := ca.clock().UTC().Truncate(time.Second)
	at, revoked := ca.revoked[serial.String()]
	ca.mu.Unlock()
	tmpl := ocsp.Response{Status: ocsp.Good, SerialNumber: serial, ThisUpdate: now, NextUpdate: now.Add(24 * time.Hour)}
	if revoked {
		tmpl.Status, tmpl.RevokedAt, tmpl.RevocationReason = ocsp.Revoked, at, ocsp.KeyCompromise
	}
	return ocsp.CreateResponse(ca.Cert, ca.Cert, tmpl, ca.key)
}

// wait applies the mode; it reports whether to answer.
func (ca *CA) wait(w http.ResponseWriter, r *http.Request, ocspReq bool) bool {
	ca.mu.Lock()
	mode := ca.mode
	if ocspReq {
		ca.ocsps++
	} else {
		ca.crls++
	}
	ca.mu.Unlock()
	switch mode {
	case HTTPError:
		http.Error(w, "the test CA is told to fail", http.StatusInternalServerError)
		return false
	case Hang:
		select {
		case <-r.Context().Done():
		case <-ca.closed:
		}
		return false
	}
	return true
}

func (ca *CA) serveOCSP(w http.ResponseWriter, r *http.Request) {
	if !ca.wait(w, r, true) {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<10))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req, err := ocsp.ParseRequest(body)
	if err != nil {
		w.Header().Set("Content-Type", "application/ocsp-response")
		w.Write(ocsp.MalformedRequestErrorResponse)
		return
	}
	resp, err := ca.ocspFor(req.SerialNumber)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/ocsp-response")
	w.Write(resp)
}

func (ca *CA) serveCRL(w http.ResponseWriter, r *http.Request) {
	if !ca.wait(w, r, false) {
		return
	}
	der, err := ca.crl()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/pkix-crl")
	w.Write(der)
}
