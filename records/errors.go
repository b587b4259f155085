package records

import (
	"fmt"

	"github.com/consentry/consentry/forms"
)

// Code says what kind of failure an Error is; api maps each code onto one
// HTTP status in its error table.
type Code int

// Error codes.
const (
	// NotFound: the resource named by the caller does not exist, or is
	// not the caller's to see.
	NotFound Code = iota + 1
	// Forbidden: the caller's role may not do this with this resource.
	Forbidden
	// Conflict: the request contradicts what is stored (a consent
	// already withdrawn, a version already published).
	Conflict
	// Gone: the resource was there but may no longer be used (an
	// invitation used, expired or revoked).
	Gone
)

// Error is a use case's refusal. Its Slug names the problem for clients
// (e.g. "already-withdrawn") and its Detail says in plain words what is
// wrong; neither ever echoes patient data. A request with bad fields is
// refused with a *forms.ValidationError instead, which names each field.
type Error struct {
	Code   Code
	Slug   string
	Detail string
}

// Error implements error.
func (e *Error) Error() string { return fmt.Sprintf("records: %s: %s", e.Slug, e.Detail) }

// notFound is the refusal of an unknown (or unseen) resource.
func notFound(what string) *Error {
	return &Error{Code: NotFound, Slug: "not-found", Detail: what + " not found"}
}

// conflict is a refusal because of what is stored.
func conflict(slug, detail string) *Error {
	return &Error{Code: Conflict, Slug: slug, Detail: detail}
}

// invalid is the refusal of a request with bad fields, every one named.
func invalid(errs []forms.FieldError) error {
	return &forms.ValidationError{Errors: forms.Dedupe(errs)}
}
