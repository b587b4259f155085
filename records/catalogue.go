package records

import (
	"context"
	"errors"
	"strconv"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// FormSummary is one row of the catalogue.
type FormSummary struct {
	Kind           string   `json:"kind"`
	Title          string   `json:"title"`
	CurrentVersion string   `json:"current_version"`
	Signers        []string `json:"signers"`
	URL            string   `json:"url"`
}

// FormView is a definition with what the server derives from it: its
// text's hash, its reading grade and the JSON Schema it enforces.
type FormView struct {
	*forms.Definition
	TextSHA256  string            `json:"text_sha256"`
	Readability forms.Readability `json:"readability"`
	Schema      map[string]any    `json:"schema"`
}

func describe(d *forms.Definition) *FormView {
	// A form without sections or clauses shows empty lists, not null.
	if d.Sections == nil || d.Clauses == nil {
		c := *d
		if c.Sections == nil {
			c.Sections = []forms.Section{}
		}
		if c.Clauses == nil {
			c.Clauses = []forms.Clause{}
		}
		d = &c
	}
	return &FormView{
		Definition:  d,
		TextSHA256:  d.TextSHA256(),
		Readability: forms.MeasureReadability(d.FullText()),
		Schema:      d.Schema(),
	}
}

// Forms lists the catalogue: every kind with its current version.
func (s *Service) Forms() []FormSummary {
	defs := s.catalogue.List()
	out := make([]FormSummary, 0, len(defs))
	for _, d := range defs {
		out = append(out, FormSummary{
			Kind: d.Kind, Title: d.Title, CurrentVersion: d.Version, Signers: d.Signers,
			URL: "/v1/forms/" + d.Kind,
		})
	}
	return out
}

// Form returns the version of a kind in force; an unknown kind is
// NotFound.
func (s *Service) Form(kind string) (*FormView, error) {
	d, err := s.catalogue.Current(kind)
	if err != nil {
		return nil, notFound("form")
	}
	return describe(d), nil
}

// FormVersion returns one published version of a kind; an unknown kind or
// version is NotFound.
func (s *Service) FormVersion(kind, version string) (*FormView, error) {
	d, err := s.catalogue.Version(kind, version)
	switch {
	case errors.Is(err, forms.ErrUnknownVersion):
		return nil, notFound("form version")
	case err != nil:
		return nil, notFound("form")
	}
	return describe(d), nil
}

var errVersionExists = conflict("version-exists", "this version is already published; published versions never change")

// Publish checks and publishes a new version of a form kind, based on the
// version in force as every replica has published it. Published versions
// never change. It answers NotFound for an unknown kind, a
// *forms.ValidationError naming every bad field, Conflict
// ("version-exists"), or the store's error.
func (s *Service) Publish(ctx context.Context, a Actor, kind string, body []byte) (*FormView, error) {
	// Compare with what every replica has published, not only this one.
	if err := s.published.sync(ctx); err != nil {
		return nil, err
	}
	cur, err := s.catalogue.Current(kind)
	if err != nil {
		return nil, notFound("form")
	}
	def, err := forms.ParsePublish(s.validator, body, cur, s.clock.Now())
	errs, err := problemsOf(def != nil, err)
	if err != nil {
		return nil, err
	}
	shown := map[string]string{"/title": def.Title, "/signature_meaning": def.SignatureMeaning,
		"/attestation": def.Attestation, "/electronic_records_disclosure": def.RecordsDisclosure}
	for i, sec := range def.Sections {
		shown[forms.Pointer("sections", strconv.Itoa(i), "title")] = sec.Title
		shown[forms.Pointer("sections", strconv.Itoa(i), "text")] = sec.Text
	}
	for i, cl := range def.Clauses {
		shown[forms.Pointer("clauses", strconv.Itoa(i), "title")] = cl.Title
		shown[forms.Pointer("clauses", strconv.Itoa(i), "text")] = cl.Text
	}
	if errs = append(errs, unprintable(shown)...); len(errs) > 0 {
		return nil, invalid(errs)
	}
	if _, err := s.catalogue.Version(def.Kind, def.Version); err == nil {
		return nil, errVersionExists
	}
	raw, err := forms.MarshalDefinition(def)
	if err != nil {
		return nil, err
	}
	ev := a.event("form.publish", "form/"+def.Kind+"/"+def.Version, "")
	ev.DataHash = def.TextSHA256()
	v := &models.FormVersion{Kind: def.Kind, Version: def.Version, Definition: string(raw), PublishedAt: def.PublishedAt, PublishedBy: a.KeyID}
	err = s.store.PublishFormVersion(ctx, v, ev)
	if errors.Is(err, models.ErrConflict) {
		return nil, errVersionExists
	}
	if err != nil {
		return nil, err
	}
	if err := s.catalogue.Publish(*def); err != nil && !errors.Is(err, forms.ErrVersionExists) {
		return nil, err
	}
	return describe(def), nil
}

// LoadCatalogue brings every version published in the store into the
// catalogue; serve calls it once at start so that a broken stored version
// stops the server there.
func (s *Service) LoadCatalogue(ctx context.Context) error { return s.published.sync(ctx) }
