// Package formstest holds test fixtures for the packages that read forms:
// a valid answers document of every kind, as a JSON-shaped map that a test
// breaks one field at a time, and a valid submission body around it. Each
// describes a clean patient, one no screening rule flags.
//
// It imports the standard library only, so that package forms' own tests
// can use it too; form kinds are spelled out as strings.
package formstest
