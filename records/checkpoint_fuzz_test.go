package records_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/consentry/consentry/records"
)

// FuzzParseCheckpointLine: the checkpoint log's parser never panics, and
// what it accepts is a checkpoint that encodes back to a line it accepts
// again, with the same signed bytes. The seeds in
// testdata/fuzz/FuzzParseCheckpointLine are real lines and their
// near misses.
func FuzzParseCheckpointLine(f *testing.F) {
	f.Add([]byte(`{"seq":7,"hash":"` + hex64 + `","at":"2026-11-20T15:04:05.000000Z","alg":"ecdsa-sha256","signature":"MEUCIQ==","cert_sha256":"` + hex64 + `","writer":"0123456789abcdef"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		l, err := records.ParseCheckpointLine(line)
		if err != nil {
			return
		}
		again, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		l2, err := records.ParseCheckpointLine(again)
		if err != nil {
			t.Fatalf("accepted %q but not its re-encoding %q: %v", line, again, err)
		}
		if *l2 != *l || !bytes.Equal(l.SignedBytes(), l2.SignedBytes()) || l.ID() != l2.ID() {
			t.Fatalf("%q and its re-encoding differ: %+v, %+v", line, l, l2)
		}
		if l.Seq < 1 || len(l.Hash) != 64 || l.Time().IsZero() {
			t.Fatalf("accepted %q: %+v", line, l)
		}
	})
}

const hex64 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
