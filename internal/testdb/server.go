package testdb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"time"

	// The pgx driver, registered for database/sql as "pgx".
	_ "github.com/jackc/pgx/v5/stdlib"
)

// Server is a throwaway PostgreSQL server in a temporary directory,
// listening on a loopback port, with trust authentication for the
// "consentry" superuser.
type Server struct {
	// Dir holds the cluster, the socket and the server log.
	Dir string
	// Port is the loopback TCP port.
	Port int

	bin  string
	cred *syscall.Credential // the unprivileged user to run as, when we are root
}

// ErrNotInstalled means no PostgreSQL server binaries were found.
var ErrNotInstalled = errors.New("testdb: PostgreSQL is not installed (initdb and pg_ctl not found)")

// binDir finds the directory that holds initdb and pg_ctl.
func binDir() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	return "", ErrNotInstalled
}

// version is the major version in a /usr/lib/postgresql/N/bin path.
func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// StartServer creates a new cluster and starts it. Stop it with Close.
func StartServer() (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "consentry-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root: run it as the postgres user
		// the Debian package creates.
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("testdb: running as root and there is no postgres user to run the server as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		s.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := s.run("initdb", "-D", s.data(), "-U", "consentry", "--auth=trust",
		"-E", "UTF8", "--no-locale", "--no-sync"); err != nil {
		s.Close()
		return nil, err
	}
	if s.Port, err = freePort(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Start(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) data() string { return filepath.Join(s.Dir, "data") }

// Start starts the server (again) on its port and waits until it
// accepts connections. fsync is off for speed, which only an operating
// system crash could notice; synchronous_commit stays on, so that a
// commit the server acknowledged survives Stop, as on a real server.
func (s *Server) Start() error {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=300 "+
		"-c fsync=off -c full_page_writes=off", s.Port, s.Dir)
	return s.run("pg_ctl", "-D", s.data(), "-l", filepath.Join(s.Dir, "server.log"),
		"-w", "-t", "60", "-o", opts, "start")
}

// Stop stops the server at once, as a crash or a network cut would look
// to its clients: open connections break.
func (s *Server) Stop() error {
	return s.run("pg_ctl", "-D", s.data(), "-m", "immediate", "-w", "stop")
}

// Close stops the server if it runs and removes its directory.
func (s *Server) Close() {
	if _, err := os.Stat(filepath.Join(s.data(), "postmaster.pid")); err == nil {
		_ = s.run("pg_ctl", "-D", s.data(), "-m", "immediate", "-w", "stop")
	}
	os.RemoveAll(s.Dir)
}

// URL is the address of database db (for example "postgres") on the
// server, with extra query parameters appended as given.
func (s *Server) URL(db, query string) string {
	u := fmt.Sprintf("postgres://consentry@127.0.0.1:%d/%s?sslmode=disable", s.Port, db)
	if query != "" {
		u += "&" + query
	}
	return u
}

// run runs one of the server's programs as the server's user.
func (s *Server) run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Dir = s.Dir
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	if err := cmd.Run(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.Dir, "server.log"))
		return fmt.Errorf("testdb: %s: %v\n%s\n%s", name, err, out.Bytes(), lastLines(log, 20))
	}
	return nil
}

// lastLines returns up to n final lines of b.
func lastLines(b []byte, n int) []byte {
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return bytes.Join(lines, []byte("\n"))
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Exec runs statements on database db of the server at url.
func Exec(url string, stmts ...string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, stmt := range stmts {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("testdb: %s: %w", stmt, err)
		}
	}
	return nil
}
