// Package models is Consentry's store: the GORM types, the versioned
// migrations, and the transactions that write a record together with its
// document and its audit event. Stored records are never updated or
// deleted; every write and every read of patient data appends one event to
// a SHA-256 hash chain.
//
// It knows nothing of HTTP. Lookups that find nothing return ErrNotFound,
// never a nil result with a nil error.
package models
