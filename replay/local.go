package replay

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Local makes a throwaway cluster with initdb and runs postgres on it,
// listening on a unix socket in a private temp dir (or on 127.0.0.1 when
// TCP is set). Run as root, the cluster belongs to the "postgres" user (or
// "nobody"), since PostgreSQL refuses to run as root.
type Local struct {
	BinDir string // directory of initdb and postgres; found when empty
	TCP    bool
}

func (l *Local) Name() string { return "local" }

// FindPostgresBin finds the directory holding initdb and postgres.
func FindPostgresBin() (string, error) {
	var tried []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dir := strings.TrimSpace(string(out))
		if isFile(filepath.Join(dir, "initdb")) {
			return dir, nil
		}
		tried = append(tried, dir)
	} else {
		tried = append(tried, "pg_config on PATH")
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	tried = append(tried, "initdb on PATH")
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgMajor(dirs[i]) > pgMajor(dirs[j]) })
	for _, d := range dirs {
		if isFile(filepath.Join(d, "initdb")) {
			return d, nil
		}
	}
	tried = append(tried, "/usr/lib/postgresql/*/bin")
	return "", fmt.Errorf("initdb not found (tried %s)", strings.Join(tried, ", "))
}

func pgMajor(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func (l *Local) Start(ctx context.Context) (srv *Server, err error) {
	t0 := time.Now()
	fail := func(err error) (*Server, error) { return nil, &ProviderError{"local", err} }
	bin := l.BinDir
	if bin == "" {
		if bin, err = FindPostgresBin(); err != nil {
			return fail(err)
		}
	}
	sweepStale()
	dir, err := os.MkdirTemp("", "retort-pg-")
	if err != nil {
		return fail(err)
	}
	// Whose cluster this is: a later run removes it if this process died
	// without cleaning up (SIGKILL; postgres itself dies with us).
	if err := os.WriteFile(filepath.Join(dir, "retort.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return fail(err)
	}
	defer func() {
		if srv == nil {
			os.RemoveAll(dir)
		}
	}()
	var cred *credential
	if os.Geteuid() == 0 {
		if cred, err = unprivileged(); err != nil {
			return fail(err)
		}
		if err := os.Chown(dir, cred.uid, cred.gid); err != nil {
			return fail(err)
		}
	}
	data := filepath.Join(dir, "data")
	env := append(os.Environ(), "LC_ALL=C", "LANG=C", "TZ=UTC")
	// The socket lives in the private dir, so trust is safe there; TCP on
	// loopback needs the random password.
	var pw [12]byte
	_, _ = rand.Read(pw[:])
	password := hex.EncodeToString(pw[:])
	pwfile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwfile, []byte(password+"\n"), 0o644); err != nil {
		return fail(err)
	}
	tcp := l.TCP || !socketSafe(dir)
	initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth-local=trust",
		"--auth-host=scram-sha-256", "--pwfile="+pwfile, "-E", "UTF8", "--locale=C", "-N")
	initdb.Dir, initdb.Env = dir, env
	initdb.SysProcAttr = procAttr(cred, false)
	if out, err := initdb.CombinedOutput(); err != nil {
		return fail(fmt.Errorf("initdb failed: %v\n%s", err, tail(string(out), 2000)))
	}
	port := 5432
	listen := ""
	if tcp {
		if port, err = freePort(); err != nil {
			return fail(err)
		}
		listen = "127.0.0.1"
	}
	pg := exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", dir, "-p", strconv.Itoa(port),
		"-c", "listen_addresses="+listen, "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=30", "-c", "shared_buffers=32MB",
		"-c", "logging_collector=off", "-c", "log_min_messages=warning")
	pg.Dir, pg.Env = dir, env
	// Setpgid keeps a terminal's Ctrl-C away from postgres (retort stops it
	// in order); Pdeathsig takes it down if retort itself is killed.
	pg.SysProcAttr = procAttr(cred, true)
	logs := newTailBuffer(16 << 10)
	pg.Stdout, pg.Stderr = logs, logs
	if err := pg.Start(); err != nil {
		return fail(fmt.Errorf("start postgres: %w", err))
	}
	exited := make(chan struct{})
	go func() { _ = pg.Wait(); close(exited) }()
	stop := func(ctx context.Context) error {
		quit(pg.Process) // immediate shutdown: the data is thrown away
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			killGroup(pg.Process)
			<-exited
		}
		return os.RemoveAll(dir)
	}
	var u string
	// No '%' in either form: many env.py files pass the URL to
	// config.set_main_option, where '%' starts an interpolation.
	if tcp {
		u = fmt.Sprintf("postgresql://postgres:%s@127.0.0.1:%d/postgres?sslmode=disable", password, port)
	} else {
		u = fmt.Sprintf("postgresql://postgres@/postgres?host=%s&port=%d", dir, port)
	}
	if err := waitReady(ctx, PgxURL(u), exited, 60*time.Second); err != nil {
		_ = stop(context.Background())
		return fail(fmt.Errorf("postgres did not start: %v\n%s", err, tail(logs.String(), 2000)))
	}
	return &Server{Kind: "local", URL: u, Start: time.Since(t0), stop: stop}, nil
}

// sweepStale removes clusters of retort processes that no longer exist and
// whose postgres is gone too.
func sweepStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "retort-pg-*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, "retort.pid"))
		if err != nil {
			continue // not ours to judge (or still being made)
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || alive(pid) {
			continue
		}
		if pb, err := os.ReadFile(filepath.Join(dir, "data", "postmaster.pid")); err == nil {
			if pg, err := strconv.Atoi(strings.SplitN(string(pb), "\n", 2)[0]); err == nil && alive(pg) {
				continue
			}
		}
		_ = os.RemoveAll(dir)
	}
}

// socketSafe says whether dir can hold the socket and appear unescaped in
// a URL: short enough for sun_path, and only plain characters.
func socketSafe(dir string) bool {
	if len(dir)+len("/.s.PGSQL.5432") > 100 {
		return false
	}
	for _, r := range dir {
		if !(r == '/' || r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
