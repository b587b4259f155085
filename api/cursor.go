package api

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
)

// Page sizes of list routes.
const (
	defaultPageSize = 50
	maxPageSize     = 200
)

// cursorPrefix marks Consentry's list cursors; a cursor is opaque to
// clients.
const cursorPrefix = "v1:"

func encodeCursor(after string) string {
	if after == "" {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + after))
}

// decodeCursor returns the position a cursor of encodeCursor names, and
// false for anything else.
func decodeCursor(s string) (string, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return "", false
	}
	return strings.CutPrefix(string(raw), cursorPrefix)
}

// pageParams reads cursor and limit of a list of records.
func pageParams(c echo.Context) (after string, limit int, errs []forms.FieldError) {
	return pageParamsOf(c, func(id string) bool { return uuid.Validate(id) == nil })
}

// pageParamsOf reads cursor and limit, reporting every bad one; valid says
// whether a decoded cursor position is one this list gives out.
func pageParamsOf(c echo.Context, valid func(string) bool) (after string, limit int, errs []forms.FieldError) {
	limit = defaultPageSize
	if _, err := url.ParseQuery(c.Request().URL.RawQuery); err != nil {
		errs = append(errs, forms.FieldError{Pointer: "", Code: "query",
			Message: "the query string is malformed (check its percent-encoding)"})
		return "", 0, errs
	}
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageSize {
			errs = append(errs, forms.FieldError{Pointer: "", Code: "limit",
				Message: "query parameter limit must be a whole number from 1 to 200"})
		} else {
			limit = n
		}
	}
	if s := c.QueryParam("cursor"); s != "" {
		pos, ok := decodeCursor(s)
		if !ok || !valid(pos) {
			errs = append(errs, forms.FieldError{Pointer: "", Code: "cursor",
				Message: "query parameter cursor is not one this server gave out"})
		} else {
			after = pos
		}
	}
	return after, limit, errs
}
