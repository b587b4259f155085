package seal

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/tsatest"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// timestampedSealer returns a copy of the named test sealer that
// time-stamps with tsa.
func timestampedSealer(tb testing.TB, name string, tsa *tsatest.TSA) *Sealer {
	tb.Helper()
	s := *testSealer(tb, name)
	s.TSA = &TSAClient{URL: tsa.URL, Roots: tsa.Roots(), Timeout: 2 * time.Second}
	return &s
}

// sealedBT renders the test record and seals it at B-T with the named test
// sealer and tsa.
func sealedBT(tb testing.TB, name string, tsa *tsatest.TSA) (doc, signed []byte) {
	tb.Helper()
	doc, _ = pdftest.Render(tb, pdftest.Record(tb))
	signed, err := timestampedSealer(tb, name, tsa).Seal(doc, testSealedAt, testSealName, testSealReason)
	if err != nil {
		tb.Fatalf("Seal: %v", err)
	}
	return doc, signed
}

// sealMessage returns the CMS of the seal on signed.
func sealMessage(tb testing.TB, signed []byte) *signedMessage {
	tb.Helper()
	sig, damage := findSignature(signed)
	if sig == nil || damage != nil {
		tb.Fatalf("no signature: %v", damage)
	}
	m, _, err := parseSignedData(decodeHex(signed[sig.contents.start+1 : sig.contents.end-1]))
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func TestSealWithTimestamp(t *testing.T) {
	tsa := tsatest.Start(t)
	tsa.SetTime(testSealedAt.Add(2 * time.Second))
	for _, name := range testSealerNames {
		t.Run(name, func(t *testing.T) {
			doc, signed := sealedBT(t, name, tsa)
			if !bytes.HasPrefix(signed, doc) {
				t.Fatal("the sealed file does not start with the rendered bytes")
			}
			if v, err := Verify(signed); err != nil || !v.Valid() {
				t.Fatalf("Verify: %v %q", err, v.Problems)
			}
			m := sealMessage(t, signed)
			if len(m.timestamps) != 1 {
				t.Fatalf("%d time-stamp tokens, want 1", len(m.timestamps))
			}
			tok, err := checkToken(m.timestamps[0])
			if err != nil {
				t.Fatal(err)
			}
			if !tok.signature || !tok.imprintMatches(m.signature) || !tok.time.Equal(testSealedAt.Add(2*time.Second)) ||
				!bytes.Equal(tok.signer.Raw, tsa.Cert.Raw) {
				t.Errorf("token: signature %v (%s), imprint %v, time %v", tok.signature, tok.problem, tok.imprintMatches(m.signature), tok.time)
			}
			if out := pdfsig(t, signed); !pdfsigAccepts(out) || !strings.Contains(out, "Signature Type: ETSI.CAdES.detached") {
				t.Errorf("pdfsig does not accept the seal:\n%s", out)
			}
			t.Logf("token %d bytes", len(m.timestamps[0]))
		})
	}
}

func TestTimestampTokenSizes(t *testing.T) {
	// The measurements behind timestampReserve.
	for _, tt := range []struct {
		name string
		opts []tsatest.Option
	}{
		{"ECDSA P-256 TSA", nil},
		{"RSA-2048 TSA", []tsatest.Option{tsatest.WithRSA(2048)}},
		{"RSA-4096 TSA", []tsatest.Option{tsatest.WithRSA(4096)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && strings.Contains(tt.name, "4096") {
				t.Skip("RSA-4096 key generation is slow")
			}
			tsa := tsatest.Start(t, tt.opts...)
			tok, err := (&TSAClient{URL: tsa.URL}).Timestamp(context.Background(), make([]byte, 32))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: token %d bytes, TSA certificate %d bytes", tt.name, len(tok), len(tsa.Cert.Raw))
			if len(tok)+64 > timestampReserve/2 {
				t.Errorf("a %d-byte token leaves too little of the %d-byte reserve for real TSAs' larger chains", len(tok), timestampReserve)
			}
		})
	}
}

func TestSealFailsWithoutATimestamp(t *testing.T) {
	doc, _ := pdftest.Render(t, pdftest.Record(t))
	tests := []struct {
		mode tsatest.Mode
		name string
	}{
		{tsatest.HTTPError, "HTTP 500"},
		{tsatest.Hang, "hanging past the timeout"},
		{tsatest.Reject, "request rejected"},
		{tsatest.Garbage, "garbage answer"},
		{tsatest.WrongImprint, "token over other data"},
		{tsatest.WrongNonce, "token with another nonce"},
	}
	tsa := tsatest.Start(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tsa.SetMode(tt.mode)
			s := *testSealer(t, "ECDSA P-256")
			s.TSA = &TSAClient{URL: tsa.URL, Timeout: 300 * time.Millisecond}
			start := time.Now()
			out, err := s.Seal(doc, testSealedAt, testSealName, testSealReason)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("Seal took %v", took)
			}
			if out != nil || !errors.Is(err, ErrTimestampUnavailable) {
				t.Fatalf("Seal: %d bytes, %v; want ErrTimestampUnavailable", len(out), err)
			}
			t.Log(err)
		})
	}
	t.Run("TSA down", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens there now
		s := *testSealer(t, "ECDSA P-256")
		s.TSA = &TSAClient{URL: "http://" + addr + "/tsr", Timeout: time.Second}
		out, err := s.Seal(doc, testSealedAt, "", "")
		if out != nil || !errors.Is(err, ErrTimestampUnavailable) {
			t.Fatalf("Seal: %v; want ErrTimestampUnavailable", err)
		}
	})
	t.Run("context cancelled while the TSA hangs", func(t *testing.T) {
		tsa.SetMode(tsatest.Hang)
		s := *testSealer(t, "ECDSA P-256")
		s.TSA = &TSAClient{URL: tsa.URL, Timeout: time.Minute}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		out, err := s.SealContext(ctx, doc, testSealedAt, "", "")
		if out != nil || !errors.Is(err, ErrTimestampUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("SealContext: %v", err)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("SealContext took %v", took)
		}
	})
	t.Run("a Timestamper that ignores its context", func(t *testing.T) {
		s := *testSealer(t, "ECDSA P-256")
		block := make(chan struct{})
		defer close(block)
		s.TSA = timestamperFunc(func(context.Context, []byte) ([]byte, error) { <-block; return nil, nil })
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		if _, err := s.SealContext(ctx, doc, testSealedAt, "", ""); !errors.Is(err, ErrTimestampUnavailable) {
			t.Fatalf("SealContext: %v", err)
		}
	})
	t.Run("a Timestamper that returns junk", func(t *testing.T) {
		for _, junk := range [][]byte{nil, {0x30, 0x00}, []byte("junk")} {
			s := *testSealer(t, "ECDSA P-256")
			s.TSA = timestamperFunc(func(context.Context, []byte) ([]byte, error) { return junk, nil })
			if _, err := s.Seal(doc, testSealedAt, "", ""); !errors.Is(err, ErrTimestampUnavailable) {
				t.Errorf("Seal with token %q: %v", junk, err)
			}
		}
	})
	t.Run("a TSA outside the roots", func(t *testing.T) {
		other := tsatest.Start(t)
		tsa.SetMode(tsatest.OK)
		s := *testSealer(t, "ECDSA P-256")
		s.TSA = &TSAClient{URL: tsa.URL, Roots: other.Roots()}
		if _, err := s.Seal(doc, testSealedAt, "", ""); !errors.Is(err, ErrTimestampUnavailable) {
			t.Fatalf("Seal: %v", err)
		}
	})
}

