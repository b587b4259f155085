// Package naivefpdf is a benchmark, in a module of its own, that renders
// and seals the real KAP consent with Consentry's own pdf and pdf/seal
// packages built against "naive fpdf": third_party/fpdf with the
// naivefpdf build tag, which turns off every speed patch and renders as
// upstream codeberg.org/go-pdf/fpdf v0.12.0 does (both fonts parsed, cut
// and compressed for every document, a new zlib writer per stream), but
// keeps the glyph-run API Consentry's renderer needs (upstream itself no
// longer builds it). Its record is the one
// pdf/internal/pdftest.KindRecord builds for the consent (internal
// packages cannot be imported from here, so consentRecord mirrors it);
// pdf/seal's BenchmarkConsentRenderAndSeal is the same work with the
// patched fpdf. scripts/bench-side-by-side runs the two in turn and
// prints the ratio (DESIGN.md: ≥ 7×).
package naivefpdf
