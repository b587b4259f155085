package models

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	lru "github.com/hashicorp/golang-lru/v2"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// The database engines a Store runs on.
const (
	EngineSQLite   = "sqlite"
	EnginePostgres = "postgres"
)

// Store is Consentry's database. It is safe for concurrent use, and
// several processes may share one PostgreSQL database.
type Store struct {
	db     *gorm.DB
	engine string
	reads  readQueue                     // read events waiting for their group commit (PostgreSQL)
	w      *writer                       // the single writer (SQLite), see writer.go
	keys   *lru.Cache[string, cachedKey] // KeyBySecret's cache, by hash
	// Now is the store's clock, used for every timestamp it writes,
	// GORM's included; cmd sets it to the server's one clock, and tests
	// fix it.
	Now Clock
}

// Options tune the connection pool. Zero values keep the defaults.
type Options struct {
	// MaxOpenConns caps the connections of this process (PostgreSQL
	// default 10, SQLite 32: its readers run side by side, its writers
	// queue on the file lock).
	MaxOpenConns int
	// MaxIdleConns caps the idle connections kept (default
	// MaxOpenConns: opening a connection costs more than keeping it).
	MaxIdleConns int
	// ConnMaxLifetime recycles connections after this long (PostgreSQL
	// default 30 minutes).
	ConnMaxLifetime time.Duration
	// StatementTimeout bounds every statement: PostgreSQL's
	// statement_timeout, SQLite's busy_timeout (default 10 s). A statement
	// that runs out of time fails as ErrUnavailable.
	StatementTimeout time.Duration
}

// defaultStatementTimeout is used when Options leave it zero.
const defaultStatementTimeout = 10 * time.Second

// Open opens the database named by dsn: a "sqlite:" path (or a plain file
// path) or a "postgres://" URL. It does not migrate; call Migrate. Open
// does not wait for PostgreSQL to answer: the first query does, and fails
// with ErrUnavailable while the server is down.
func Open(dsn string, o Options) (*Store, error) {
	if o.StatementTimeout <= 0 {
		o.StatementTimeout = defaultStatementTimeout
	}
	keys, _ := lru.New[string, cachedKey](keyCacheSize) // only a size <= 0 fails
	st := &Store{Now: SystemClock, keys: keys}
	cfg := &gorm.Config{
		TranslateError:         true,
		SkipDefaultTransaction: true,
		Logger:                 logger.Discard,
		NowFunc:                st.now,
		DisableAutomaticPing:   true,
	}
	var (
		db     *gorm.DB
		err    error
		engine string
	)
	if pg, ok := postgresURL(dsn, o.StatementTimeout); ok {
		engine = EnginePostgres
		db, err = gorm.Open(postgres.New(postgres.Config{DSN: pg}), cfg)
	} else if path, ok := sqlitePath(dsn); ok {
		engine = EngineSQLite
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("models: create database directory: %w", err)
		}
		if err := checkWritable(path); err != nil {
			return nil, err
		}
		q := url.Values{}
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.StatementTimeout.Milliseconds()))
		q.Add("_pragma", "foreign_keys(1)")
		// FULL: the WAL is fsynced at every commit, so that an
		// acknowledged write survives a power loss (NORMAL would keep it
		// only across a process crash).
		q.Add("_pragma", "synchronous(FULL)")
		q.Set("_txlock", "immediate")
		db, err = gorm.Open(sqlite.Open("file:"+path+"?"+q.Encode()), cfg)
	} else {
		return nil, fmt.Errorf("models: unsupported database URL %q (want sqlite:PATH or postgres://…)", redactDSN(dsn))
	}
	if err != nil {
		return nil, fmt.Errorf("models: open %s database: %w", engine, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("models: open %s database: %w", engine, err)
	}
	if o.MaxOpenConns <= 0 {
		o.MaxOpenConns = 32
		if engine == EnginePostgres {
			o.MaxOpenConns = 10
		}
	}
	if o.MaxIdleConns <= 0 {
		o.MaxIdleConns = o.MaxOpenConns
	}
	if o.ConnMaxLifetime <= 0 && engine == EnginePostgres {
		o.ConnMaxLifetime = 30 * time.Minute
	}
	sqlDB.SetMaxOpenConns(o.MaxOpenConns)
	sqlDB.SetMaxIdleConns(o.MaxIdleConns)
	if o.ConnMaxLifetime > 0 {
		sqlDB.SetConnMaxLifetime(o.ConnMaxLifetime)
	}
	st.db, st.engine = db, engine
	if engine == EngineSQLite {
		st.w = newWriter()
		go st.runWriter()
	}
	return st, nil
}

// Engine names the database engine: EngineSQLite or EnginePostgres.
func (s *Store) Engine() string { return s.engine }

// sqlitePath extracts the file path from a sqlite DSN.
func sqlitePath(dsn string) (string, bool) {
	switch {
	case strings.HasPrefix(dsn, "sqlite://"):
		return strings.TrimPrefix(dsn, "sqlite://"), true
	case strings.HasPrefix(dsn, "sqlite:"):
		return strings.TrimPrefix(dsn, "sqlite:"), true
	case strings.Contains(dsn, "://"):
		return "", false
	default:
		return dsn, dsn != ""
	}
}

// postgresURL recognises a postgres:// or postgresql:// URL and adds a
// statement_timeout and synchronous_commit=on unless the URL sets them.
func postgresURL(dsn string, timeout time.Duration) (string, bool) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return "", false
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn, true // pgx reports the parse error on first use
	}
	q := u.Query()
	if q.Get("statement_timeout") == "" {
		q.Set("statement_timeout", strconv.FormatInt(timeout.Milliseconds(), 10))
	}
	if q.Get("synchronous_commit") == "" {
		// A commit is acknowledged once its WAL record is on disk, so
		// that a 201 survives a power loss, whatever the server's default.
		q.Set("synchronous_commit", "on")
	}
	if q.Get("application_name") == "" {
		q.Set("application_name", "consentry")
	}
	u.RawQuery = q.Encode()
	return u.String(), true
}

// checkWritable makes sure SQLite will be able to write the database at
// path and its -wal and -shm files beside it, and says which path and why
// not when it can't: SQLite itself says only "unable to open database file".
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	probe, err := os.CreateTemp(dir, ".consentry-write-check-*")
	if err != nil {
		return fmt.Errorf("models: the database directory %s is not writable: %w", dir, cause(err))
	}
	name := probe.Name()
	probe.Close()
	os.Remove(name)
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
		f.Close()
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("models: the database file %s can't be opened for writing: %w", path, cause(err))
	}
	return nil
}

// cause is what the operating system said, without the path an
// *os.PathError repeats.
func cause(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}

// redactDSN hides a password in a database URL.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

// Close closes the database.
func (s *Store) Close() error {
	s.stopWriter()
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return nil
}

// now reads the store's clock (Clock.Now).
func (s *Store) now() time.Time { return s.Now.Now() }

// translate maps GORM and driver errors onto the store's errors.
func translate(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return ErrNotFound
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("%w: %v", ErrConflict, err)
	case errors.Is(err, ErrUnavailable):
		return err
	case unavailable(err):
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	default:
		return err
	}
}

// DB exposes the GORM handle for tests and operator tools that inspect
// the database directly.
func (s *Store) DB() *gorm.DB { return s.db }
