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
	github.com/leodido/go-urn v1.5.0 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	software.sslmate.com/src/go-pkcs12 v0.7.4 // indirect
)

// Consentry's own packages from this checkout; fpdf from upstream, since a
// dependency's replace directives do not apply here: this module renders
// with the unpatched v0.12.0 (fonts parsed per document, a new zlib writer
// per stream).
replace github.com/consentry/consentry => ../..
