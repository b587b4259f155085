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
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
