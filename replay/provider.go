package replay

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Server is a running PostgreSQL that retort may create databases in.
type Server struct {
	Kind  string // "container", "local", "url"
	URL   string // connection URL of a maintenance database (postgresql://...)
	Start time.Duration
	// Fallback says why the provider asked for could not serve, when this
	// server is its fallback
	Fallback string
	stop     func(context.Context) error
}

// Stop removes the container or cluster; for "url" it does nothing.
func (s *Server) Stop(ctx context.Context) error {
	if s == nil || s.stop == nil {
		return nil
	}
	stop := s.stop
	s.stop = nil
	return stop(ctx)
}

// Provider starts (or reaches) a server.
type Provider interface {
	Name() string
	Start(ctx context.Context) (*Server, error)
}

// ProviderError is a provider that could not give a server; the tool itself
// failed (exit code 3).
type ProviderError struct {
	Provider string
	Err      error
}

func (e *ProviderError) Error() string { return fmt.Sprintf("%s database: %v", e.Provider, e.Err) }
func (e *ProviderError) Unwrap() error { return e.Err }

// URLServer is an existing server given by URL: retort only creates and
// drops its own scratch database there.
type URLServer struct{ URL string }

func (u *URLServer) Name() string { return "url" }

func (u *URLServer) Start(ctx context.Context) (*Server, error) {
	if u.URL == "" {
		return nil, &ProviderError{"url", errors.New("--db url needs --database-url (or RETORT_DATABASE_URL)")}
	}
	return &Server{Kind: "url", URL: u.URL}, nil
}

// Scratch is a database retort created and will drop.
type Scratch struct {
	Name      string
	PgxURL    string // for pgx
	PythonURL string // for SQLAlchemy
	admin     string
}

// CreateScratch creates an empty database named retort_<random> on the
// server. It never touches any other database.
func CreateScratch(ctx context.Context, s *Server) (*Scratch, error) {
	adminURL := PgxURL(s.URL)
	conn, err := connect(ctx, adminURL)
	if err != nil {
		return nil, &ProviderError{s.Kind, fmt.Errorf("cannot connect to %s: %w", Redact(s.URL), err)}
	}
	defer conn.Close(context.Background())
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "retort_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE template0"); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42501" {
			var role string
			_ = conn.QueryRow(ctx, "select current_user").Scan(&role)
			return nil, &ProviderError{s.Kind, fmt.Errorf("role %q may not create databases on %s, and retort replays only into a scratch database it creates; grant CREATEDB or use --db container/local", role, Redact(s.URL))}
		}
		return nil, &ProviderError{s.Kind, fmt.Errorf("create scratch database: %w", err)}
	}
	return &Scratch{Name: name, PgxURL: withDatabase(adminURL, name), PythonURL: pythonURL(withDatabase(s.URL, name)), admin: adminURL}, nil
}

// Drop removes the scratch database, ending any session still using it.
func (sc *Scratch) Drop(ctx context.Context) error {
	if sc == nil || sc.admin == "" {
		return nil
	}
	conn, err := connect(ctx, sc.admin)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	id := pgx.Identifier{sc.Name}.Sanitize()
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+id+" WITH (FORCE)"); err != nil {
		// before PostgreSQL 13: end the sessions by hand
		_, _ = conn.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", sc.Name)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+id); err != nil {
			return err
		}
	}
	sc.admin = ""
	return nil
}

func connect(ctx context.Context, u string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	return pgx.ConnectConfig(ctx, cfg)
}

// PgxURL turns a SQLAlchemy URL (postgresql+psycopg2://...) into one pgx reads.
func PgxURL(u string) string {
	if i := strings.Index(u, "://"); i > 0 {
		scheme := u[:i]
		if j := strings.IndexByte(scheme, '+'); j > 0 {
			scheme = scheme[:j]
		}
		if scheme == "postgresql" || scheme == "postgres" {
			return "postgres" + u[i:]
		}
	}
	return u
}

// pythonURL is the form SQLAlchemy accepts (it rejects postgres://).
func pythonURL(u string) string {
	if strings.HasPrefix(u, "postgres://") {
		return "postgresql://" + strings.TrimPrefix(u, "postgres://")
	}
	return u
}

func withDatabase(raw, db string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + db
	return u.String()
}

// Redact hides the password of a URL.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// waitReady polls until the server accepts a connection.
func waitReady(ctx context.Context, u string, exited <-chan struct{}, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var last error
	for {
		cctx, c2 := context.WithTimeout(ctx, 2*time.Second)
		conn, err := connect(cctx, u)
		c2()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("not ready after %s: %v", limit, last)
		case <-exited:
			return fmt.Errorf("server exited: %v", last)
		case <-time.After(30 * time.Millisecond):
		}
	}
}
