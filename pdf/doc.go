// Package pdf renders a consent or intake record to PDF and seals it.
//
// Render draws exactly what the signer saw and signed: the form's text of
// that version, the patient block, the initials, the clause decisions, the
// answers, the drawn and typed signatures and the server's time. A footer on
// every page names the record, the form and its version, and a final
// certificate page lists the hashes and signer details an auditor needs.
//
// Output is deterministic: the same Record always renders to the same bytes,
// so a stored document can be checked by rendering it again. Text is set in
// the embedded DejaVu Sans fonts, which cover Latin (Vietnamese included),
// Greek and Cyrillic; text the fonts cannot show is refused with
// ErrUnsupportedText rather than drawn as empty boxes.
//
// A Sealer then signs the rendered bytes with the clinic's X.509 key: Seal
// appends an incremental update holding an invisible signature field and a
// detached CMS signature (adbe.pkcs7.detached, SHA-256) over every byte of
// the file but the signature itself, so that PDF readers and poppler's
// pdfsig report it valid and any later change breaks it. Verify checks such
// a seal and says in plain words what is wrong with a file that fails.
// LoadSealer, LoadPKCS12 and DevelopmentSealer provide the key material.
package pdf
