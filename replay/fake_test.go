package replay

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/retortdev/retort/lint"
)

// A fake Alembic project and a fake server, for the plans under -short
// (plan_test.go): the runner sees them through the alembic, databases and
// database interfaces (seam.go).

// fakeRev is a revision of the fake project.
type fakeRev struct {
	id      string
	parents []string
	creates []Object // what upgrade() adds; its file names them
	keeps   []Object // what downgrade() forgets to drop of creates
	// failUp: the nth upgrade of the revision raises (1 the first, 2 the
	// second); 0 never.
	failUp       int
	failDown     bool // downgrade() raises
	irreversible bool // downgrade() raises NotImplementedError
	hangs        bool // upgrade() never ends
}

func table(name string) Object { return Object{Kind: "table", Schema: "public", Name: name} }
func column(tbl, name, def string) Object {
	return Object{Kind: "column", Schema: "public", Table: tbl, Name: name, Def: def}
}
func enum(name string) Object { return Object{Kind: "type", Schema: "public", Name: name, Def: "enum"} }

// fakeDB is a scratch database: its schema and the revisions applied.
type fakeDB struct {
	id      string
	schema  Snapshot
	applied []string // in the order applied
	dropped bool
	execs   []string
}

func (db *fakeDB) name() string      { return db.id }
func (db *fakeDB) pythonURL() string { return "postgresql://fake/" + db.id }
func (db *fakeDB) snapshot(context.Context, string, string) (Snapshot, error) {
	s := Snapshot{}
	for k, o := range db.schema {
		s[k] = o
	}
	return s, nil
}
func (db *fakeDB) exec(_ context.Context, sql string) error {
	db.execs = append(db.execs, sql)
	return nil
}
func (db *fakeDB) seed(context.Context, *seeder, string, string) error { return nil }
func (db *fakeDB) truncate(context.Context, []uint32) error            { return nil }
func (db *fakeDB) drop(context.Context) error {
	db.dropped = true
	return nil
}

// fakeServer hands out fakeDBs.
type fakeServer struct{ dbs []*fakeDB }

func (s *fakeServer) open(context.Context) (database, error) {
	db := &fakeDB{id: fmt.Sprintf("db%d", len(s.dbs)+1), schema: Snapshot{}}
	s.dbs = append(s.dbs, db)
	return db, nil
}

func (s *fakeServer) byURL(url string) *fakeDB {
	for _, db := range s.dbs {
		if db.pythonURL() == url {
			return db
		}
	}
	return nil
}

// fakeAlembic runs the fake revisions against the fakeDB it points at.
// A command is one transaction: when a step fails, the steps before it in
// the same command are rolled back too (as env.py's default on PostgreSQL).
type fakeAlembic struct {
	srv      *fakeServer
	db       *fakeDB
	revs     []fakeRev // parents first
	byID     map[string]*fakeRev
	ups      map[string]int // upgrades run per revision
	models   []Object       // target_metadata; nil for none
	onStep   func(StepEvent)
	running  string
	dir      string // of the revision files
	commands []string
	untraced bool // SetUntraced
	// untracedUps counts the revisions upgraded with the trace off
	untracedUps int
}

func newFakeAlembic(t *testing.T, srv *fakeServer, revs []fakeRev) *fakeAlembic {
	f := &fakeAlembic{srv: srv, revs: revs, byID: map[string]*fakeRev{}, ups: map[string]int{}, dir: t.TempDir()}
	for i := range revs {
		f.byID[revs[i].id] = &f.revs[i]
	}
	return f
}

// driverRevs are the revisions as the driver lists them, each with a file
// whose upgrade() names what it creates.
func (f *fakeAlembic) driverRevs(t *testing.T) []DriverRev {
	var out []DriverRev
	for _, rv := range f.revs {
		var b strings.Builder
		fmt.Fprintf(&b, "\"\"\"revision %s\"\"\"\n\n\ndef upgrade():\n", rv.id)
		for _, o := range rv.creates {
			fmt.Fprintf(&b, "    op.create(%q)\n", o.Name)
		}
		b.WriteString("    pass\n\n\ndef downgrade():\n    pass\n")
		path := filepath.Join(f.dir, rv.id+".py")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, DriverRev{ID: rv.id, Parents: rv.parents, Path: path, Doc: "revision " + rv.id,
			UpgradeLine: 4, DowngradeLine: 6 + len(rv.creates) + 2})
	}
	return out
}