// timestamperFunc is a Timestamper made of a function.
type timestamperFunc func(context.Context, []byte) ([]byte, error)

func (f timestamperFunc) Timestamp(ctx context.Context, digest []byte) ([]byte, error) {
	return f(ctx, digest)
}

func TestTSAClientSendsItsOptions(t *testing.T) {
	tsa := tsatest.Start(t)
	tsa.RequireAuth("clinic", "secret")
	if _, err := (&TSAClient{URL: tsa.URL}).Timestamp(context.Background(), make([]byte, 32)); !errors.Is(err, ErrTimestampUnavailable) ||
		!strings.Contains(err.Error(), "401") {
		t.Errorf("without credentials: %v", err)
	}
	c := &TSAClient{URL: tsa.URL, Policy: "1.2.3.4.5", Username: "clinic", Password: "secret"}
	tok, err := c.Timestamp(context.Background(), make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := checkToken(tok)
	if err != nil || parsed.policy.String() != "1.2.3.4.5" {
		t.Errorf("policy %v, %v", parsed.policy, err)
	}
	for _, bad := range []*TSAClient{{}, {URL: tsa.URL, Policy: "x.y"}, {URL: "::not a url"}} {
		if _, err := bad.Timestamp(context.Background(), make([]byte, 32)); !errors.Is(err, ErrTimestampUnavailable) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if _, err := c.Timestamp(context.Background(), make([]byte, 20)); !errors.Is(err, ErrTimestampUnavailable) {
		t.Errorf("a SHA-1-sized digest: %v", err)
	}
}

func TestParseGeneralizedTime(t *testing.T) {
	for in, want := range map[string]time.Time{
		"20261114170310Z":      testSealedAt,
		"20261114170310.5Z":    testSealedAt.Add(500 * time.Millisecond),
		"20261114170310.123Z":  testSealedAt.Add(123 * time.Millisecond),
		"20261114170310.50Z":   {},
		"20261114170310.Z":     {},
		"20261114170310":       {},
		"20261114170310+0100":  {},
		"2026111417031Z":       {},
		"20261314170310Z":      {},
		"20261114170310.1234Z": testSealedAt.Add(123400 * time.Microsecond),
	} {
		got, ok := parseGeneralizedTime(in)
		if !got.Equal(want) || ok == want.IsZero() {
			t.Errorf("parseGeneralizedTime(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
}
