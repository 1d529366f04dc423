package replay

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/retortdev/retort/internal/pydeps"
)

// TestDriverURLPython: the scratch URL keeps the driver the project names
// (its $DATABASE_URL first, then sqlalchemy.url) and otherwise gets one the
// interpreter can import. The env.py of each project prints the URL it
// was given and stops, so no database is needed.
func TestDriverURLPython(t *testing.T) {
	sample, _ := filepath.Abs(filepath.Join("..", "testdata", "replay", "sample", "versions"))
	const scratch = "postgresql://postgres@/retort_x?host=/run/retort-test&port=5499&sslmode=disable"
	debian := pydeps.Cell{Python: "/usr/bin/python3"}
	psycopg3 := pydeps.Cell{Python: "pyenv:3.12", Pydeps: pydeps.Folders("alembic-1.19.1", "sqlalchemy-2.0.52", "psycopg-3.3.4")}
	bare := pydeps.Cell{Python: "pyenv:3.12", Pydeps: pydeps.Folders("alembic-1.19.1", "sqlalchemy-2.0.52")}
	cases := []struct {
		name       string
		cell       pydeps.Cell
		iniURL     string // sqlalchemy.url of alembic.ini
		envScheme  string // scheme of the project's own $DATABASE_URL
		async      bool   // env.py on SQLAlchemy's asyncio extension
		fakePg8000 bool   // a pg8000 module on PYTHONPATH
		driver     string // chosen driver ("" none: an error)
		reason     string
		url        string // the URL env.py sees
	}{
		{name: "bare url, psycopg2 importable", cell: debian, iniURL: "postgresql://u@h/app",
			driver: "psycopg2", reason: "sqlalchemy.url names no driver; psycopg2 is importable",
			url: "postgresql+psycopg2://postgres@/retort_x?host=/run/retort-test&port=5499&sslmode=disable"},
		{name: "alembic's placeholder url", cell: debian, iniURL: "driver://user:pass@localhost/dbname",
			driver: "psycopg2", reason: "psycopg2 is importable"},
		{name: "sqlalchemy.url names asyncpg", cell: debian, iniURL: "postgresql+asyncpg://u@h/app",
			driver: "asyncpg", reason: "named by sqlalchemy.url",
			url: "postgresql+asyncpg://postgres@/retort_x?host=/run/retort-test&port=5499"},
		{name: "the project's $DATABASE_URL wins", cell: debian, iniURL: "postgresql+asyncpg://u@h/app", envScheme: "postgresql+psycopg2",
			driver: "psycopg2", reason: "named by $DATABASE_URL"},
		{name: "async env.py with a sync driver named", cell: debian, iniURL: "postgresql+psycopg2://u@h/app", async: true,
			driver: "asyncpg", reason: "sqlalchemy.url names psycopg2 but env.py uses SQLAlchemy's asyncio extension; asyncpg is importable"},
		{name: "psycopg 3 without psycopg2", cell: psycopg3, iniURL: "postgresql://u@h/app",
			driver: "psycopg", reason: "sqlalchemy.url names no driver; psycopg2 is not importable, psycopg is",
			url: "postgresql+psycopg://postgres@/retort_x?host=/run/retort-test&port=5499&sslmode=disable"},
		{name: "async env.py on psycopg 3", cell: psycopg3, async: true,
			driver: "psycopg_async", reason: "asyncpg is not importable, psycopg is"},
		{name: "pg8000 over a unix socket", cell: bare, fakePg8000: true,
			driver: "pg8000", reason: "psycopg2, psycopg are not importable, pg8000 is",
			url: "postgresql+pg8000://postgres@/retort_x?unix_sock=/run/retort-test/.s.PGSQL.5499"},
		{name: "no driver at all", cell: bare,
			reason: "no PostgreSQL driver is importable in"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			py, env, why := cellEnv(t, tc.cell)
			if why != "" {
				t.Skip(why)
			}
			dir := t.TempDir()
			ini := "[alembic]\nscript_location = %(here)s\npath_separator = os\nversion_locations = " + sample + "\n"
			if tc.iniURL != "" {
				ini += "sqlalchemy.url = " + tc.iniURL + "\n"
			}
			envPy := "import os, sys\nprint('URL=' + os.environ['DATABASE_URL'], file=sys.stderr)\nraise RuntimeError('stop here')\n"
			if tc.async {
				envPy = "\"\"\"an env.py on sqlalchemy.ext.asyncio\"\"\"\n" + envPy
			}
			write(t, filepath.Join(dir, "alembic.ini"), ini)
			write(t, filepath.Join(dir, "env.py"), envPy)
			if tc.fakePg8000 {
				write(t, filepath.Join(dir, "fake", "pg8000", "__init__.py"), "")
				env[0] += string(os.PathListSeparator) + filepath.Join(dir, "fake")
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			d, err := StartDriver(ctx, DriverConfig{Python: py, Dir: dir, Config: filepath.Join(dir, "alembic.ini"), ScriptLocation: dir,
				URL: scratch, Database: "retort_x", EnvURLScheme: tc.envScheme, Env: env, Timeout: time.Minute})
			if err == nil {
				d.Close()
				t.Fatal("env.py raises, yet the driver started")
			}
			var de *DriverError
			if !errors.As(err, &de) {
				t.Fatalf("not a driver error: %v", err)
			}
			if tc.driver == "" {
				if de.Stage != "driver" || !strings.Contains(err.Error(), "has no PostgreSQL driver for SQLAlchemy") ||
					de.Err == nil || !strings.Contains(de.Err.Message, tc.reason) || !strings.Contains(de.Err.Message, "tried psycopg2, psycopg, pg8000") {
					t.Errorf("stage %s: %v", de.Stage, err)
				}
				return
			}
			if de.Stage != "probe" || de.Err == nil || !strings.Contains(de.Err.Message, "stop here") {
				t.Fatalf("stage %s: %v\n%s", de.Stage, err, de.Stderr)
			}
			if de.Info.Driver != tc.driver || de.Info.DriverReason != tc.reason {
				t.Errorf("driver %q (%s), want %q (%s)", de.Info.Driver, de.Info.DriverReason, tc.driver, tc.reason)
			}
			if !strings.HasPrefix(de.Info.Alembic, "1.") || de.Info.SQLAlchemy == "" {
				t.Errorf("versions missing: %+v", de.Info)
			}
			if tc.url != "" && !strings.Contains(de.Stderr, "URL="+tc.url+"\n") {
				t.Errorf("env.py did not get %s:\n%s", tc.url, de.Stderr)
			}
		})
	}
}

