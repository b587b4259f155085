package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// formHandler serves the form catalogue and publishes new versions.
type formHandler struct {
	catalogue *forms.Catalogue
	published *publishedForms
	store     publishStore
	validator *forms.Validator
	now       func() time.Time
	maxBody   int64
}

func (h *formHandler) register(g *echo.Group) {
	g.GET("/forms", h.list, allow(anyRole...))
	g.GET("/forms/:kind", h.current, allow(anyRole...))
	g.GET("/forms/:kind/versions/:version", h.version, allow(anyRole...))
	g.POST("/forms/:kind/versions", h.publish, allow(models.RoleAdmin))
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

// publishStore is what publishing needs of the store.
type publishStore interface {
	PublishFormVersion(ctx context.Context, v *models.FormVersion, ev models.Event) error
}

func (h *formHandler) publish(c echo.Context) error {
	// Compare with what every replica has published, not only this one.
	if err := h.published.sync(c.Request().Context()); err != nil {
		return err
	}
	cur, err := h.catalogue.Current(c.Param("kind"))
	if err != nil {
		return notFound("form")
	}
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	def, err := forms.ParsePublish(h.validator, body, cur, h.now().Truncate(time.Microsecond))
	errs, err := problemsOf(def != nil, err)
	if err != nil {
		return err
	}
	shown := map[string]string{"/title": def.Title, "/signature_meaning": def.SignatureMeaning,
		"/attestation": def.Attestation, "/electronic_records_disclosure": def.RecordsDisclosure}
	for i, s := range def.Sections {
		shown[forms.Pointer("sections", strconv.Itoa(i), "title")] = s.Title
		shown[forms.Pointer("sections", strconv.Itoa(i), "text")] = s.Text
	}
	for i, cl := range def.Clauses {
		shown[forms.Pointer("clauses", strconv.Itoa(i), "title")] = cl.Title
		shown[forms.Pointer("clauses", strconv.Itoa(i), "text")] = cl.Text
	}
	if errs = append(errs, unprintable(shown)...); len(errs) > 0 {
		return invalid(dedupe(errs))
	}
	if _, err := h.catalogue.Version(def.Kind, def.Version); err == nil {
		return newProblem(http.StatusConflict, "version-exists", "this version is already published; published versions never change")
	}
	raw, err := forms.MarshalDefinition(def)
	if err != nil {
		return err
	}
	ev := event(c, "form.publish", "form/"+def.Kind+"/"+def.Version, "")
	ev.DataHash = def.TextSHA256()
	v := &models.FormVersion{Kind: def.Kind, Version: def.Version, Definition: string(raw), PublishedAt: def.PublishedAt, PublishedBy: principalOf(c).KeyID}
	err = h.store.PublishFormVersion(c.Request().Context(), v, ev)
	if errors.Is(err, models.ErrConflict) {
		return newProblem(http.StatusConflict, "version-exists", "this version is already published; published versions never change")
	}
	if err != nil {
		return err
	}
	if err := h.catalogue.Publish(*def); err != nil && !errors.Is(err, forms.ErrVersionExists) {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/forms/"+def.Kind+"/versions/"+def.Version)
	return writeJSON(c, http.StatusCreated, describe(def))
}
