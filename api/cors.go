package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// corsMaxAge is how long, in seconds, a browser may keep a preflight's
// answer.
const corsMaxAge = 600

// ParseOrigins reads a comma-separated list of exact origins
// (scheme://host[:port], as a browser sends them in Origin) and refuses
// anything else: a wildcard, "null", a path, a query, or a scheme other
// than http and https.
func ParseOrigins(list string) ([]string, error) {
	var out []string
	for _, o := range strings.Split(list, ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if err := checkOrigin(o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// checkOrigin refuses an origin that is not exactly scheme://host[:port].
func checkOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" ||
		strings.ContainsAny(o, "*?") || u.Scheme+"://"+u.Host != o {
		return fmt.Errorf("%q is not an exact origin: write scheme://host[:port], e.g. https://portal.example.org, with no path and no wildcard", o)
	}
	return nil
}

// cors answers the preflights of the portal pages at origins and marks
// their responses readable by them. It uses echo's CORS middleware for the
// headers, and decides itself which origin is allowed (exact matches
// only: echo's own list would read '*' and subdomains as patterns).
// Requests from any other origin, or none, skip it entirely: they get no
// Access-Control-* headers, and an OPTIONS request goes on to the key
// check and the 405 as before. API keys travel in Authorization, never in
// cookies, so no credentials are allowed.
func cors(origins []string) (echo.MiddlewareFunc, error) {
	allowed := make(map[string]bool, len(origins))
	for _, o := range origins {
		if err := checkOrigin(o); err != nil {
			return nil, err
		}
		allowed[o] = true
	}
	return middleware.CORSWithConfig(middleware.CORSConfig{
		Skipper:         func(c echo.Context) bool { return !allowed[c.Request().Header.Get(echo.HeaderOrigin)] },
		AllowOriginFunc: func(origin string) (bool, error) { return allowed[origin], nil },
		AllowMethods:    []string{http.MethodGet, http.MethodHead, http.MethodPost},
		AllowHeaders:    []string{echo.HeaderAuthorization, echo.HeaderContentType, "Idempotency-Key", echo.HeaderXRequestID},
		ExposeHeaders:   []string{echo.HeaderLocation, echo.HeaderXRequestID, echo.HeaderRetryAfter},
		MaxAge:          corsMaxAge,
	}), nil
}
