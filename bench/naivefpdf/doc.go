// Package naivefpdf is a benchmark, in a module of its own, that renders
// and seals the real KAP consent with Consentry's own pdf and pdf/seal
// packages built against upstream codeberg.org/go-pdf/fpdf v0.12.0
// instead of the patched copy in third_party/fpdf: "naive fpdf", which
// parses both fonts for every document. Its record is the one
// pdf/internal/pdftest.KindRecord builds for the consent (internal
// packages cannot be imported from here, so consentRecord mirrors it);
// pdf/seal's BenchmarkConsentRenderAndSeal is the same work with the
// patched fpdf. scripts/bench-side-by-side runs the two in turn and
// prints the ratio (DESIGN.md: ≥ 7×).
package naivefpdf