// TestDriverImportPython: an interpreter without alembic (--python is not
// probed beforehand) fails at the driver's import with the reason.
func TestDriverImportPython(t *testing.T) {
	py, err := pydeps.Pyenv("3.12")
	if err != nil {
		t.Skip(err)
	}
	if exec.Command(py, "-c", "import alembic").Run() == nil {
		t.Skipf("%s has alembic", py)
	}
	dir := t.TempDir()
	_, err = StartDriver(context.Background(), DriverConfig{Python: py, Dir: dir, ScriptLocation: dir, URL: "postgresql://x@/y", Timeout: time.Minute})
	var de *DriverError
	if !errors.As(err, &de) || de.Stage != "import" || !strings.Contains(err.Error(), py+" (python 3.12") ||
		!strings.Contains(err.Error(), "cannot import alembic: No module named 'alembic'") {
		t.Errorf("got %v", err)
	}
}

// TestAwaitDumpFullBuffer: with the stderr tail buffer full (and an older
// dump in it), awaitDump still sees the new dump at once, and never
// returns the old one.
func TestAwaitDumpFullBuffer(t *testing.T) {
	const size = 64 << 10
	oldDump := "Stack (most recent call first):\n  File \"/old.py\", line 1 in old\n"
	newDump := "Stack (most recent call first):\n  File \"/app/versions/0002.py\", line 12 in upgrade\n  File \"/driver.py\", line 40 in timed\n"
	fill := func() *tailBuffer {
		b := newTailBuffer(size)
		b.Write([]byte(oldDump))
		b.Write([]byte(strings.Repeat("x", size-len(oldDump)-1) + "\n"))
		if len(b.String()) != size || !strings.Contains(b.String(), oldDump) {
			t.Fatalf("buffer not full with the old dump in it: %d bytes", len(b.String()))
		}
		return b
	}

	b := fill()
	mark := b.written()
	go func() {
		time.Sleep(50 * time.Millisecond)
		b.Write([]byte(newDump))
	}()
	t0 := time.Now()
	got := awaitDump(b, mark, 5*time.Second)
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("awaitDump took %s: it did not see the new dump in a full buffer", d)
	}
	want := []Frame{{File: "/driver.py", Line: 40, Func: "timed"}, {File: "/app/versions/0002.py", Line: 12, Func: "upgrade"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("frames %+v, want %+v", got, want)
	}

	// no new dump: nothing, not the old one
	b = fill()
	if got := awaitDump(b, b.written(), 100*time.Millisecond); got != nil {
		t.Errorf("without a new dump: frames %+v, want none", got)
	}
}

