package replay

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// The runner reaches Alembic and the database through these small
// interfaces, so that its plans can be tested against fakes (plan_test.go).

// alembic is what the runner needs of the driver (*Driver).
type alembic interface {
	Upgrade(ctx context.Context, target string) (Reply, error)
	// SetUntraced turns the statement trace of Upgrade off or on
	SetUntraced(on bool)
	Downgrade(ctx context.Context, target string) (Reply, error)
	DowngradeOne(ctx context.Context, rev string) (Reply, error)
	Switch(ctx context.Context, url, database string) error
	CreateAll(ctx context.Context, url string) (ModelsReply, error)
	Running() string
	TimeoutStack() []Frame
	VersionTable() (name, schema string)
}

// databases makes scratch databases (*Server).
type databases interface {
	// open creates an empty scratch database and connects to it.
	open(ctx context.Context) (database, error)
}

// database is one scratch database, connected (*scratchDB).
type database interface {
	name() string
	pythonURL() string // for the driver
	snapshot(ctx context.Context, versionTable, versionSchema string) (Snapshot, error)
	exec(ctx context.Context, sql string) error
	// seed fills its empty tables (seed.go); truncate empties the tables
	// of the oids, and what references them.
	seed(ctx context.Context, s *seeder, versionTable, versionSchema string) error
	truncate(ctx context.Context, oids []uint32) error
	// drop closes the connection and drops the database.
	drop(ctx context.Context) error
}

// scratchDB is a Scratch database on a Server with a pgx connection to it.
type scratchDB struct {
	sc   *Scratch
	conn *pgx.Conn
	kind string // of the server, for errors
}

func (s *Server) open(ctx context.Context) (database, error) {
	sc, err := CreateScratch(ctx, s)
	if err != nil {
		return nil, err
	}
	conn, err := connect(ctx, sc.PgxURL)
	if err != nil {
		_ = sc.Drop(context.WithoutCancel(ctx))
		return nil, &ProviderError{s.Kind, err}
	}
	return &scratchDB{sc: sc, conn: conn, kind: s.Kind}, nil
}

func (db *scratchDB) name() string      { return db.sc.Name }
func (db *scratchDB) pythonURL() string { return db.sc.PythonURL }

func (db *scratchDB) snapshot(ctx context.Context, vt, vs string) (Snapshot, error) {
	return TakeSnapshot(ctx, db.conn, vt, vs)
}

func (db *scratchDB) exec(ctx context.Context, sql string) error {
	_, err := db.conn.Exec(ctx, sql)
	return err
}

func (db *scratchDB) seed(ctx context.Context, s *seeder, vt, vs string) error {
	return s.seed(ctx, db.conn, vt, vs)
}

func (db *scratchDB) truncate(ctx context.Context, oids []uint32) error {
	var names []string
	rows, err := db.conn.Query(ctx, "select oid::regclass::text from pg_class where oid = any($1)", oids)
	if err != nil {
		return err
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(names) > 0 {
		if _, err := db.conn.Exec(ctx, "truncate "+strings.Join(names, ", ")+" cascade"); err != nil {
			return fmt.Errorf("seed: clear seeded tables: %w", err)
		}
	}
	return nil
}

func (db *scratchDB) drop(ctx context.Context) error {
	if db.conn != nil {
		db.conn.Close(ctx)
		db.conn = nil
	}
	if err := db.sc.Drop(ctx); err != nil {
		return &ProviderError{db.kind, fmt.Errorf("drop scratch database %q: %w", db.sc.Name, err)}
	}
	return nil
}
