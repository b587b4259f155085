package forms

import (
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Errors a Catalogue returns.
var (
	ErrUnknownForm    = errors.New("forms: unknown form")
	ErrUnknownVersion = errors.New("forms: unknown form version")
	ErrVersionExists  = errors.New("forms: version already published")
)

// Catalogue holds every published version of every form. It is safe for
// concurrent use. Published definitions are never changed.
type Catalogue struct {
	mu       sync.RWMutex
	versions map[string][]*Definition // by kind, oldest first
}

// NewCatalogue returns a catalogue of the given definitions.
func NewCatalogue(defs ...Definition) (*Catalogue, error) {
	c := &Catalogue{versions: map[string][]*Definition{}}
	for _, d := range defs {
		if err := c.Publish(d); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Publish adds a new version of a known kind. It returns ErrUnknownForm for
// a kind the server cannot check and ErrVersionExists for a version that is
// already published.
func (c *Catalogue) Publish(d Definition) error {
	if _, ok := kinds[d.Kind]; !ok {
		return fmt.Errorf("%w: %q", ErrUnknownForm, d.Kind)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range c.versions[d.Kind] {
		if v.Version == d.Version {
			return fmt.Errorf("%w: %s %s", ErrVersionExists, d.Kind, d.Version)
		}
	}
	vs := append(c.versions[d.Kind], &d)
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].PublishedAt.Before(vs[j].PublishedAt) })
	c.versions[d.Kind] = vs
	return nil
}

// List returns the current version of every form, ordered by kind.
func (c *Catalogue) List() []*Definition {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*Definition, 0, len(c.versions))
	for _, vs := range c.versions {
		out = append(out, vs[len(vs)-1])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}

// Current returns the newest published version of a form, or
// ErrUnknownForm.
func (c *Catalogue) Current(kind string) (*Definition, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	vs := c.versions[kind]
	if len(vs) == 0 {
		return nil, ErrUnknownForm
	}
	return vs[len(vs)-1], nil
}

// Version returns one published version of a form, or ErrUnknownForm or
// ErrUnknownVersion.
func (c *Catalogue) Version(kind, version string) (*Definition, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	vs := c.versions[kind]
	if len(vs) == 0 {
		return nil, ErrUnknownForm
	}
	for _, d := range vs {
		if d.Version == version {
			return d, nil
		}
	}
	return nil, ErrUnknownVersion
}

// Versions returns every published version of a form, oldest first, or
// none for an unknown kind.
func (c *Catalogue) Versions(kind string) []*Definition {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return append([]*Definition(nil), c.versions[kind]...)
}
