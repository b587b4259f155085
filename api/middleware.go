package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// requestLog counts each request in the metrics and logs one line: its id
// (requestIDs), method, route template, status, duration. Never the path's
// values, the query, or any body.
func requestLog(log *slog.Logger, m *Metrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			elapsed := time.Since(start)
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			status := c.Response().Status
			m.observeRequest(c.Request().Method, route, status, elapsed)
			log.Info("request", "request_id", requestID(c), "method", c.Request().Method, "route", route,
				"status", status, "duration_ms", float64(elapsed.Microseconds())/1000, "role", roleOf(c))
			return nil
		}
	}
}

// recoverPanics turns a panic into an internal error: logged with its
// value, answered as a bare 500.
func recoverPanics(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if r := recover(); r != nil {
					if r == http.ErrAbortHandler {
						panic(r)
					}
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			return next(c)
		}
	}
}

// refuseUnstorableText answers 400 to a request whose path or query holds
// a NUL character or bytes that are not UTF-8. Such text can't name
// anything we store, and PostgreSQL refuses it outright as a parameter, so
// it stops here, the same on every engine.
func refuseUnstorableText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u := c.Request().URL
		path, err := url.PathUnescape(u.EscapedPath())
		ok := err == nil && storableText(path)
		if ok {
			// Query() drops malformed pairs as the handlers' reads do;
			// they see only what is checked here.
			for k, vs := range u.Query() {
				ok = ok && storableText(k)
				for _, v := range vs {
					ok = ok && storableText(v)
				}
			}
		}
		if !ok {
			return errBadEncoding
		}
		return next(c)
	}
}

// storableText reports whether s is UTF-8 without NUL characters.
func storableText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
