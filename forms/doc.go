// Package forms holds Consentry's form catalogue: the definitions and
// versions of every form a patient or clinician signs, the consent documents'
// wording, the form kinds, the request types a portal submits with their
// `validate` tags, the decoding and input checks of those requests, the
// scoring of the standard instruments (PHQ-9, GAD-7, PCL-5 and AUDIT-C
// totals and bands; a clinic's cutoffs come in as plain parameters), the
// published JSON Schemas, and the readability measure of the texts.
//
// It knows nothing of HTTP, of the database or of screening: callers hand
// it decoded requests and get back either normalised answers or a list of
// field problems, each named by a JSON pointer into the request body. The
// screening rules that read the answers are package screening's.
//
// It may import the standard library and the validator package only.
package forms
