package api

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// This file is the one table of error statuses: handlers and middleware
// return errors, and toProblem alone picks the status each one answers
// with. No other file names an error status.

// Problem is an RFC 9457 problem response.
type Problem struct {
	Type   string             `json:"type"`
	Title  string             `json:"title"`
	Status int                `json:"status"`
	Detail string             `json:"detail,omitempty"`
	Errors []forms.FieldError `json:"errors,omitempty"`
	// RetryAfter, in seconds, is sent as the Retry-After header.
	RetryAfter int `json:"-"`
	// Allow, for a 405, is sent as the Allow header.
	Allow string `json:"-"`
}

// Error lets handlers return a Problem as an error.
func (p *Problem) Error() string { return p.Title + ": " + p.Detail }

// problemTypePrefix starts every problem type URI.
const problemTypePrefix = "urn:consentry:problem:"

// retryAfterSeconds is what a client that got a 503 is told to wait.
const retryAfterSeconds = 2

// statusUnavailable is /readyz's answer while the store can't be reached.
const statusUnavailable = http.StatusServiceUnavailable

// newProblem builds a problem whose type and title follow from its status.
func newProblem(status int, slug, detail string) *Problem {
	p := &Problem{Type: problemTypePrefix + slug, Title: http.StatusText(status), Status: status, Detail: detail}
	if status == http.StatusServiceUnavailable {
		p.RetryAfter = retryAfterSeconds
	}
	return p
}

// The adapter's own refusals: of the request as HTTP, before any use case
// sees it.
var (
	errUnauthorized = newProblem(http.StatusUnauthorized, "unauthorized",
		"send an API key as Authorization: Bearer <key>")
	errForbidden = newProblem(http.StatusForbidden, "forbidden",
		"this key's role may not use this route")
	errNotJSON = newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type",
		"send the body as application/json")
	errNotPDF = newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type",
		"send the PDF itself as application/pdf")
	errBodyTooLarge = newProblem(http.StatusRequestEntityTooLarge, "too-large",
		"the request body is larger than the server accepts")
	errPDFTooLarge = newProblem(http.StatusRequestEntityTooLarge, "too-large",
		"the PDF is larger than the server accepts")
	errUnreadableBody = newProblem(http.StatusBadRequest, "unreadable-body",
		"the request body could not be read")
	errPlainHTTP = newProblem(http.StatusBadRequest, "https-required",
		"this server speaks HTTPS: send the request to https:// instead of http://")
	errBadEncoding = newProblem(http.StatusBadRequest, "bad-encoding",
		"the request path and query must be UTF-8 text without NUL characters")
	errBadIdempotencyKey = newProblem(http.StatusBadRequest, "bad-idempotency-key",
		"Idempotency-Key must be 1 to 255 visible ASCII characters")
	errIdempotencyConflict = newProblem(http.StatusConflict, "idempotency-conflict",
		"this Idempotency-Key was used for a different request; use a new key for a new request")
	errIdempotencyPending = newProblem(http.StatusConflict, "idempotency-in-progress",
		"the first request with this Idempotency-Key is still running; retry shortly")
	errIdempotencyUnrecorded = newProblem(http.StatusConflict, "idempotency-unrecorded",
		"the first request with this Idempotency-Key was stored, but its response was lost; "+
			"look the record up instead of sending it again")
)

// methodNotAllowed is the refusal of a method a route does not take; allow
// lists the ones it does.
func methodNotAllowed(allow string) *Problem {
	p := newProblem(http.StatusMethodNotAllowed, "method-not-allowed", "this route does not accept that method")
	p.Allow = allow
	return p
}

// rateLimited is the refusal of a client or key that goes too fast.
func rateLimited(retryAfter int) *Problem {
	p := newProblem(http.StatusTooManyRequests, "rate-limited", "too many requests; slow down and retry after the time in Retry-After")
	p.RetryAfter = max(retryAfter, 1)
	return p
}

// invalidQuery is the refusal of bad query parameters, each named.
func invalidQuery(errs ...forms.FieldError) error {
	return &forms.ValidationError{Errors: errs}
}

// invalid is the 422 problem of a request that failed validation.
func invalid(errs []forms.FieldError) *Problem {
	p := newProblem(http.StatusUnprocessableEntity, "invalid-request",
		"the request has "+strconv.Itoa(len(errs))+" problem(s); each is listed in errors with a JSON pointer")
	p.Errors = errs
	return p
}

