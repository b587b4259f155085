package api

import (
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// portalHandler serves the patient portal's page and its assets (HTML, JS
// modules, CSS) under /portal/, from the files cmd embeds.
type portalHandler struct {
	files fs.FS
}

// portalCSP is the page's Content-Security-Policy: its own scripts,
// styles and API only; no inline script or style, nothing from elsewhere.
const portalCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

func (h *portalHandler) register(e *echo.Echo) {
	e.GET("/portal/*", h.asset)
}

func (h *portalHandler) asset(c echo.Context) error {
	name := c.Param("*")
	if name == "" {
		name = "index.html"
	}
	if strings.HasSuffix(name, "/") || !fs.ValidPath(name) {
		return echo.ErrNotFound
	}
	b, err := fs.ReadFile(h.files, name)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
		return echo.ErrNotFound
	}
	if err != nil {
		// A directory, or an embedded file that cannot be read.
		return echo.ErrNotFound
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	hdr := c.Response().Header()
	hdr.Set("Content-Security-Policy", portalCSP)
	// The assets change only with the binary; the page revalidates so
	// that an upgrade takes effect at once.
	hdr.Set("Cache-Control", "no-cache")
	return c.Blob(http.StatusOK, ct, b)
}
