// Package portal holds the reference patient portal: one HTML page, its
// JavaScript modules and its stylesheet, embedded in the binary and
// served by the API under /portal/. The page opens an invitation link
// (the token is in the URL's fragment), renders each form from its
// published definition and JSON Schema, and signs it through the
// /v1/invitation routes: it never sees an API key.
//
// It uses no framework and loads nothing from elsewhere: plain ES modules
// under a strict Content-Security-Policy (no inline script or style).
package portal

import (
	"embed"
	"io/fs"
)

//go:embed assets
var assets embed.FS

// Files returns the portal's files, rooted at the page (index.html).
func Files() fs.FS {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // "assets" is a valid path, embedded above
	}
	return sub
}
