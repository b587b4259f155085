package models

import "errors"

// Errors the store returns; callers test them with errors.Is.
var (
	// ErrNotFound means no row matched.
	ErrNotFound = errors.New("models: not found")
	// ErrConflict means a unique value is already taken.
	ErrConflict = errors.New("models: conflict")
	// ErrUnavailable means the database could not be reached or is busy.
	ErrUnavailable = errors.New("models: store unavailable")
)

func isConflict(err error) bool { return errors.Is(err, ErrConflict) }