func (f *fakeAlembic) ancestors(id string) map[string]bool {
	seen := map[string]bool{}
	for todo := []string{id}; len(todo) > 0; {
		x := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if rv := f.byID[x]; rv != nil && !seen[x] {
			seen[x] = true
			todo = append(todo, rv.parents...)
		}
	}
	return seen
}

func (f *fakeAlembic) isApplied(id string) bool {
	for _, a := range f.db.applied {
		if a == id {
			return true
		}
	}
	return false
}

func pyErr(msg string, notImpl bool, path string, line int) *PyError {
	e := &PyError{Type: "sqlalchemy.exc.ProgrammingError", Message: msg, SQLState: "42P07", Frames: []Frame{{File: path, Line: line, Func: "upgrade"}}}
	if notImpl {
		e.Type, e.SQLState, e.NotImplemented = "builtins.NotImplementedError", "", true
	}
	return e
}

// transaction runs steps; a failing one rolls back all of them.
func (f *fakeAlembic) transaction(cmd string, steps func() (Reply, error)) (Reply, error) {
	f.commands = append(f.commands, cmd)
	schema, _ := f.db.snapshot(context.Background(), "", "")
	applied := append([]string(nil), f.db.applied...)
	m, err := steps()
	if err != nil || !m.OK {
		f.db.schema, f.db.applied = schema, applied
	}
	return m, err
}

func (f *fakeAlembic) step(action, id string, ok bool, e *PyError) {
	f.onStep(StepEvent{Action: action, Revision: id, Seconds: 0.01, OK: ok, Error: e})
}

func (f *fakeAlembic) up(id string) (Reply, error) {
	rv := f.byID[id]
	path := filepath.Join(f.dir, id+".py")
	f.ups[id]++
	if rv.hangs {
		f.running = id
		return Reply{}, ErrTimeout
	}
	if f.ups[id] == rv.failUp {
		e := pyErr(fmt.Sprintf("upgrade of %s raises", id), false, path, 5)
		f.step("upgrade", id, false, e)
		return Reply{Revision: id, Error: e}, nil
	}
	for i, o := range rv.creates {
		if _, ok := f.db.schema[o.key()]; ok {
			e := pyErr(fmt.Sprintf("%s already exists", o.Describe()), false, path, 5+i)
			f.step("upgrade", id, false, e)
			return Reply{Revision: id, Error: e}, nil
		}
	}
	for _, o := range rv.creates {
		f.db.schema[o.key()] = o
	}
	f.db.applied = append(f.db.applied, id)
	f.step("upgrade", id, true, nil)
	return Reply{OK: true}, nil
}

func (f *fakeAlembic) down(id string) (Reply, error) {
	rv := f.byID[id]
	path := filepath.Join(f.dir, id+".py")
	if rv.irreversible || rv.failDown {
		e := pyErr(fmt.Sprintf("downgrade of %s raises", id), rv.irreversible, path, 9+len(rv.creates))
		f.step("downgrade", id, false, e)
		return Reply{Revision: id, Error: e}, nil
	}
	kept := map[string]bool{}
	for _, o := range rv.keeps {
		kept[o.key()] = true
	}
	for _, o := range rv.creates {
		if !kept[o.key()] {
			delete(f.db.schema, o.key())
		}
	}
	var rest []string
	for _, a := range f.db.applied {
		if a != id {
			rest = append(rest, a)
		}
	}
	f.db.applied = rest
	f.step("downgrade", id, true, nil)
	return Reply{OK: true}, nil
}

func (f *fakeAlembic) SetUntraced(on bool) { f.untraced = on }

