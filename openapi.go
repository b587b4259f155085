// Package consentry holds Consentry's contract, openapi.yaml, for the
// binary to serve and the tests to check against.
package consentry

import _ "embed"

// OpenAPI is the text of openapi.yaml, the API's contract.
//
//go:embed openapi.yaml
var OpenAPI []byte
