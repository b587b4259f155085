package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeTLSFiles writes a self-signed certificate for 127.0.0.1, valid
// from notBefore to notAfter, and its key as PEM files in dir.
func writeTLSFiles(t *testing.T, dir string, notBefore, notAfter time.Time) (certFile, keyFile string, roots *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "consentry serve test"},
		NotBefore: notBefore, NotAfter: notAfter, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "tls.pem"), filepath.Join(dir, "tls.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), 0o600); err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	roots = x509.NewCertPool()
	roots.AddCert(leaf)
	return certFile, keyFile, roots
}

// TestServeHTTPS: with CONSENTRY_TLS_CERT and _KEY, serve answers HTTPS,
// with HTTP/2 to a client that offers it, and /metrics over it shows the
// store's and the pool's series.
func TestServeHTTPS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, roots := writeTLSFiles(t, dir, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": filepath.Join(dir, "data"), "CONSENTRY_ADDR": "127.0.0.1:0",
		"CONSENTRY_TLS_CERT": certFile, "CONSENTRY_TLS_KEY": keyFile})
	stop, logs := startServe(t, env)
	var addr string
	for _, line := range strings.Split(logs.String(), "\n") {
		var l struct {
			Msg, Addr string
			TLS       bool
		}
		if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "listening" {
			addr = l.Addr
			if !l.TLS {
				t.Errorf("the listening line does not say TLS: %s", line)
			}
		}
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, ForceAttemptHTTP2: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	get := func(path string) string {
		resp, err := client.Get("https://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || resp.ProtoMajor != 2 {
			t.Errorf("%s: %s %d", path, resp.Proto, resp.StatusCode)
		}
		return string(body)
	}
	get("/readyz")
	metrics := get("/metrics")
	for _, want := range []string{`consentry_http_requests_total{method="GET",route="/readyz",status="200"} 1`,
		"consentry_store_up 1", "consentry_audit_chain_length ", `go_sql_open_connections{db_name=`, "consentry_pdf_seal_seconds_count 0",
		"process_resident_memory_bytes "} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exit %d: %s", code, logs.String())
	}
}

// TestServeRefusesBadTLSFiles: a missing, unreadable or malformed file, a
// key that is not the certificate's, or a certificate out of its validity
// stops serve at start with exit 1 and the cause; only one of the two
// variables is a configuration error.
func TestServeRefusesBadTLSFiles(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, _ := writeTLSFiles(t, dir, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	otherDir := filepath.Join(dir, "other")
	os.Mkdir(otherDir, 0o700)
	_, otherKey, _ := writeTLSFiles(t, otherDir, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	oldDir := filepath.Join(dir, "old")
	os.Mkdir(oldDir, 0o700)
	oldCert, oldKey, _ := writeTLSFiles(t, oldDir, time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour))
	garbage := filepath.Join(dir, "garbage.pem")
	os.WriteFile(garbage, []byte("not a certificate"), 0o600)
	for _, tt := range []struct {
		name, cert, key, want string
	}{
		{"missing certificate", filepath.Join(dir, "nope.pem"), keyFile, "cannot read"},
		{"directory as key", certFile, dir, "cannot read"},
		{"garbage certificate", garbage, keyFile, "are not a PEM certificate and its key"},
		{"another key", certFile, otherKey, "are not a PEM certificate and its key"},
		{"expired", oldCert, oldKey, "expired on"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": filepath.Join(t.TempDir(), "data"), "CONSENTRY_ADDR": "127.0.0.1:0",
				"CONSENTRY_TLS_CERT": tt.cert, "CONSENTRY_TLS_KEY": tt.key})
			var out, errOut bytes.Buffer
			if code := run(context.Background(), []string{"serve"}, env, &out, &errOut); code != 1 {
				t.Fatalf("exit %d, want 1: %s", code, errOut.String())
			}
			if log := errOut.String(); !strings.Contains(log, "cannot load the TLS certificate") || !strings.Contains(log, tt.want) {
				t.Errorf("log %s, want the cause %q", log, tt.want)
			}
		})
	}
	for _, env := range []map[string]string{{"CONSENTRY_TLS_CERT": certFile}, {"CONSENTRY_TLS_KEY": keyFile}} {
		if _, err := loadConfig(envOf(env)); err == nil || !strings.Contains(err.Error(), "go together") {
			t.Errorf("%v: %v", env, err)
		}
	}
}
