package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// migration is one versioned schema change. Migrations run in order, each
// in its own transaction, and are recorded in schema_migrations.
type migration struct {
	Version int
	Name    string
	// SQL runs on every engine, after columnTypes has spelt it for the
	// engine.
	SQL []string
	// SQLite and Postgres run after SQL on their engine only.
	SQLite, Postgres []string
}

// statements returns the migration's statements for engine.
func (m migration) statements(engine string) []string {
	out := make([]string, 0, len(m.SQL)+len(m.Postgres))
	for _, stmt := range m.SQL {
		out = append(out, columnFor(engine, stmt))
	}
	if engine == EnginePostgres {
		return append(out, m.Postgres...)
	}
	return append(out, m.SQLite...)
}

// columnTypes spells SQLite's column types as PostgreSQL's: the sequence
// number is 64-bit, times keep their zone, and bytes are bytea.
var columnTypes = strings.NewReplacer(
	"INTEGER PRIMARY KEY", "BIGINT PRIMARY KEY",
	" TIMESTAMP", " TIMESTAMPTZ",
	" BLOB", " BYTEA",
)

// schemaMigration is a row of schema_migrations.
type schemaMigration struct {
	Version   int `gorm:"primaryKey;autoIncrement:false"`
	Name      string
	AppliedAt time.Time
}

func (schemaMigration) TableName() string { return "schema_migrations" }

// Migrate brings the schema up to the latest version and returns the
// versions it applied. Replicas that start together may all call it: on
// PostgreSQL each migration runs under an advisory lock, so one applies it
// and the others find it recorded.
func (s *Store) Migrate(ctx context.Context) ([]int, error) {
	return s.migrateTo(ctx, len(migrations))
}

// migrateTo applies migrations up to and including version target.
func (s *Store) migrateTo(ctx context.Context, target int) ([]int, error) {
	db := s.db.WithContext(ctx)
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := s.lock(tx, lockMigrate); err != nil {
			return err
		}
		return tx.Exec(columnFor(s.engine, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TIMESTAMP NOT NULL)`)).Error
	})
	if err != nil {
		return nil, fmt.Errorf("models: create schema_migrations: %w", translate(err))
	}
	var applied []int
	for _, m := range migrations[:target] {
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := s.lock(tx, lockMigrate); err != nil {
				return err
			}
			var n int64
			if err := tx.Model(&schemaMigration{}).Where("version = ?", m.Version).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			for _, stmt := range m.statements(s.engine) {
				if err := tx.Exec(stmt).Error; err != nil {
					return fmt.Errorf("%s: %w", m.Name, err)
				}
			}
			applied = append(applied, m.Version)
			return tx.Create(&schemaMigration{Version: m.Version, Name: m.Name, AppliedAt: s.now()}).Error
		})
		if err != nil {
			return applied, fmt.Errorf("models: migration %d: %w", m.Version, translate(err))
		}
	}
	return applied, nil
}

// columnFor spells a statement's column types for engine.
func columnFor(engine, stmt string) string {
	if engine == EnginePostgres {
		return columnTypes.Replace(stmt)
	}
	return stmt
}

// SchemaVersion returns the newest applied migration, or 0.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v *int
	err := s.db.WithContext(ctx).Model(&schemaMigration{}).Select("MAX(version)").Scan(&v).Error
	if err != nil || v == nil {
		return 0, translate(err)
	}
	return *v, nil
}
