package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"
)

// jsonTypes are the media types a JSON body may be sent as.
var jsonTypes = []string{"application/json", "application/problem+json"}

// readBody reads a request body of at most limit bytes sent as one of
// types: another or no content type is refused with unsupported, a
// larger body with tooLarge.
func readBody(c echo.Context, limit int64, unsupported, tooLarge *Problem, types ...string) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if err != nil || !slices.Contains(types, mt) {
		return nil, unsupported
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, limit))
	if err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			return nil, tooLarge
		}
		return nil, errUnreadableBody
	}
	return body, nil
}

// readJSON reads a JSON request body of at most limit bytes.
func readJSON(c echo.Context, limit int64) ([]byte, error) {
	return readBody(c, limit, errNotJSON, errBodyTooLarge, jsonTypes...)
}
