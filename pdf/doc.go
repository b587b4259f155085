// Package pdf renders a consent or intake record to PDF.
//
// Render draws exactly what the signer saw and signed: the form's text of
// that version, the patient block, the initials, the clause decisions, the
// answers, the drawn and typed signatures and the server's time. A footer on
// every page names the record, the form and its version, and a final
// certificate page lists the hashes and signer details an auditor needs.
// RenderSummary draws a clinician's summary of a stored record, which is not
// itself a record.
//
// Output is deterministic: the same Record always renders to the same bytes,
// so a stored document can be checked by rendering it again. Text is set in
// the embedded DejaVu Sans fonts, which cover Latin (Vietnamese included),
// Greek, Cyrillic, Armenian and Georgian, and in embedded Noto Sans fonts
// for Arabic, Hebrew, Devanagari and Thai and Droid Sans Fallback for
// Chinese, Japanese and Korean (scripts.go). Text DejaVu Sans draws goes
// to fpdf as it is; other text is shaped with HarfBuzz and laid out in
// bidirectional order (shape.go, text.go) and drawn glyph by glyph. Text
// no font can show is refused with ErrUnsupportedText rather than drawn
// as empty boxes.
//
// This package owns rendering only: the page layout, the embedded fonts and
// their coverage, the checks on drawn signature images and the certificate
// page. It may import the standard library, fpdf and forms. Sealing and
// verifying the rendered bytes is package seal (pdf/seal), which this
// package does not import.
package pdf
