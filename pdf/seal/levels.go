package seal

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
)

// The PAdES baseline levels (ETSI EN 319 142-1), each adding to the one
// before.
const (
	// LevelBB is a CAdES signature, SubFilter ETSI.CAdES.detached, with
	// the signing time in the dictionary's /M.
	LevelBB = "B-B"
	// LevelBT adds an RFC 3161 signature time-stamp token.
	LevelBT = "B-T"
	// LevelBLT adds a Document Security Store holding the certificates
	// and the revocation data a validator needs offline.
	LevelBLT = "B-LT"
	// LevelBLTA adds a document time-stamp over the whole file, DSS
	// included, renewed before its TSA's certificate expires.
	LevelBLTA = "B-LTA"
)

// levelRank orders the levels; 0 is no level.
func levelRank(level string) int {
	switch level {
	case LevelBB:
		return 1
	case LevelBT:
		return 2
	case LevelBLT:
		return 3
	case LevelBLTA:
		return 4
	}
	return 0
}

// ParseLevel returns the level s names (B-B, B-T, B-LT or B-LTA), or an
// error.
func ParseLevel(s string) (string, error) {
	if levelRank(s) == 0 {
		return "", fmt.Errorf("seal: %q is not a PAdES baseline level (B-B, B-T, B-LT or B-LTA)", s)
	}
	return s, nil
}

// level returns the level s seals at, or why it cannot.
func (s *Sealer) level() (string, error) {
	level := s.Level
	if level == "" {
		level = LevelBB
		if s.TSA != nil {
			level = LevelBT
		}
	}
	if _, err := ParseLevel(level); err != nil {
		return "", err
	}
	if levelRank(level) >= levelRank(LevelBT) && s.TSA == nil {
		return "", fmt.Errorf("seal: PAdES %s needs a time-stamping authority (Sealer.TSA)", level)
	}
	return level, nil
}

// EffectiveLevel returns the level SealContext seals at: Level, or B-T
// with a TSA and B-B without when Level is empty; an error when Level is
// not a level or needs a TSA that is not there.
func (s *Sealer) EffectiveLevel() (string, error) { return s.level() }

// known returns the certificates s knows besides those in a file.
func (s *Sealer) known() []*x509.Certificate {
	out := make([]*x509.Certificate, 0, 1+len(s.Chain)+len(s.TSAChain))
	if s.Cert != nil {
		out = append(out, s.Cert)
	}
	out = append(out, s.Chain...)
	return append(out, s.TSAChain...)
}

// addValidationData returns doc with an incremental update appended that
// makes its /DSS hold, besides what it held, the certificates and
// revocation data of every signature and time-stamp in doc. Its errors
// wrap ErrRevocationUnavailable when revocation data a certificate names
// cannot be had.
func (s *Sealer) addValidationData(ctx context.Context, doc []byte) ([]byte, error) {
	x, err := readXref(doc)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	d, err := readDSS(x)
	if err != nil {
		return nil, fmt.Errorf("seal: the document's DSS cannot be read: %w", err)
	}
	if err := d.collect(ctx, doc, s.Revocation, s.known()); err != nil {
		return nil, err
	}
	out, err := appendDSS(doc, d)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return out, nil
}

// extend takes a sealed doc from B-T up to level.
func (s *Sealer) extend(ctx context.Context, doc []byte, level string) ([]byte, error) {
	var err error
	if levelRank(level) >= levelRank(LevelBLT) {
		if doc, err = s.addValidationData(ctx, doc); err != nil {
			return nil, err
		}
	}
	if level == LevelBLTA {
		if doc, err = addDocumentTimestamp(ctx, s.TSA, doc); err != nil {
			return nil, err
		}
	}
	return doc, nil
}

// Retimestamp renews the long-term proof of a sealed document: it returns
// doc with two incremental updates appended, doc itself untouched as
// their prefix: a DSS update adding the certificates and fresh
// revocation data of every signature and time-stamp doc holds (the
// latest document time-stamp's TSA among them), then a new document
// time-stamp from s.TSA over all of it. Run before the latest
// time-stamp's TSA certificate expires, it carries the proof of
// existence forward (ETSI EN 319 142-1, B-LTA). Errors wrap
// ErrTimestampUnavailable or ErrRevocationUnavailable when the TSA or a
// revocation source fails; doc must hold a seal.
func (s *Sealer) Retimestamp(ctx context.Context, doc []byte) ([]byte, error) {
	if s == nil || s.TSA == nil {
		return nil, errors.New("seal: re-time-stamping needs a time-stamping authority (Sealer.TSA)")
	}
	if sig, _ := findSignature(doc); sig == nil {
		return nil, errors.New("seal: the document holds no seal to re-time-stamp")
	}
	return s.extend(ctx, doc, LevelBLTA)
}

// MissingRevocationSources names the certificates of s's signing chain,
// but its root, that name neither an OCSP responder nor a CRL
// distribution point: a DSS can hold no revocation data for them, so a
// seal by s reaches B-LT only when there are none. A self-signed
// certificate alone (the development certificate) is its own root and
// needs none.
func (s *Sealer) MissingRevocationSources() []string {
	if s == nil || s.Cert == nil {
		return nil
	}
	chain, rooted := path(s.Cert, s.known())
	var out []string
	for i, c := range chain {
		if (i+1 < len(chain) || !rooted) && len(c.OCSPServer) == 0 && len(c.CRLDistributionPoints) == 0 {
			out = append(out, c.Subject.String())
		}
	}
	return out
}
