// Package api is Consentry's HTTP interface: the echo server, its routes
// and handlers, API-key authentication and roles, and the one error handler
// that turns every error into an RFC 9457 problem response.
//
// Handlers return errors; they never write error responses themselves.
package api
