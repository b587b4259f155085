package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"time"
)

// loadTLS reads the HTTPS certificate chain and key (PEM files) that serve
// answers with, offering HTTP/2 and HTTP/1.1, TLS 1.2 at least. It
// refuses, naming the file and the cause, files that can't be read, that
// hold no certificate or key, a key that is not the certificate's, and a
// certificate that is not valid now. The files are read once: a renewed
// certificate takes a restart (or a proxy in front, see the README).
func loadTLS(certFile, keyFile string, now time.Time) (*tls.Config, error) {
	for _, f := range []struct{ name, path string }{{"CONSENTRY_TLS_CERT", certFile}, {"CONSENTRY_TLS_KEY", keyFile}} {
		if _, err := os.ReadFile(f.path); err != nil {
			return nil, fmt.Errorf("%s: cannot read %s: %w", f.name, f.path, err)
		}
	}
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("CONSENTRY_TLS_CERT %s and CONSENTRY_TLS_KEY %s are not a PEM certificate and its key: %w", certFile, keyFile, err)
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return nil, fmt.Errorf("CONSENTRY_TLS_CERT %s: %w", certFile, err)
	}
	switch {
	case now.After(leaf.NotAfter):
		return nil, fmt.Errorf("CONSENTRY_TLS_CERT %s expired on %s", certFile, leaf.NotAfter.UTC().Format(time.RFC3339))
	case now.Before(leaf.NotBefore):
		return nil, fmt.Errorf("CONSENTRY_TLS_CERT %s is not valid before %s", certFile, leaf.NotBefore.UTC().Format(time.RFC3339))
	}
	pair.Leaf = leaf
	return &tls.Config{
		Certificates: []tls.Certificate{pair},
		NextProtos:   []string{"h2", "http/1.1"},
		MinVersion:   tls.VersionTLS12,
	}, nil
}
