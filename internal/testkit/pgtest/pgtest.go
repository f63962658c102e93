// Package pgtest starts a real PostgreSQL server for tests: Debian's
// postgresql binaries (initdb, pg_ctl) in a temporary folder, on a free
// loopback port, as the postgres user when the tests run as root (initdb
// refuses root). A package's TestMain calls Main, its tests call DSN for
// a fresh database of their own.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"biokiosk/internal/testkit/testfiles"
)

// EnvBinDir overrides where the PostgreSQL binaries are.
const EnvBinDir = "BIOKIOSK_PG_BINDIR"

// Server is one running PostgreSQL server.
type Server struct {
	dir, bin string
	port     int
	runAs    string // "" runs the binaries as the current user
	mu       sync.Mutex
	dbs      int
}

var shared struct {
	once sync.Once
	srv  *Server
	err  error
}

// Main runs the tests and stops the shared server after them.
func Main(m *testing.M) int {
	code := m.Run()
	if shared.srv != nil {
		if err := shared.srv.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
	return code
}

// DSN returns the address of a new, empty database on the package's
// shared server (started on first use). Without the PostgreSQL binaries
// the test skips (fails under $BIOKIOSK_REQUIRE_TESTDATA=1).
func DSN(tb testing.TB) string {
	tb.Helper()
	srv := Shared(tb)
	dsn, err := srv.CreateDB(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return dsn
}

// Shared returns the package's shared server, starting it on first use.
func Shared(tb testing.TB) *Server {
	tb.Helper()
	bin, err := BinDir()
	if err != nil {
		testfiles.Missing(tb, "%v", err)
	}
	shared.once.Do(func() { shared.srv, shared.err = Start(bin) })
	if shared.err != nil {
		tb.Fatalf("pgtest: %v", shared.err)
	}
	return shared.srv
}

// BinDir finds the PostgreSQL server binaries.
func BinDir() (string, error) {
	cands := []string{os.Getenv(EnvBinDir)}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		cands = append(cands, strings.TrimSpace(string(out)))
	}
	for v := 20; v >= 13; v-- {
		cands = append(cands, fmt.Sprintf("/usr/lib/postgresql/%d/bin", v))
	}
	for _, d := range cands {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql package (scripts/install-deps.sh)")
}

// Start initialises and starts a server in a new temporary folder.
func Start(bin string) (*Server, error) {
	s := &Server{bin: bin}
	if os.Geteuid() == 0 {
		s.runAs = "postgres"
	}
	dir, err := os.MkdirTemp("", "biokiosk-pg-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: temp dir: %w", err)
	}
	s.dir = dir
	if s.runAs != "" {
		u, err := user.Lookup(s.runAs)
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: running as root needs the %s user (Debian's postgresql package makes it): %w", s.runAs, err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: chown %s: %w", dir, err)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: initdb: %w: %s", err, out)
	}
	if err := s.start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

// start starts the server on a free port (retrying when another process
// took the port first) and waits until it accepts connections.
func (s *Server) start() error {
	var last error
	for try := 0; try < 5; try++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		s.port = port
		if last = s.Restart(); last == nil {
			return nil
		}
	}
	return last
}

// Stop stops the server immediately and removes its folder.
func (s *Server) Stop() error {
	err := s.Kill()
	os.RemoveAll(s.dir)
	return err
}

// Kill stops the server abruptly (connection loss), keeping its data;
// Restart starts it again on the same port.
func (s *Server) Kill() error {
	out, err := s.run("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop")
	if err != nil {
		return fmt.Errorf("pgtest: pg_ctl stop: %w: %s", err, out)
	}
	return nil
}

// Restart starts a killed server again on its port (start uses it for
// the first start too).
func (s *Server) Restart() error {
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c max_connections=50", s.port, s.dir)
	out, err := s.run("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-l", filepath.Join(s.dir, "log"), "-o", opts, "-w", "-t", "60", "start")
	if err != nil {
		return fmt.Errorf("pgtest: pg_ctl start: %w: %s %s", err, out, s.logTail())
	}
	return nil
}

// CreateDB creates a new empty database and returns its DSN.
func (s *Server) CreateDB(ctx context.Context) (string, error) {
	s.mu.Lock()
	s.dbs++
	name := fmt.Sprintf("t%d", s.dbs)
	s.mu.Unlock()
	admin, err := sql.Open("pgx", s.dsn("postgres"))
	if err != nil {
		return "", err
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("pgtest: create database: %w", err)
	}
	return s.dsn(name), nil
}

func (s *Server) dsn(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

func (s *Server) run(name string, args ...string) ([]byte, error) {
	path := filepath.Join(s.bin, name)
	var cmd *exec.Cmd
	if s.runAs != "" {
		cmd = exec.Command("runuser", append([]string{"-u", s.runAs, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	return cmd.CombinedOutput()
}

func (s *Server) logTail() string {
	b, err := os.ReadFile(filepath.Join(s.dir, "log"))
	if err != nil {
		return ""
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
