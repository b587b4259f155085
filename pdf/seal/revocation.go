package seal

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"golang.org/x/crypto/ocsp"
)

// This file fetches revocation data at sealing time (PAdES B-LT) and
// judges it at verification time: OCSP responses (RFC 6960) and CRLs
// (RFC 5280) for the certificates of a signer's and a TSA's chain.

// ErrRevocationUnavailable reports that a seal at B-LT or above needed
// revocation data that a certificate names (an OCSP responder or a CRL
// distribution point) and could not get a good answer: the responder or
// the server down, slow past its timeout, refusing, answering with
// something that does not verify, or saying the certificate is revoked.
// Nothing is sealed then.
var ErrRevocationUnavailable = errors.New("seal: no revocation data could be had")

// defaultRevocationTimeout is how long RevocationClient waits for one
// OCSP or CRL answer by default.
const defaultRevocationTimeout = 10 * time.Second

// maxRevocationResponse bounds the bytes read from an OCSP responder or a
// CRL server.
const maxRevocationResponse = 2 << 20

// RevocationClient fetches the revocation data a certificate names: an
// OCSP response from the first responder its Authority Information
// Access names, else the CRL at its first HTTP CRL distribution point.
// It is safe for concurrent use.
type RevocationClient struct {
	// OCSPTimeout and CRLTimeout bound one request, answer included;
	// zero means 10 s.
	OCSPTimeout, CRLTimeout time.Duration
	// HTTP is the client to use; nil means a new http.Client.
	HTTP *http.Client
}

// revocationData is what Fetch found for one certificate.
type revocationData struct {
	ocsp, crl []byte // DER; one of them is set
}

// fetch returns the revocation data for cert, issued by issuer, checked:
// nil, nil when cert names no source. Its errors wrap
// ErrRevocationUnavailable.
func (c *RevocationClient) fetch(ctx context.Context, cert, issuer *x509.Certificate) (*revocationData, error) {
	if c == nil {
		c = &RevocationClient{}
	}
	wrap := func(err error) error {
		return fmt.Errorf("%w: %s: %w", ErrRevocationUnavailable, cert.Subject.String(), err)
	}
	if len(cert.OCSPServer) > 0 {
		req, err := ocsp.CreateRequest(cert, issuer, nil)
		if err != nil {
			return nil, wrap(err)
		}
		body, err := c.do(ctx, c.OCSPTimeout, http.MethodPost, cert.OCSPServer[0], req)
		if err != nil {
			return nil, wrap(fmt.Errorf("OCSP: %w", err))
		}
		resp, err := ocsp.ParseResponseForCert(body, cert, issuer)
		if err != nil {
			return nil, wrap(fmt.Errorf("OCSP: %w", err))
		}
		if resp.Status != ocsp.Good {
			return nil, wrap(fmt.Errorf("OCSP says the certificate is %s", ocspStatus(resp.Status)))
		}
		return &revocationData{ocsp: body}, nil
	}
	for _, url := range cert.CRLDistributionPoints {
		if !bytes.HasPrefix([]byte(url), []byte("http://")) && !bytes.HasPrefix([]byte(url), []byte("https://")) {
			continue
		}
		body, err := c.do(ctx, c.CRLTimeout, http.MethodGet, url, nil)
		if err != nil {
			return nil, wrap(fmt.Errorf("CRL: %w", err))
		}
		st := crlStatus(body, cert, issuer)
		switch {
		case st.err != nil:
			return nil, wrap(fmt.Errorf("CRL: %w", st.err))
		case st.revoked:
			return nil, wrap(errors.New("the CRL lists the certificate as revoked"))
		}
		return &revocationData{crl: body}, nil
	}
	return nil, nil
}

// do sends one request and returns the answer's body.
func (c *RevocationClient) do(ctx context.Context, timeout time.Duration, method, url string, body []byte) ([]byte, error) {
	if timeout <= 0 {
		timeout = defaultRevocationTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/ocsp-request")
		req.Header.Set("Accept", "application/ocsp-response")
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
		return nil, fmt.Errorf("%s answered HTTP %s", url, resp.Status)
	}
	out, err := io.ReadAll(io.LimitReader(resp.Body, maxRevocationResponse+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxRevocationResponse {
		return nil, fmt.Errorf("the answer is larger than %d bytes", maxRevocationResponse)
	}
	return out, nil
}

func ocspStatus(s int) string {
	switch s {
	case ocsp.Good:
		return "good"
	case ocsp.Revoked:
		return "revoked"
	}
	return "unknown"
}

// status is what revocation data says about one certificate.
type status struct {
	known     bool      // data for it verifies against its issuer
	revoked   bool      // it lists the certificate as revoked
	revokedAt time.Time // when, if revoked
	err       error
}

// revokedBy reports whether st says the certificate was revoked at or
// before t.
func (st status) revokedBy(t time.Time) bool { return st.revoked && !st.revokedAt.After(t) }

// crlStatus reads the DER CRL der and says whether it is issuer's and
// lists cert.
func crlStatus(der []byte, cert, issuer *x509.Certificate) status {
	crl, err := x509.ParseRevocationList(der)
	if err != nil {
		return status{err: err}
	}
	if !bytes.Equal(crl.RawIssuer, cert.RawIssuer) {
		return status{err: errors.New("the CRL is another issuer's")}
	}
	if err := crl.CheckSignatureFrom(issuer); err != nil {
		return status{err: fmt.Errorf("the CRL's signature: %w", err)}
	}
	for _, e := range crl.RevokedCertificateEntries {
		if e.SerialNumber != nil && e.SerialNumber.Cmp(cert.SerialNumber) == 0 {
			return status{known: true, revoked: true, revokedAt: e.RevocationTime}
		}
	}
	return status{known: true}
}

// ocspResponseStatus reads the DER OCSP response der and says whether it
// is about cert, signed for issuer, and what it says.
func ocspResponseStatus(der []byte, cert, issuer *x509.Certificate) status {
	resp, err := ocsp.ParseResponseForCert(der, cert, issuer)
	if err != nil {
		return status{err: err}
	}
	switch resp.Status {
	case ocsp.Good:
		return status{known: true}
	case ocsp.Revoked:
		return status{known: true, revoked: true, revokedAt: resp.RevokedAt}
	}
	return status{err: errors.New("the OCSP responder does not know the certificate")}
}

// selfSigned reports whether c is a root: issued by itself, with its own
// key.
func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// path returns the chain of leaf up to a self-signed root, built from
// pool, and whether it reached one.
func path(leaf *x509.Certificate, pool []*x509.Certificate) ([]*x509.Certificate, bool) {
	chain := []*x509.Certificate{leaf}
	c := leaf
	for range maxCertificates {
		if selfSigned(c) {
			return chain, true
		}
		issuer := issuerOf(c, pool)
		if issuer == nil {
			return chain, false
		}
		chain = append(chain, issuer)
		c = issuer
	}
	return chain, false
}

// issuerOf returns the certificate in pool that issued c, or nil.
func issuerOf(c *x509.Certificate, pool []*x509.Certificate) *x509.Certificate {
	for _, p := range pool {
		if bytes.Equal(p.RawSubject, c.RawIssuer) && !bytes.Equal(p.Raw, c.Raw) && c.CheckSignatureFrom(p) == nil {
			return p
		}
	}
	return nil
}
