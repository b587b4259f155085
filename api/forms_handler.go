package api

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
)

// formHandler serves the form catalogue.
type formHandler struct {
	catalogue *forms.Catalogue
}

func (h *formHandler) register(g *echo.Group) {
	g.GET("/forms", h.list, allow(anyRole...))
	g.GET("/forms/:kind", h.current, allow(anyRole...))
	g.GET("/forms/:kind/versions/:version", h.version, allow(anyRole...))
}

// formSummary is one row of the catalogue.
type formSummary struct {
	Kind           string   `json:"kind"`
	Title          string   `json:"title"`
	CurrentVersion string   `json:"current_version"`
	Signers        []string `json:"signers"`
	URL            string   `json:"url"`
}

// formDefinition is a definition with what the server derives from it.
type formDefinition struct {
	*forms.Definition
	TextSHA256  string            `json:"text_sha256"`
	Readability forms.Readability `json:"readability"`
	Schema      map[string]any    `json:"schema"`
}

func (h *formHandler) list(c echo.Context) error {
	defs := h.catalogue.List()
	out := struct {
		Items []formSummary `json:"items"`
	}{Items: make([]formSummary, 0, len(defs))}
	for _, d := range defs {
		out.Items = append(out.Items, formSummary{
			Kind: d.Kind, Title: d.Title, CurrentVersion: d.Version, Signers: d.Signers,
			URL: "/v1/forms/" + d.Kind,
		})
	}
	return writeJSON(c, http.StatusOK, out)
}

func (h *formHandler) current(c echo.Context) error {
	d, err := h.catalogue.Current(c.Param("kind"))
	if err != nil {
		return notFound("form")
	}
	return writeJSON(c, http.StatusOK, describe(d))
}

func (h *formHandler) version(c echo.Context) error {
	d, err := h.catalogue.Version(c.Param("kind"), c.Param("version"))
	switch {
	case errors.Is(err, forms.ErrUnknownVersion):
		return notFound("form version")
	case err != nil:
		return notFound("form")
	}
	return writeJSON(c, http.StatusOK, describe(d))
}

func describe(d *forms.Definition) formDefinition {
	return formDefinition{
		Definition:  d,
		TextSHA256:  d.TextSHA256(),
		Readability: forms.MeasureReadability(d.FullText()),
		Schema:      d.Schema(),
	}
}