func (f *fakeAlembic) Upgrade(_ context.Context, target string) (Reply, error) {
	return f.transaction("upgrade "+target, func() (Reply, error) {
		want := map[string]bool{}
		for _, rv := range f.revs {
			if target == "heads" || f.ancestors(target)[rv.id] {
				want[rv.id] = true
			}
		}
		for _, rv := range f.revs {
			if want[rv.id] && !f.isApplied(rv.id) {
				if f.untraced {
					f.untracedUps++
				}
				if m, err := f.up(rv.id); err != nil || !m.OK {
					return m, err
				}
			}
		}
		return Reply{OK: true}, nil
	})
}

func (f *fakeAlembic) Downgrade(_ context.Context, target string) (Reply, error) {
	return f.transaction("downgrade "+target, func() (Reply, error) {
		keep := f.ancestors(target) // empty for base
		for i := len(f.db.applied) - 1; i >= 0; i-- {
			if id := f.db.applied[i]; !keep[id] {
				if m, err := f.down(id); err != nil || !m.OK {
					return m, err
				}
			}
		}
		return Reply{OK: true}, nil
	})
}

func (f *fakeAlembic) DowngradeOne(_ context.Context, rev string) (Reply, error) {
	return f.transaction("downgrade_one "+rev, func() (Reply, error) { return f.down(rev) })
}

func (f *fakeAlembic) Switch(_ context.Context, url, database string) error {
	f.commands = append(f.commands, "switch "+database)
	f.db = f.srv.byURL(url)
	if f.db == nil || f.db.id != database {
		return fmt.Errorf("no database %s at %s", database, url)
	}
	return nil
}

func (f *fakeAlembic) CreateAll(_ context.Context, url string) (ModelsReply, error) {
	f.commands = append(f.commands, "create_all "+url)
	if f.models == nil {
		return ModelsReply{Reply: Reply{OK: true}}, nil
	}
	if url != "" {
		db := f.srv.byURL(url)
		for _, o := range f.models {
			db.schema[o.key()] = o
		}
	}
	return ModelsReply{Reply: Reply{OK: true}, Metadata: true}, nil
}

func (f *fakeAlembic) Running() string                     { return f.running }
func (f *fakeAlembic) TimeoutStack() []Frame               { return nil }
func (f *fakeAlembic) VersionTable() (name, schema string) { return "alembic_version", "" }

// fakeRun is one plan over the fake project.
type fakeRun struct {
	res    *Result
	err    error
	f      *fakeAlembic
	srv    *fakeServer
	events []Event
}

func runFake(t *testing.T, plan Plan, revs []fakeRev, c Config, models []Object) fakeRun {
	t.Helper()
	ctx := context.Background()
	srv := &fakeServer{}
	f := newFakeAlembic(t, srv, revs)
	f.models = models
	var events []Event
	c.Plan = plan
	c.Progress = func(e Event) { events = append(events, e) }
	if c.StepTimeout == 0 {
		c.StepTimeout = time.Minute
	}
	c.SkipModelDrift = models == nil
	res := &Result{Diagnostics: []lint.Diagnostic{}, Steps: []Step{}, Summary: Summary{Plan: string(plan)}}
	r := newRunner(ctx, c, res, srv)
	db, _ := srv.open(ctx)
	r.db, f.db = db, db.(*fakeDB)
	r.d = f
	f.onStep = r.onStep
	envPy := filepath.Join(f.dir, "env.py")
	if err := os.WriteFile(envPy, []byte("from app import Base\n\ntarget_metadata = Base.metadata\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.stack(DriverInfo{Libraries: Libraries{Alembic: "1.8.1"}, EnvPy: envPy})
	err := r.plan(plan, f.driverRevs(t))
	return fakeRun{res: res, err: err, f: f, srv: srv, events: events}
}

// steps are the run's steps as "phase action revision", " FAILED" added
// to those that failed.
func (fr fakeRun) steps() []string {
	var out []string
	for _, s := range fr.res.Steps {
		line := strings.TrimSpace(s.Phase + " " + s.Action + " " + s.Revision)
		if !s.OK {
			line += " FAILED"
		}
		out = append(out, line)
	}
	return out
}