func TestTailBufferSince(t *testing.T) {
	b := newTailBuffer(8)
	b.Write([]byte("abcdef"))
	m := b.written()
	b.Write([]byte("ghij"))
	if got := b.since(m); got != "ghij" {
		t.Errorf("since = %q, want ghij", got)
	}
	b.Write([]byte("0123456789"))
	if got := b.since(m); got != "23456789" {
		t.Errorf("since past the buffer = %q, want what it holds: 23456789", got)
	}
	if got := b.since(b.written()); got != "" {
		t.Errorf("since now = %q", got)
	}
}

// nopCloser is a driver's stdin that keeps what is written to it.
type nopCloser struct{ bytes.Buffer }

func (*nopCloser) Close() error { return nil }

// TestDriverCall: the requests as driver.py reads them, and its lines
// (events, then the answer) decoded into the typed replies, without Python.
func TestDriverCall(t *testing.T) {
	answer := func(lines ...string) (*Driver, *nopCloser, *[]StepEvent) {
		in := &nopCloser{}
		d := &Driver{stdin: in, lines: make(chan []byte, len(lines)), stderr: newTailBuffer(1 << 10)}
		for _, l := range lines {
			d.lines <- []byte(l)
		}
		var steps []StepEvent
		d.OnStep = func(e StepEvent) { steps = append(steps, e) }
		return d, in, &steps
	}
	ctx := context.Background()

	d, in, steps := answer(
		`{"event": "start", "action": "upgrade", "revision": "a"}`,
		`{"event": "step", "action": "upgrade", "revision": "a", "seconds": 0.5, "ok": true, "trace": {"statements": [{"sql": "create table t ()"}]}}`,
		`{"event": "start", "action": "upgrade", "revision": "b"}`,
		`{"event": "step", "action": "upgrade", "revision": "b", "ok": false, "error": {"message": "boom"}}`,
		`{"done": true, "ok": false, "revision": "b", "error": {"message": "boom", "sqlstate": "42601"}, "seconds": 1, "version_table": "versions", "version_schema": "meta", "version_locations": []}`,
	)
	m, err := d.Upgrade(ctx, "heads")
	if err != nil {
		t.Fatal(err)
	}
	if got := in.String(); got != `{"op":"upgrade","target":"heads"}`+"\n" {
		t.Errorf("request %q", got)
	}
	if m.OK || m.Revision != "b" || m.Error == nil || m.Error.SQLState != "42601" {
		t.Errorf("reply %+v", m)
	}
	if len(*steps) != 2 || !(*steps)[0].OK || (*steps)[0].Trace == nil || len((*steps)[0].Trace.Statements) != 1 || (*steps)[1].OK || (*steps)[1].Error.Message != "boom" {
		t.Errorf("step events %+v", *steps)
	}
	if vt, vs := d.VersionTable(); vt != "versions" || vs != "meta" || d.Running() != "" {
		t.Errorf("version table %s.%s, running %q", vs, vt, d.Running())
	}

	d, in, _ = answer(`{"done": true, "ok": true, "metadata": true, "models": {"public.users": {"path": "/app/models.py", "line": 7}}}`)
	cm, err := d.CreateAll(ctx, "postgresql://x/y")
	if err != nil || !cm.OK || !cm.Metadata || cm.Models["public.users"] != (ModelLoc{"/app/models.py", 7}) {
		t.Errorf("create_all: %+v, %v", cm, err)
	}
	if got := in.String(); got != `{"op":"create_all","url":"postgresql://x/y"}`+"\n" {
		t.Errorf("request %q", got)
	}

	for _, c := range []struct {
		call func(d *Driver) error
		want string
	}{
		{func(d *Driver) error { _, err := d.Downgrade(ctx, "base"); return err }, `{"op":"downgrade","target":"base"}`},
		{func(d *Driver) error { _, err := d.DowngradeOne(ctx, "a"); return err }, `{"op":"downgrade_one","revision":"a"}`},
		{func(d *Driver) error { return d.Switch(ctx, "postgresql://x/z", "z") }, `{"op":"switch","url":"postgresql://x/z","database":"z"}`},
	} {
		d, in, _ := answer(`{"done": true, "ok": true}`)
		if err := c.call(d); err != nil || in.String() != c.want+"\n" {
			t.Errorf("request %q (%v), want %s", in.String(), err, c.want)
		}
	}

	d, _, _ = answer(`{"done": true, "ok": false, "error": {"type": "builtins.RuntimeError", "message": "no such database"}}`)
	if err := d.Switch(ctx, "postgresql://x/z", "z"); err == nil || err.Error() != "switch database: RuntimeError: no such database" {
		t.Errorf("failed switch: %v", err)
	}
	d, _, _ = answer(`not json`)
	var de *DriverError
	if _, err := d.Upgrade(ctx, "heads"); !errors.As(err, &de) || de.Stage != "exit" {
		t.Errorf("a line that is not JSON: %v", err)
	}
}
