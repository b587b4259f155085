package api

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"
)

func isJSONContentType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || mt == "application/problem+json")
}

func asMaxBytes(err error, target **http.MaxBytesError) bool {
	return errors.As(err, target)
}

// readJSON reads a JSON request body of at most limit bytes. A missing or
// other content type is a 415; a larger body is a 413.
func readJSON(c echo.Context, limit int64) ([]byte, error) {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if !isJSONContentType(ct) {
		return nil, newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type",
			"send the body as application/json")
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if asMaxBytes(err, &mbe) {
			return nil, newProblem(http.StatusRequestEntityTooLarge, "too-large",
				"the request body is larger than the server accepts")
		}
		return nil, newProblem(http.StatusBadRequest, "unreadable-body", "the request body could not be read")
	}
	return body, nil
}
