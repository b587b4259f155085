// Package forms holds Consentry's form catalogue: the definitions and
// versions of every form a patient or clinician signs, the consent documents'
// wording, the request types a portal submits with their validation rules,
// and the scoring of the standard instruments.
//
// It knows nothing of HTTP or of the database: callers hand it decoded
// requests and get back either normalised answers or a list of field
// problems, each named by a JSON pointer into the request body.
package forms
