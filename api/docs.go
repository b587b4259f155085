package api

import (
	_ "embed" // the API reference's script
	"net/http"

	"github.com/labstack/echo/v4"
)

// rapiDoc is RapiDoc's standalone build (api/apidocs/README.md says which
// version and how to update it): a web component that renders
// /openapi.yaml as a searchable reference in the browser. Embedded, so
// /docs loads nothing from elsewhere.
//
//go:embed apidocs/rapidoc-min.js
var rapiDoc []byte

// rapiDocPath is where the page loads it from.
const rapiDocPath = "/docs/rapidoc-min.js"

// docsPage is the reference page: no inline script, fonts off (RapiDoc
// would fetch Open Sans from Google), the "try it" console off (it would
// need keys in a browser), the spec from this server.
const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Consentry API reference</title>
<link rel="icon" href="data:,">
<script type="module" src="` + rapiDocPath + `"></script>
</head><body>
<rapi-doc spec-url="/openapi.yaml" render-style="read" theme="light" load-fonts="false"
 allow-try="false" allow-server-selection="false" allow-authentication="false" show-header="false"
 allow-spec-url-load="false" allow-spec-file-load="false" allow-search="true" allow-advanced-search="true"
 schema-style="table" default-schema-tab="schema" show-method-in-nav-bar="as-colored-block"
 regular-font="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" mono-font="ui-monospace, Menlo, Consolas, monospace">
<noscript>The reference needs JavaScript; the contract itself is <a href="/openapi.yaml">/openapi.yaml</a>.</noscript>
</rapi-doc>
</body></html>
`

// docsCSP is the reference page's Content-Security-Policy: scripts,
// styles, fonts and fetches from this server only, and styles set by
// RapiDoc's templates (lit sets style attributes, which CSP counts as
// inline). No inline or evaluated script.
const docsCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// docsHandler serves the rendered API reference.
type docsHandler struct{}

func (h docsHandler) register(e *echo.Echo) {
	e.GET("/docs", h.page)
	e.GET(rapiDocPath, h.script)
}

func (docsHandler) page(c echo.Context) error {
	c.Response().Header().Set("Content-Security-Policy", docsCSP)
	return c.HTMLBlob(http.StatusOK, []byte(docsPage))
}

func (docsHandler) script(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", rapiDoc)
}
