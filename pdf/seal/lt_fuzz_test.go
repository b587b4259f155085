package seal

import (
	"bytes"
	"testing"
)

// FuzzVerifyLongTerm feeds Verify, and the DSS and document time-stamp
// readers beneath it, mutations of B-LT and B-LTA files and of small
// hand-made files with a DSS or a document time-stamp (the seeds in
// testdata/fuzz/FuzzVerifyLongTerm). None may panic, fail or hang;
// Verify must name a problem whenever it does not call a file valid, and
// call a file B-LT or B-LTA only with a complete DSS after a seal that
// only such updates follow.
func FuzzVerifyLongTerm(f *testing.F) {
	f.Add(minimalPDF())
	f.Fuzz(func(t *testing.T, doc []byte) {
		v, err := VerifyAt(doc, testVerifiedAt)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Valid() && len(v.Problems) == 0 {
			t.Fatal("not valid, yet no problem named")
		}
		if v.Level == LevelBLT || v.Level == LevelBLTA {
			if v.DSS == nil || !v.DSS.Complete || !v.ExtendedOnly || v.Timestamp == nil {
				t.Fatalf("level %s with DSS %+v, extended only %v", v.Level, v.DSS, v.ExtendedOnly)
			}
		}
		if v.Valid() && !bytes.HasPrefix(doc, v.SignedRevision) {
			t.Fatal("valid, but the signed revision is not a prefix")
		}
		for i, s := range v.Signatures {
			if (i == 0) != (s.Kind == KindSignature) {
				t.Fatalf("signature %d is a %s", i, s.Kind)
			}
		}
		// The readers on their own, reached even when the seal is broken.
		if x, err := readXref(doc); err == nil {
			readDSS(x)
			x.revisions()
		}
		checkUpdates(doc, int64(len(doc)/2))
		if sigs, err := signaturesFromForm(doc); err == nil {
			for _, s := range sigs {
				if s.docTimestamp && s.contents.kind == kindHex {
					checkToken(trimDER(decodeHex(doc[s.contents.start+1 : s.contents.end-1])))
				}
			}
		}
	})
}
