// Package seal signs PDFs with a clinic's X.509 key and verifies such
// seals.
//
// A Sealer signs a PDF, such as package pdf renders: Seal appends an
// incremental update holding an invisible signature field and a detached
// CMS signature over every byte of the file but the signature itself, a
// PAdES baseline B-B signature (ETSI EN 319 142-1: SubFilter
// ETSI.CAdES.detached, SHA-256, signing time in /M), so that PDF readers
// and poppler's pdfsig report it valid and any later change breaks it.
// Verify still reads the legacy adbe.pkcs7.detached seals Consentry wrote
// before. Verify checks such a seal and
// says in plain words what is wrong with a file that fails. LoadSealer,
// LoadPKCS12 and DevelopmentSealer provide the key material.
//
// This package owns the PDF object reader (syntax, cross-reference tables,
// the page tree, finding a signature), incremental updates, building and
// reading CMS signatures, loading keys and certificates, and verification.
// It works on bytes alone and may import only the standard library and
// crypto libraries (golang.org/x/crypto, go-pkcs12): never forms, pdf,
// models, api, echo or gorm. What a seal says about the record, its name
// and reason, is passed in as plain parameters.
package seal
