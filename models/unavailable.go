package models

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// unavailable reports an error that says the database is busy, gone or
// out of time rather than that the request was wrong: the caller may retry
// the same request later.
func unavailable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case strings.HasPrefix(pgErr.Code, "08"): // connection exception
			return true
		case strings.HasPrefix(pgErr.Code, "53"): // insufficient resources
			return true
		case strings.HasPrefix(pgErr.Code, "57"): // operator intervention: shutdown, statement timeout
			return true
		case pgErr.Code == "40001" || pgErr.Code == "40P01": // serialization failure, deadlock
			return true
		case pgErr.Code == "55P03": // lock not available
			return true
		}
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connectErr), errors.As(err, &netErr),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, io.EOF), errors.Is(err, context.DeadlineExceeded),
		pgconn.Timeout(err), pgconn.SafeToRetry(err):
		return true
	}
	msg := err.Error()
	for _, s := range []string{
		"SQLITE_BUSY", "database is locked", "connection refused", "sql: database is closed",
		"conn closed", "connection reset", "broken pipe", "failed to connect",
		// SQLite's faults of the machine, not of the request: a full disk
		// (SQLITE_FULL), an I/O error (SQLITE_IOERR), a file or directory
		// that became read-only (SQLITE_READONLY), pages found corrupted
		// (SQLITE_CORRUPT), a file that can no longer be opened
		// (SQLITE_CANTOPEN). Each clears without a restart once the cause
		// is gone.
		"database or disk is full", "disk I/O error", "readonly database",
		"database disk image is malformed", "unable to open database file",
		// The same from the operating system, where SQLite passes it on.
		"no space left on device", "read-only file system", "input/output error",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
