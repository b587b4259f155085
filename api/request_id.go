package api

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

const requestIDKey = "request_id"

// maxRequestIDLen is the longest incoming X-Request-Id kept.
const maxRequestIDLen = 64

// requestID returns the id this request carries in logs and its
// X-Request-Id response header.
func requestID(c echo.Context) string {
	id, _ := c.Get(requestIDKey).(string)
	return id
}

// requestIDs keeps a caller's X-Request-Id when it is short and safe
// (safeRequestID), so that a portal or proxy can follow its request through
// our logs, and otherwise makes a new one. echo's RequestID middleware
// echoes whatever arrives, so an unsafe value is dropped before it runs.
func requestIDs() echo.MiddlewareFunc {
	ids := middleware.RequestIDWithConfig(middleware.RequestIDConfig{
		Generator:        newRequestID,
		RequestIDHandler: func(c echo.Context, id string) { c.Set(requestIDKey, id) },
	})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		withID := ids(next)
		return func(c echo.Context) error {
			h := c.Request().Header
			if vs := h.Values(echo.HeaderXRequestID); len(vs) != 1 || !safeRequestID(vs[0]) {
				h.Del(echo.HeaderXRequestID)
			}
			return withID(c)
		}
	}
}

// safeRequestID reports whether an incoming id may be kept: 1 to 64
// characters of A-Z, a-z, 0-9, '.', '_' and '-', so that it can't forge
// log lines, split headers or carry anything a log should not.
func safeRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch b := id[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '.', b == '_', b == '-':
		default:
			return false
		}
	}
	return true
}

// newRequestID is 16 random hex digits.
func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
