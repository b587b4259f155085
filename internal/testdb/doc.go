// Package testdb gives tests a fresh, empty database on the engine the
// test run asks for, and starts and stops throwaway PostgreSQL servers.
//
// CONSENTRY_TEST_DATABASE selects the engine: "sqlite" (the default) or
// "postgres". For PostgreSQL the package starts its own server, once per
// test binary, from the installed initdb and pg_ctl (on PATH or under
// /usr/lib/postgresql/*/bin), in a temporary directory on a free loopback
// port, and removes it when the tests end; every database it hands out is
// a schema of its own on that server. CONSENTRY_TEST_POSTGRES_URL points
// the tests at an existing server instead.
//
// Without PostgreSQL installed, tests that need it skip with a message;
// under CI=true they fail.
package testdb
