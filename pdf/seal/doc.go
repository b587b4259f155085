// Package seal signs PDFs with a clinic's X.509 key and verifies such
// seals.
//
// A Sealer signs a PDF, such as package pdf renders: Seal appends an
// incremental update holding an invisible signature field and a detached
// CMS signature over every byte of the file but the signature itself, a
// PAdES baseline B-B signature (ETSI EN 319 142-1: SubFilter
// ETSI.CAdES.detached, SHA-256, signing time in /M), so that PDF readers
// and poppler's pdfsig report it valid and any later change breaks it.
// With a time-stamping authority (Sealer.TSA, such as a TSAClient) the
// seal is PAdES baseline B-T: an RFC 3161 token over the signature value
// proves the signature existed at the TSA's time. At Sealer.Level B-LT a
// second incremental update adds a Document Security Store (/DSS) with
// the signer's and the TSA's certificate chains and the OCSP responses or
// CRLs their certificates name, fetched at sealing time; at B-LTA a third
// adds a document time-stamp (SubFilter ETSI.RFC3161) over all of it, and
// Retimestamp adds a fresh DSS and document time-stamp later, before the
// last TSA's certificate expires. Verify judges each update after the
// seal (only validation data and time-stamps may follow it), reports
// every signature and time-stamp, and takes the newest valid time-stamp
// as the proof of existence it works back from. Verify still reads the
// legacy adbe.pkcs7.detached seals Consentry wrote before. Verify checks such a seal and
// says in plain words what is wrong with a file that fails. LoadSealer,
// LoadPKCS12 and DevelopmentSealer provide the key material.
//
// This package owns the PDF object reader (syntax, cross-reference tables,
// the page tree, finding a signature), incremental updates, building and
// reading CMS signatures, loading keys and certificates, and verification.
// It works on bytes alone and may import only the standard library and
// crypto libraries (golang.org/x/crypto, go-pkcs12, digitorus/timestamp
// for the RFC 3161 protocol) and net/http for the TSA: never forms, pdf,
// models, api, echo or gorm. What a seal says about the record, its name
// and reason, is passed in as plain parameters.
//
// Why our own PDF writer and CMS, and not github.com/digitorus/pdfsign
// (weighed in 2026-12): pdfsign writes SubFilter adbe.pkcs7.detached, not
// ETSI.CAdES.detached; its CMS comes from digitorus/pkcs7, which always
// adds a signing-time attribute read from time.Now, so a seal could be
// neither PAdES B-B (signing time in /M only) nor carry the record's own
// receipt time, nor be byte-for-byte reproducible from a fixed clock; its
// TSA request sends no nonce, and its HTTP client has no timeout or
// context. Our writer keeps the rendered bytes as an untouched prefix,
// writes one small incremental update deterministically, and is read back
// by the same package's Verify with its plain-words problems. For the
// RFC 3161 protocol itself (request, response, status) TSAClient uses
// github.com/digitorus/timestamp, at the pseudo-version that still builds
// with Go 1.26 (its newest needs Go 1.27 and differs only in go.mod); the
// token is checked again by this package's reader.
package seal
