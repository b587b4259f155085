// Package pdftest holds what the tests of package pdf and of package seal
// share: a realistic record to render, drawn-signature images, and helpers
// that run the external PDF tools (poppler-utils, qpdf) the tests use as
// referees. It is for tests only; no production code imports it.
package pdftest
