package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/consentry/consentry"
	"github.com/consentry/consentry/api"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/portal"
)

// adminKeyFile is where the first admin key is left for the operator.
const adminKeyFile = "admin-key.txt"

func newLogger(cfg *config, w io.Writer) *slog.Logger {
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// dialStore opens the configured database without migrating it, on the
// process's one clock.
func dialStore(cfg *config) (*models.Store, error) {
	if err := ensureDataDir(cfg.DataDir); err != nil {
		return nil, err
	}
	store, err := models.Open(cfg.DatabaseURL, cfg.Store)
	if err != nil {
		return nil, err
	}
	store.Now = clock
	return store, nil
}

// openStore opens and migrates the configured database.
func openStore(ctx context.Context, cfg *config) (*models.Store, error) {
	store, err := dialStore(cfg)
	if err != nil {
		return nil, err
	}
	if _, err := store.Migrate(ctx); err != nil {
		store.Close()
		return nil, err
	}
	return store, nil
}

// awaitStore opens and migrates the database for serve. While the database
// can't be reached it waits and tries again, so that replicas may start
// before their database, until ctx ends.
func awaitStore(ctx context.Context, cfg *config, log *slog.Logger) (*models.Store, error) {
	wait := 500 * time.Millisecond
	for {
		store, err := openStore(ctx, cfg)
		if err == nil || !errors.Is(err, models.ErrUnavailable) {
			return store, err
		}
		log.Warn("the database is unavailable; retrying", "in", wait.String(), "error", err.Error())
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(wait):
		}
		wait = min(2*wait, 10*time.Second)
	}
}

func serve(ctx context.Context, cfg *config, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "consentry serve: unexpected argument %q\n", args[0])
		return 2
	}
	log := newLogger(cfg, stderr)
	// What can fail is checked before anything is created: the address
	// (held from now on, so that no one else takes it), the data
	// directory, the clinic settings and the signing key. Connections that
	// arrive meanwhile wait in the listen queue until the server serves.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		log.Error("cannot listen", "addr", cfg.Addr, "error", err.Error())
		return 1
	}
	defer ln.Close()
	// The bound address too (a port of 0 is chosen now), so that no
	// endpoint can name this service.
	bound := ln.Addr().String()
	if err := checkDataDir(cfg.DataDir); err != nil {
		log.Error("cannot use the data directory", "data_dir", cfg.DataDir, "error", err.Error())
		return 1
	}
	var tlsConfig *tls.Config
	if cfg.TLSCert != "" {
		if tlsConfig, err = loadTLS(cfg.TLSCert, cfg.TLSKey, clock()); err != nil {
			log.Error("cannot load the TLS certificate", "error", err.Error())
			return 1
		}
	}
	p, err := loadParts(cfg, log)
	if err != nil {
		log.Error("cannot start", "error", err.Error())
		return 1
	}
	p.guard.Self = append(p.guard.Self, bound)
	store, err := awaitStore(ctx, cfg, log)
	if err != nil {
		log.Error("cannot open the store", "error", err.Error())
		return 1
	}
	defer store.Close()
	metrics, err := newMetrics(store)
	if err != nil {
		log.Error("cannot start", "error", err.Error())
		return 1
	}
	p.observer = metrics
	svc, err := p.service(ctx, cfg, store)
	if err != nil {
		log.Error("cannot start", "error", err.Error())
		return 1
	}
	cp, err := newCheckpointer(cfg, store, p.sealer, log)
	if err != nil {
		log.Error("cannot open the checkpoint log", "error", err.Error())
		return 1
	}
	cpCtx, stopCheckpoints := context.WithCancel(ctx)
	cpDone := make(chan struct{})
	go func() { cp.Run(cpCtx); close(cpDone) }()
	// The last checkpoint is made after the last request, when the head
	// moved since the one before; Close is idempotent.
	closeCheckpoints := func() {
		stopCheckpoints()
		<-cpDone
		closing, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := cp.Close(closing); err != nil {
			log.Error("the last checkpoint failed", "error", err.Error())
			return
		}
		log.Info("checkpoint log closed", "path", cfg.CheckpointLog)
	}
	defer closeCheckpoints()
	hooks, err := newDispatcher(cfg, store, p.guard, log)
	if err != nil {
		log.Error("cannot start", "error", err.Error())
		return 1
	}
	hooksCtx, stopHooks := context.WithCancel(ctx)
	hooksDone := make(chan struct{})
	go func() { hooks.Run(hooksCtx); close(hooksDone) }()
	// Attempts under way are cut off and released: the next start, or
	// another replica, sends them again.
	stopDispatcher := func() { stopHooks(); <-hooksDone }
	defer stopDispatcher()
	handler, err := api.New(api.Config{
		Records: svc, Store: store, MaxPDFBytes: cfg.MaxPDFBytes,
		OpenAPI: consentry.OpenAPI, Version: version(), Log: log,
		MaxBodyBytes: cfg.MaxBodyBytes, TrustProxyHeaders: cfg.TrustProxy, Limits: &cfg.Limits,
		Metrics: metrics, CORSOrigins: cfg.CORSOrigins, Now: clock,
		Portal: portal.Files(), PortalURL: cfg.PortalURL, CrisisText: cfg.CrisisText,
	})
	if err != nil {
		log.Error("cannot start", "error", err.Error())
		return 1
	}
	// The first admin key is made last, so that a start that fails leaves
	// none behind, and before serving, so that it is there once /readyz
	// answers.
	if err := firstAdminKey(ctx, store, cfg.DataDir, log); err != nil {
		log.Error("cannot create the first admin key", "error", err.Error())
		return 1
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	served := api.Listener(ln)
	if tlsConfig != nil {
		served = api.TLSListener(ln, tlsConfig)
	}
	log.Info("listening", "addr", ln.Addr().String(), "tls", tlsConfig != nil, "data_dir", cfg.DataDir,
		"store", store.Engine(), "version", version())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(served) }()
	select {
	case err := <-errc:
		log.Error("server stopped", "error", err.Error())
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("shutdown", "error", err.Error())
		return 1
	}
	stopDispatcher()
	closeCheckpoints()
	log.Info("stopped")
	return 0
}

// firstAdminKey makes an admin key when the store has no keys at all, and
// leaves it in a file only the owner can read. The key never goes to the log.
func firstAdminKey(ctx context.Context, store *models.Store, dataDir string, log *slog.Logger) error {
	n, err := store.CountKeys(ctx)
	if err != nil || n > 0 {
		return err
	}
	path := filepath.Join(dataDir, adminKeyFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	secret, key, err := store.CreateFirstKey(ctx, "first admin", models.RoleAdmin)
	if err != nil {
		f.Close()
		os.Remove(path)
		if errors.Is(err, models.ErrConflict) {
			return nil // another replica made it a moment ago
		}
		return err
	}
	if _, err := fmt.Fprintln(f, secret); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	log.Info("created the first admin key; read it from the file, then delete the file",
		"file", path, "key_id", key.ID)
	return nil
}
