package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// methods are the request methods a route may be registered for.
var methods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// unmatched answers a /v1 request that no route took, after the group's
// middleware (so that a request without a key is a 401 whatever its
// path): a 405 with Allow when the path is a route's under other methods,
// else a 404. echo's router can tell this itself only for groups without
// middleware, whose catch-all would otherwise take every unmatched method.
func unmatched(e *echo.Echo) echo.HandlerFunc {
	return func(c echo.Context) error {
		var allow []string
		probe := e.NewContext(nil, nil)
		for _, m := range methods {
			e.Router().Find(m, c.Request().URL.Path, probe)
			if p := probe.Path(); p != "" && !strings.HasSuffix(p, "/*") && p != "/v1" {
				allow = append(allow, m)
			}
			probe.Reset(nil, nil)
		}
		if len(allow) > 0 {
			return methodNotAllowed(strings.Join(allow, ", "))
		}
		return echo.ErrNotFound
	}
}

// withoutOptions drops OPTIONS from an Allow list: no route answers it.
func withoutOptions(allow string) string {
	var out []string
	for _, m := range strings.Split(allow, ",") {
		if m = strings.TrimSpace(m); m != "" && m != http.MethodOptions {
			out = append(out, m)
		}
	}
	return strings.Join(out, ", ")
}

// securityHeaders sets, on every response, the headers a security review
// expects of an API that also serves a page (/docs): no sniffing, no
// framing, no referrer, and a policy that lets an API response load and
// run nothing (/docs sets its own, docsCSP).
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		return next(c)
	}
}
