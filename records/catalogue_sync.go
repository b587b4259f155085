package records

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// publishedStore is what catalogue syncing needs of the store.
type publishedStore interface {
	CountFormVersions(ctx context.Context) (int64, error)
	FormVersions(ctx context.Context) ([]models.FormVersion, error)
}

// publishedForms keeps the in-memory catalogue in step with the form
// versions published in the store, by this replica or another. It looks at
// most once per interval, with one count of a small table, and loads the
// versions only when the count has grown.
type publishedForms struct {
	catalogue *forms.Catalogue
	store     publishedStore
	interval  time.Duration

	mu      sync.Mutex   // held while loading
	checked atomic.Int64 // unix nanoseconds of the last look
	loaded  int64        // published rows already in the catalogue; under mu
}

// syncIfDue brings in newly published versions when the last look is
// older than the interval. Requests that arrive while another one looks
// go on with the catalogue as it is.
func (p *publishedForms) syncIfDue(ctx context.Context) error {
	if time.Now().UnixNano()-p.checked.Load() < int64(p.interval) {
		return nil
	}
	if !p.mu.TryLock() {
		return nil
	}
	defer p.mu.Unlock()
	return p.syncLocked(ctx)
}

// sync brings in newly published versions now.
func (p *publishedForms) sync(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.syncLocked(ctx)
}

func (p *publishedForms) syncLocked(ctx context.Context) error {
	n, err := p.store.CountFormVersions(ctx)
	if err != nil {
		return err
	}
	if n != p.loaded {
		versions, err := p.store.FormVersions(ctx)
		if err != nil {
			return err
		}
		for _, v := range versions {
			def, err := forms.UnmarshalDefinition([]byte(v.Definition))
			if err != nil {
				return fmt.Errorf("published form %s %s: %w", v.Kind, v.Version, err)
			}
			if err := p.catalogue.Publish(*def); err != nil && !errors.Is(err, forms.ErrVersionExists) {
				return fmt.Errorf("published form %s %s: %w", v.Kind, v.Version, err)
			}
		}
		p.loaded = int64(len(versions))
	}
	p.checked.Store(time.Now().UnixNano())
	return nil
}

// RefreshCatalogue brings in form versions other replicas published when
// the last look is older than the refresh interval. Requests that arrive
// while another one looks go on with the catalogue as it is.
func (s *Service) RefreshCatalogue(ctx context.Context) error { return s.published.syncIfDue(ctx) }
