package seal

import (
	"bytes"
	"testing"

	"github.com/consentry/consentry/internal/tsatest"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// BenchmarkSeal seals a realistic four-page consent with a drawn
// signature, rendered once.
func BenchmarkSeal(b *testing.B) {
	doc, _ := pdftest.Render(b, pdftest.RecordWithPNG(b, pdftest.PNG(b, 600, 200)))
	for _, name := range testSealerNames {
		b.Run(name, func(b *testing.B) {
			s := testSealer(b, name)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Seal(doc, testSealedAt, testSealName, testSealReason); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSealWithTimestamp is BenchmarkSeal at B-T, with the loopback
// test TSA: what a time-stamp adds (a round trip and the token's checks).
func BenchmarkSealWithTimestamp(b *testing.B) {
	doc, _ := pdftest.Render(b, pdftest.RecordWithPNG(b, pdftest.PNG(b, 600, 200)))
	tsa := tsatest.Start(b)
	for _, name := range testSealerNames {
		b.Run(name, func(b *testing.B) {
			s := timestampedSealer(b, name, tsa)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Seal(doc, testSealedAt, testSealName, testSealReason); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderAndSeal is the unit of DESIGN's render+sign budget, with
// the development certificate's kind of key.
func BenchmarkRenderAndSeal(b *testing.B) {
	r := pdftest.RecordWithPNG(b, pdftest.PNG(b, 600, 200))
	s := testSealer(b, "ECDSA P-256")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if _, err := pdf.Render(&buf, r); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Seal(buf.Bytes(), r.ReceivedAt, testSealName, testSealReason); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify verifies a sealed realistic consent.
func BenchmarkVerify(b *testing.B) {
	_, signed := sealed(b, "ECDSA P-256")
	b.ReportAllocs()
	for b.Loop() {
		if v, err := Verify(signed); err != nil || !v.Valid() {
			b.Fatal(err, v.Problems)
		}
	}
}

// BenchmarkSealLevels seals the realistic consent at each level with the
// loopback test TSA and, from B-LT, a loopback OCSP responder and CRL
// server: what each level adds to a seal.
func BenchmarkSealLevels(b *testing.B) {
	doc, _ := pdftest.Render(b, pdftest.RecordWithPNG(b, pdftest.PNG(b, 600, 200)))
	p := startLTPKI(b)
	for _, level := range []string{LevelBB, LevelBT, LevelBLT, LevelBLTA} {
		b.Run(level, func(b *testing.B) {
			s := p.sealer(level, p.tsa)
			if level == LevelBB {
				s.TSA = nil
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Seal(doc, testSealedAt, testSealName, testSealReason); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyLTA verifies a B-LTA seal of the realistic consent.
func BenchmarkVerifyLTA(b *testing.B) {
	doc, _ := pdftest.Render(b, pdftest.RecordWithPNG(b, pdftest.PNG(b, 600, 200)))
	p := startLTPKI(b)
	signed := sealAt(b, p.sealer(LevelBLTA, p.tsa), doc)
	b.ReportAllocs()
	for b.Loop() {
		if v, err := VerifyAt(signed, testVerifiedAt); err != nil || v.Level != LevelBLTA {
			b.Fatal(err, v.Problems)
		}
	}
}
