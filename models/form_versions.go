package models

import (
	"context"
	"time"
)

// FormVersion is a form version an admin published. Built-in versions
// ship with the binary; published ones live here, never changed.
type FormVersion struct {
	Kind        string `gorm:"primaryKey"`
	Version     string `gorm:"primaryKey"`
	Definition  string // the forms.Definition as JSON
	PublishedAt time.Time
	PublishedBy string // API key id
}

// PublishFormVersion stores a new form version with its audit event. It
// returns ErrConflict when the version exists.
func (s *Store) PublishFormVersion(ctx context.Context, v *FormVersion, ev Event) error {
	_, err := s.write(ctx, ev, v)
	return err
}

// FormVersions returns every published version, oldest first.
func (s *Store) FormVersions(ctx context.Context) ([]FormVersion, error) {
	var out []FormVersion
	err := s.db.WithContext(ctx).Order("published_at, kind, version").Find(&out).Error
	return out, translate(err)
}

// CountFormVersions returns how many versions have been published. The
// table only grows, so a changed count means new versions.
func (s *Store) CountFormVersions(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&FormVersion{}).Count(&n).Error
	return n, translate(err)
}