// recordStatus is the status of each records.Code.
var recordStatus = map[records.Code]int{
	records.NotFound:  http.StatusNotFound,
	records.Forbidden: http.StatusForbidden,
	records.Conflict:  http.StatusConflict,
	records.Gone:      http.StatusGone,
}

// toProblem maps an error onto the problem the client sees.
func toProblem(err error) *Problem {
	var (
		p  *Problem
		re *records.Error
		ve *forms.ValidationError
		he *echo.HTTPError
	)
	switch {
	case errors.As(err, &p):
		return p
	case errors.As(err, &re) && recordStatus[re.Code] != 0:
		return newProblem(recordStatus[re.Code], re.Slug, re.Detail)
	case errors.As(err, &ve):
		return invalid(ve.Errors)
	case errors.Is(err, models.ErrNotFound):
		return newProblem(http.StatusNotFound, "not-found", "resource not found")
	case errors.Is(err, models.ErrClaimLost):
		return newProblem(http.StatusConflict, "idempotency-in-progress",
			"a retry with this Idempotency-Key took over while this request ran; nothing was stored by this one")
	case errors.Is(err, models.ErrConflict):
		return newProblem(http.StatusConflict, "conflict", "a record with that identifier already exists")
	case errors.Is(err, models.ErrUnavailable):
		return newProblem(http.StatusServiceUnavailable, "unavailable", "the store is unavailable; retry later")
	case errors.Is(err, records.ErrTimestampUnavailable):
		return newProblem(http.StatusServiceUnavailable, "unavailable",
			"the time-stamping authority did not answer, so the record was not sealed and nothing was stored; retry later")
	case errors.Is(err, records.ErrUnknownVersion):
		return newProblem(http.StatusServiceUnavailable, "unavailable",
			"the record's form version has not reached this server yet; retry later")
	case errors.As(err, &he):
		return httpErrorProblem(he)
	default:
		return newProblem(http.StatusInternalServerError, "internal", "internal error")
	}
}

// httpErrorProblem translates echo's own errors (unknown route, wrong
// method, body too large) without echoing their internal messages.
func httpErrorProblem(he *echo.HTTPError) *Problem {
	switch he.Code {
	case http.StatusNotFound:
		return newProblem(he.Code, "not-found", "route not found")
	case http.StatusMethodNotAllowed:
		return methodNotAllowed("")
	case http.StatusRequestEntityTooLarge:
		return newProblem(he.Code, "too-large", "the request body is too large")
	case http.StatusUnauthorized:
		return errUnauthorized
	case http.StatusForbidden:
		return errForbidden
	case http.StatusServiceUnavailable:
		return newProblem(he.Code, "unavailable", "the service is unavailable; retry later")
	case http.StatusRequestHeaderFieldsTooLarge:
		return newProblem(he.Code, "headers-too-large", "the request's header fields are larger than the server accepts")
	case http.StatusBadRequest:
		return newProblem(he.Code, "malformed-request",
			"the request is not well-formed HTTP: check its request line, header names and values (no control characters), Host and Content-Length")
	case http.StatusNotImplemented:
		return newProblem(he.Code, "not-implemented", "the request uses a transfer encoding the server does not support")
	}
	if he.Code >= 400 && he.Code < 500 || he.Code == http.StatusNotImplemented {
		return newProblem(he.Code, "http-"+strconv.Itoa(he.Code), http.StatusText(he.Code))
	}
	return newProblem(http.StatusInternalServerError, "internal", "internal error")
}

// errorHandler is the server's only way of turning an error into a
// response. Unknown errors are logged and answered with a bare 500.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			// Too late to answer with a problem: the client sees a cut-off
			// response; the operator sees why.
			log.Error("error after the response began", "request_id", requestID(c), "route", c.Path(), "error", err.Error())
			return
		}
		p := toProblem(err)
		if p.Status == http.StatusInternalServerError {
			log.Error("internal error", "request_id", requestID(c), "route", c.Path(), "error", err.Error())
		}
		if p.RetryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(p.RetryAfter))
		}
		if p.Status == http.StatusMethodNotAllowed {
			allow := p.Allow
			if allow == "" {
				// echo's router found the path under other methods.
				allow, _ = c.Get(echo.ContextKeyHeaderAllow).(string)
			}
			if allow = withoutOptions(allow); allow != "" {
				c.Response().Header().Set(echo.HeaderAllow, allow)
			}
		}
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		c.Response().WriteHeader(p.Status)
		if c.Request().Method == http.MethodHead {
			return
		}
		_ = jsonEncode(c.Response(), p)
	}
}
