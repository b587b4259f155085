package models

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// canonicalByEncoder is the definition CanonicalBytes must match.
func canonicalByEncoder(e *AuditEvent) []byte {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode([]any{e.Seq, e.At.UTC().Format(eventTimeLayout), e.Actor, e.Role, e.Action,
		e.Subject, e.PatientID, e.IP, e.UserAgent, e.DataHash, e.PrevHash})
	return []byte(strings.TrimSuffix(b.String(), "\n"))
}

func TestCanonicalBytesMatchEncodingJSON(t *testing.T) {
	at := time.Date(2026, 11, 20, 15, 4, 5, 123456000, time.FixedZone("x", 3600))
	for _, ua := range []string{"curl/8.5", `a "quoted" \ ua`, "tab\tnl\n", "<script>&", "\x00\x1f\x7f", "é ü \u2028\u2029", "\xff\xfe", ""} {
		e := &AuditEvent{Seq: 12345, At: at, Actor: "01a2", Role: "portal", Action: "submission.create",
			Subject: "submission/x", PatientID: "p", IP: "::1", UserAgent: ua, DataHash: strings.Repeat("a", 64), PrevHash: GenesisHash}
		if got, want := string(e.CanonicalBytes()), string(canonicalByEncoder(e)); got != want {
			t.Errorf("user agent %q:\n got %s\nwant %s", ua, got, want)
		}
	}
}

func FuzzCanonicalBytes(f *testing.F) {
	f.Add(int64(1), "actor", "ua", "ip")
	f.Add(int64(-5), `"\`, "\u2028<>&", "\xff")
	f.Fuzz(func(t *testing.T, seq int64, actor, ua, ip string) {
		e := &AuditEvent{Seq: seq, At: time.Unix(0, seq).UTC(), Actor: actor, UserAgent: ua, IP: ip, PrevHash: GenesisHash}
		if got, want := string(e.CanonicalBytes()), string(canonicalByEncoder(e)); got != want {
			t.Fatalf("got %s want %s", got, want)
		}
	})
}

func BenchmarkCanonicalBytes(b *testing.B) {
	e := &AuditEvent{Seq: 123456, At: time.Now(), Actor: "01a23398-2f86-776b-b174-48ca605a0d27", Role: "clinician",
		Action: "document.read", Subject: "submission/01a23398-60e6-78ae-bf22-b2aa8402bf4d", PatientID: "01a23398-605a-7063-abaa-87109d0c4682",
		IP: "192.0.2.1", UserAgent: "consentry-portal/1.4 (+https://clinic.example)", PrevHash: GenesisHash}
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			_ = e.CanonicalBytes()
		}
	})
	b.Run("encoder", func(b *testing.B) {
		for b.Loop() {
			_ = canonicalByEncoder(e)
		}
	})
}
