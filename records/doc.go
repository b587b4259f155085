// Package records holds Consentry's use cases: what happens when a portal
// submits a form, a patient withdraws a consent, a clinician reviews a
// record, or a clinician or auditor reads a patient's records, consent
// history, screening, export, or asks whether a PDF is one of ours.
//
// Every sealed record (a submission, a withdrawal, a review) goes through
// one pipeline (pipeline.go, sealRecord): decode and check the request with forms, every
// problem at once; check what needs the store and the clock; screen once
// with screening; build what the PDF shows from domain types; render it
// with pdf; seal it with the clinic's key; store it with its audit event in
// one transaction. Nothing is stored when a step fails.
//
// Use cases take plain Go inputs (who acts, the raw body, ids) and return
// a result or an *Error (or a *forms.ValidationError, or one of the
// store's errors); they know nothing of HTTP. The package may import the
// domain packages (forms, screening, pdf, pdf/seal) and the store
// (models); api and cmd import it, never the other way round.
package records
