package api

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// Problem is an RFC 9457 problem response.
type Problem struct {
	Type   string             `json:"type"`
	Title  string             `json:"title"`
	Status int                `json:"status"`
	Detail string             `json:"detail,omitempty"`
	Errors []forms.FieldError `json:"errors,omitempty"`
	// RetryAfter, in seconds, is sent as the Retry-After header.
	RetryAfter int `json:"-"`
}

// Error lets handlers return a Problem as an error.
func (p *Problem) Error() string { return p.Title + ": " + p.Detail }

// problemTypePrefix starts every problem type URI.
const problemTypePrefix = "urn:consentry:problem:"

// newProblem builds a problem whose type and title follow from its status.
func newProblem(status int, slug, detail string) *Problem {
	return &Problem{Type: problemTypePrefix + slug, Title: http.StatusText(status), Status: status, Detail: detail}
}

// Problems handlers return.
var (
	errUnauthorized = newProblem(http.StatusUnauthorized, "unauthorized",
		"send an API key as Authorization: Bearer <key>")
	errForbidden = newProblem(http.StatusForbidden, "forbidden",
		"this key's role may not use this route")
)

func notFound(what string) *Problem {
	return newProblem(http.StatusNotFound, "not-found", what+" not found")
}

// invalid is the 422 problem of a request that failed validation.
func invalid(errs []forms.FieldError) *Problem {
	p := newProblem(http.StatusUnprocessableEntity, "invalid-request",
		"the request has "+strconv.Itoa(len(errs))+" problem(s); each is listed in errors with a JSON pointer")
	p.Errors = errs
	return p
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
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		c.Response().WriteHeader(p.Status)
		if c.Request().Method == http.MethodHead {
			return
		}
		_ = jsonEncode(c.Response(), p)
	}
}

// toProblem maps an error onto the problem the client sees. It is the one
// table of error codes.
func toProblem(err error) *Problem {
	var (
		p  *Problem
		ve *forms.ValidationError
		he *echo.HTTPError
	)
	switch {
	case errors.As(err, &p):
		return p
	case errors.As(err, &ve):
		return invalid(ve.Errors)
	case errors.Is(err, models.ErrNotFound):
		return notFound("resource")
	case errors.Is(err, models.ErrClaimLost):
		return newProblem(http.StatusConflict, "idempotency-in-progress",
			"a retry with this Idempotency-Key took over while this request ran; nothing was stored by this one")
	case errors.Is(err, models.ErrConflict):
		return newProblem(http.StatusConflict, "conflict", "a record with that identifier already exists")
	case errors.Is(err, models.ErrUnavailable):
		p := newProblem(http.StatusServiceUnavailable, "unavailable", "the store is unavailable; retry later")
		p.RetryAfter = 2
		return p
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
		return notFound("route")
	case http.StatusMethodNotAllowed:
		return newProblem(he.Code, "method-not-allowed", "this route does not accept that method")
	case http.StatusRequestEntityTooLarge:
		return newProblem(he.Code, "too-large", "the request body is too large")
	case http.StatusUnauthorized:
		return errUnauthorized
	case http.StatusForbidden:
		return errForbidden
	case http.StatusServiceUnavailable:
		p := newProblem(he.Code, "unavailable", "the service is unavailable; retry later")
		p.RetryAfter = 2
		return p
	}
	if he.Code >= 400 && he.Code < 500 {
		return newProblem(he.Code, "http-"+strconv.Itoa(he.Code), http.StatusText(he.Code))
	}
	return newProblem(http.StatusInternalServerError, "internal", "internal error")
}
