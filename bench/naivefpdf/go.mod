module github.com/consentry/consentry/bench/naivefpdf

go 1.26.8

require github.com/consentry/consentry v0.0.0

require (
	codeberg.org/go-pdf/fpdf v0.12.0 // indirect
	github.com/digitorus/pkcs7 v0.0.0-20230713084857-e76b763bdc49 // indirect
	github.com/digitorus/timestamp v0.0.0-20231217203849-220c5c2851b7 // indirect
	github.com/gabriel-vasile/mimetype v1.4.16 // indirect
	github.com/go-playground/locales v0.14.2 // indirect
	github.com/go-playground/universal-translator v0.18.2 // indirect
	github.com/go-playground/validator/v10 v10.30.6 // indirect
	github.com/go-text/typesetting v0.3.5 // indirect
	github.com/klauspost/compress v1.20.4 // indirect
	github.com/leodido/go-urn v1.5.0 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/image v0.23.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	software.sslmate.com/src/go-pkcs12 v0.7.4 // indirect
)

// Consentry's own packages from this checkout, and fpdf from its patched
// copy: built with the naivefpdf tag (scripts/bench-side-by-side does),
// that copy turns every speed patch off and renders as upstream v0.12.0
// does (fonts parsed and cut per document, a new zlib writer per stream),
// while keeping the APIs Consentry's renderer calls (glyph runs).
replace github.com/consentry/consentry => ../..

replace codeberg.org/go-pdf/fpdf => ../../third_party/fpdf
