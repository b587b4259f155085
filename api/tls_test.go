package api

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"io"
	"math/big"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// testTLS is a self-signed certificate for 127.0.0.1, as a server
// configuration and as a client's trust.
func testTLS(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "consentry test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}},
		NextProtos:   []string{"h2", "http/1.1"}, MinVersion: tls.VersionTLS12,
	}, pool
}

// serveTLS serves the test server over TLSListener on a free port.
func serveTLS(t *testing.T, s *testServer) (addr string, roots *x509.CertPool) {
	t.Helper()
	cfg, roots := testTLS(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s.e, MaxHeaderBytes: 4 << 10, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(TLSListener(ln, cfg)) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; err != http.ErrServerClosed {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String(), roots
}

// TestTLSServesHTTP2: a client that offers h2 gets HTTP/2, one that
// offers only HTTP/1.1 gets that, both with the same answers.
func TestTLSServesHTTP2(t *testing.T) {
	s := newTestServer(t)
	addr, roots := serveTLS(t, s)
	for _, tt := range []struct {
		name  string
		h2    bool
		proto int
	}{{"h2", true, 2}, {"http/1.1", false, 1}} {
		t.Run(tt.name, func(t *testing.T) {
			tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, ForceAttemptHTTP2: tt.h2}
			if !tt.h2 {
				tr.TLSClientConfig.NextProtos = []string{"http/1.1"}
			}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
			for _, path := range []string{"/healthz", "/v1/forms", "/nope"} {
				req, _ := http.NewRequest(http.MethodGet, "https://"+addr+path, nil)
				req.Header.Set("Authorization", "Bearer "+s.keys["portal"])
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				want := map[string]int{"/healthz": 200, "/v1/forms": 200, "/nope": 404}[path]
				if resp.ProtoMajor != tt.proto || resp.StatusCode != want || resp.Header.Get("X-Request-Id") == "" {
					t.Errorf("%s: %s %d, want HTTP/%d %d with an X-Request-Id", path, resp.Proto, resp.StatusCode, tt.proto, want)
				}
				if resp.TLS == nil || resp.TLS.NegotiatedProtocol != map[bool]string{true: "h2", false: "http/1.1"}[tt.h2] {
					t.Errorf("%s: TLS state %+v", path, resp.TLS)
				}
			}
		})
	}
}

// readProblem reads one HTTP/1.1 response from c and checks it is a
// problem with status.
func readProblem(t *testing.T, c net.Conn, status int) Problem {
	t.Helper()
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p Problem
	if resp.StatusCode != status || resp.Header.Get("Content-Type") != "application/problem+json" ||
		json.NewDecoder(resp.Body).Decode(&p) != nil || p.Status != status || !strings.HasPrefix(p.Type, problemTypePrefix) {
		t.Errorf("%d %s %+v, want a %d problem", resp.StatusCode, resp.Header.Get("Content-Type"), p, status)
	}
	return p
}

// TestTLSRefusalsAreProblems: over HTTPS/1.1, what net/http refuses
// before any handler is still problem+json; plain HTTP sent to the HTTPS
// port is told to use https://; a client that never finishes its
// handshake holds up no other.
func TestTLSRefusalsAreProblems(t *testing.T) {
	s := newTestServer(t)
	addr, roots := serveTLS(t, s)

	stalled, err := net.Dial("tcp", addr) // connects, never says hello
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()

	c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: roots, NextProtos: []string{"http/1.1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 64<<10)+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	readProblem(t, c, http.StatusRequestHeaderFieldsTooLarge)

	plain, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	plain.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(plain, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	if p := readProblem(t, plain, http.StatusBadRequest); p.Type != problemTypePrefix+"https-required" {
		t.Errorf("plain HTTP: %+v", p)
	}
}
