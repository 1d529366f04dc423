// Command replay-bench measures `retort replay` against running Alembic by
// hand, on a synthetic project of N revisions (default 100):
//
//	go run ./bench/replay [-n 100] [-runs 3] [-container IMAGE] [-cell NAME | -python PATH [-pythonpath DIRS]]
//
//	go run ./bench/replay -n 1000 -shards 4 [-plan stairway|full] [-modes estimate,position,timings] [-out DIR]
//
// -shards times the unsharded plan, then each shard one after another
// (balanced by retort's estimate, then by the unsharded run's timings),
// each with its own local cluster as a CI matrix job would have.
//
// -cell picks a stack of the compatibility matrix (internal/pydeps:
// py3.11-alembic1.8-sa1.4-psycopg2, the Debian packages, py3.13, ...);
// -python and -pythonpath any interpreter. By default retort finds the
// interpreter as `retort replay` does.
//
// Baseline: `alembic upgrade head; alembic downgrade base; alembic upgrade
// head` as three processes against a scratch database on the same server
// (a local cluster). retort: the full and stairway plans through the url
// provider on that server (scratch database, driver start and snapshots
// included). With -container it also reports the container start time and
// the time to the first finding on a project whose last revision fails.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/retortdev/retort/internal/pydeps"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/report"
)

func main() {
	n := flag.Int("n", 100, "revisions in the synthetic project")
	runs := flag.Int("runs", 3, "runs of each measurement (the median is reported)")
	image := flag.String("container", "", "also measure --db container with this image")
	gen := flag.String("gen", "", "only write the synthetic project to this directory")
	cellName := flag.String("cell", "", "a cell of the compatibility matrix (a name or prefix: py3.13, py3.11-alembic1.8)")
	python := flag.String("python", "", "interpreter (default: as retort replay finds it)")
	pythonpath := flag.String("pythonpath", "", "PYTHONPATH for -python")
	flag.BoolVar(&seedOnly, "seed-only", false, "only the seeded against unseeded comparison")
	flag.IntVar(&seedChanged, "changed", 10, "revisions the changed plan replays (the last ones) in the seeded comparison")

	shards := flag.Int("shards", 0, "instead: time the unsharded plan, then each of this many shards one after another (local provider)")
	plan := flag.String("plan", "stairway", "the plan of -shards: stairway or full")
	modes := flag.String("modes", "estimate,timings", "how -shards balances, in turn: estimate (no --timings: the schema the static model sees), position (no --timings, no static model), timings (the unsharded run's)")
	out := flag.String("out", "", "with -shards: write each run's JSON output to this directory")
	flag.Parse()
	if *gen != "" {
		if err := generate(*gen, *n, false); err != nil {
			fmt.Fprintln(os.Stderr, "replay-bench:", err)
			os.Exit(1)
		}
		return
	}
	st, err := pickStack(*cellName, *python, *pythonpath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "replay-bench:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(st.tmp)
	if *shards > 0 {
		if err := runShards(*n, *shards, *plan, strings.Split(*modes, ","), *out, st); err != nil {
			fmt.Fprintln(os.Stderr, "replay-bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*n, *runs, *image, st); err != nil {
		fmt.Fprintln(os.Stderr, "replay-bench:", err)
		os.Exit(1)
	}
}

// stack is the interpreter and its environment.
type stack struct {
	name, python string
	env          []string
	tmp          string
}

func pickStack(cellName, python, pythonpath string) (stack, error) {
	tmp, err := os.MkdirTemp("", "retort-bench-py-")
	if err != nil {
		return stack{}, err
	}
	st := stack{tmp: tmp, python: python}
	switch {
	case cellName != "":
		c, ok := pydeps.Lookup(cellName)
		if !ok {
			var names []string
			for _, c := range pydeps.Matrix {
				names = append(names, c.Name)
			}
			return st, fmt.Errorf("no cell %q (cells: %s)", cellName, strings.Join(names, ", "))
		}
		root, _ := filepath.Abs(".")
		if st.python, st.env, err = c.Resolve(root, tmp); err != nil {
			return st, fmt.Errorf("cell %s: %v", c.Name, err)
		}
		st.name = c.Name
	case pythonpath != "":
		st.env = []string{"PYTHONPATH=" + pythonpath, "PYTHONDONTWRITEBYTECODE=1"}
	}
	return st, nil
}

func run(n, runs int, image string, st stack) error {
	ctx := context.Background()
	dir, interp, err := setup(ctx, n, st)
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	good, bad := filepath.Join(dir, "good"), filepath.Join(dir, "bad")
	py := pyStack{path: interp.Path, env: st.env}
	srv, err := (&replay.Local{}).Start(ctx)
	if err != nil {
		return err
	}
	defer srv.Stop(ctx)
	// a first replay names the stack and its driver (and warms the caches)
	res, err := replay.Run(ctx, replay.Config{Provider: &replay.URLServer{URL: srv.URL}, Python: py.path, PythonEnv: py.env, Project: proj(good), Plan: "full"})
	if err != nil {
		return err
	}
	if len(res.Diagnostics) > 0 {
		return fmt.Errorf("unexpected finding %v", res.Diagnostics[0])
	}
	py.driver = res.Summary.Driver
	if st.name != "" {
		fmt.Printf("cell %s\n", st.name)
	}
	fmt.Printf("synthetic project: %d revisions; %s; local cluster ready in %.2fs\n", n, report.Stack(res.Summary), srv.Start.Seconds())

	if seedOnly {
		return seededBench(ctx, srv, py, good, n, runs)
	}
	if err := compare(ctx, "local cluster", srv, py, good, runs); err != nil {
		return err
	}
	if err := seededBench(ctx, srv, py, good, n, runs); err != nil {
		return err
	}
	first := func(p replay.Provider, plan string) (float64, float64, error) {
		res, err := replay.Run(ctx, replay.Config{Provider: p, Python: py.path, PythonEnv: py.env, Project: proj(bad), Plan: replay.Plan(plan)})
		if err != nil {
			return 0, 0, err
		}
		if len(res.Diagnostics) == 0 {
			return 0, 0, fmt.Errorf("no finding on the broken project")
		}
		return res.Summary.DatabaseSeconds, res.Summary.FirstFindingSeconds, nil
	}
	db, ff, err := first(&replay.Local{}, "full")
	if err != nil {
		return err
	}
	fmt.Printf("--db local: cluster start %.2fs, first finding (revision %d fails) after %.2fs\n", db, n, ff)
	if image != "" {
		var starts []float64
		for i := 0; i < runs; i++ {
			db, ff, err = first(&replay.Container{Image: image}, "full")
			if err != nil {
				return err
			}
			starts = append(starts, db)
		}
		sort.Float64s(starts)
		csrv, err := (&replay.Container{Image: image}).Start(ctx)
		if err != nil {
			return err
		}
		defer csrv.Stop(ctx)
		if err := compare(ctx, "container "+image, csrv, py, good, runs); err != nil {
			return err
		}
		fmt.Printf("--db container (%s): container start %.2fs (median of %d), first finding after %.2fs\n", image, starts[len(starts)/2], runs, ff)
	}
	return nil
}

// pyStack is the interpreter, its environment and the driver retort picked
// (alembic by hand gets the same).
type pyStack struct {
	path, driver string
	env          []string
}

// compare times alembic by hand against retort's full and stairway plans
// on one server.
func compare(ctx context.Context, name string, srv *replay.Server, py pyStack, good string, runs int) error {
	byHandRun := func() (time.Duration, error) {
		sc, err := replay.CreateScratch(ctx, srv)
		if err != nil {
			return 0, err
		}
		defer sc.Drop(ctx)
		t0 := time.Now()
		for _, args := range [][]string{{"upgrade", "head"}, {"downgrade", "base"}, {"upgrade", "head"}} {
			cmd := exec.Command(py.path, append([]string{"-m", "alembic", "-c", filepath.Join(good, "alembic.ini")}, args...)...)
			cmd.Dir = good
			url := sc.PythonURL
			if py.driver != "" {
				url = strings.Replace(url, "postgresql://", "postgresql+"+py.driver+"://", 1)
			}
			cmd.Env = append(append(os.Environ(), py.env...), "DATABASE_URL="+url)
			if out, err := cmd.CombinedOutput(); err != nil {
				return 0, fmt.Errorf("alembic %v: %v\n%s", args, err, out)
			}
		}
		return time.Since(t0), nil
	}
	plan := func(project, plan string, p replay.Provider) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			t0 := time.Now()
			res, err := replay.Run(ctx, replay.Config{Provider: p, Python: py.path, PythonEnv: py.env, Project: proj(project), Plan: replay.Plan(plan)})
			if err != nil {
				return 0, err
			}
			if os.Getenv("BENCH_VERBOSE") != "" {
				var steps float64
				for _, st := range res.Steps {
					steps += st.Seconds
				}
				fmt.Printf("  %s: total %.2fs plan %.2fs snapshots %d in %.2fs, %d steps (migration code %.2fs)\n", plan, res.Summary.TotalSeconds, res.Summary.PlanSeconds, res.Summary.Snapshots, res.Summary.SnapshotSeconds, res.Summary.Steps, steps)
			}
			if len(res.Diagnostics) > 0 && project == good {
				return 0, fmt.Errorf("%s: unexpected finding %v", plan, res.Diagnostics[0])
			}
			return time.Since(t0), nil
		}
	}
	url := &replay.URLServer{URL: srv.URL}
	// interleaved, so that load from elsewhere hits all three alike
	ms := interleave(runs, byHandRun, plan(good, "full", url), plan(good, "stairway", url))
	for _, m := range ms {
		if m.err != nil {
			return m.err
		}
	}
	byHand, full, stair := ms[0], ms[1], ms[2]
	fmt.Printf("on the %s:\n", name)
	fmt.Printf("alembic by hand (3 processes):  %6.2fs\n", byHand.d.Seconds())
	fmt.Printf("retort replay --plan full:      %6.2fs  %.2fx by hand (target <= 1.2x)\n", full.d.Seconds(), full.d.Seconds()/byHand.d.Seconds())
	fmt.Printf("retort replay --plan stairway:  %6.2fs  %.2fx full (target <= 4x)\n", stair.d.Seconds(), stair.d.Seconds()/full.d.Seconds())

	return nil
}

// setup writes the synthetic project (dir/good) and a copy whose last
// revision fails (dir/bad), and finds the interpreter.
func setup(ctx context.Context, n int, st stack) (string, replay.Interpreter, error) {
	dir, err := os.MkdirTemp("", "retort-bench-")
	if err != nil {
		return "", replay.Interpreter{}, err
	}
	for _, broken := range []bool{false, true} {
		name := map[bool]string{false: "good", true: "bad"}[broken]
		if err := generate(filepath.Join(dir, name), n, broken); err != nil {
			os.RemoveAll(dir)
			return "", replay.Interpreter{}, err
		}
	}
	interp, err := replay.FindPython(ctx, st.python, "", st.env...)
	if err != nil {
		os.RemoveAll(dir)
	}
	return dir, interp, err
}

func proj(dir string) replay.Project {
	return replay.Project{Root: dir, Config: filepath.Join(dir, "alembic.ini"), ScriptDir: dir}
}

type measure struct {
	d   time.Duration
	err error
}

// interleave runs each function once per round, runs rounds, and returns
// the median of each.
func interleave(runs int, fs ...func() (time.Duration, error)) []measure {
	ds := make([][]time.Duration, len(fs))
	out := make([]measure, len(fs))
	for i := 0; i < runs; i++ {
		for j, f := range fs {
			d, err := f()
			if err != nil {
				out[j].err = err
				return out
			}
			ds[j] = append(ds[j], d)
		}
	}
	for j := range fs {
		sort.Slice(ds[j], func(a, b int) bool { return ds[j][a] < ds[j][b] })
		out[j].d = ds[j][len(ds[j])/2]
	}
	return out
}

const envPy = `import os
from alembic import context
from sqlalchemy import create_engine, pool

url = os.environ.get("DATABASE_URL") or context.config.get_main_option("sqlalchemy.url")
with create_engine(url, poolclass=pool.NullPool).connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
`

// generate writes a project of n revisions: every revision creates a table
// with an index and adds a column to its parent's table; every tenth one
// also creates an enum type. When broken, the last one fails.
func generate(dir string, n int, broken bool) error {
	if err := os.MkdirAll(filepath.Join(dir, "versions"), 0o755); err != nil {
		return err
	}
	ini := "[alembic]\nscript_location = .\nsqlalchemy.url = postgresql://nobody@/nothing\n"
	if err := os.WriteFile(filepath.Join(dir, "alembic.ini"), []byte(ini), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "env.py"), []byte(envPy), 0o644); err != nil {
		return err
	}
	parent := "None"
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("r%04d", i)
		var up, down []string // down holds the inverse of each up, in up's order
		up = append(up,
			fmt.Sprintf(`op.create_table("t%d", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(100), nullable=False), sa.Column("created", sa.DateTime(), server_default=sa.text("now()")))`, i),
			fmt.Sprintf(`op.create_index("ix_t%d_name", "t%d", ["name"])`, i, i))
		down = append(down, fmt.Sprintf(`op.drop_table("t%d")`, i), fmt.Sprintf(`op.drop_index("ix_t%d_name", table_name="t%d")`, i, i))
		if i > 1 {
			up = append(up, fmt.Sprintf(`op.add_column("t%d", sa.Column("next_id", sa.Integer(), sa.ForeignKey("t%d.id")))`, i-1, i))
			down = append(down, fmt.Sprintf(`op.drop_column("t%d", "next_id")`, i-1))
		}
		if i%10 == 0 {
			up = append(up, fmt.Sprintf(`op.execute("CREATE TYPE e%d AS ENUM ('a', 'b')")`, i))
			down = append(down, fmt.Sprintf(`op.execute("DROP TYPE e%d")`, i))
		}
		if broken && i == n {
			up = append(up, `op.execute("ALTER TABLE nope ADD COLUMN x int")`)
		}
		src := fmt.Sprintf("\"\"\"revision %d\n\nRevision ID: %s\nRevises: %s\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = %q\ndown_revision = %s\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    %s\n\n\ndef downgrade():\n    %s\n",
			i, id, strings.Trim(parent, `"`), id, parent, strings.Join(up, "\n    "), strings.Join(reverse(down), "\n    "))
		if err := os.WriteFile(filepath.Join(dir, "versions", id+".py"), []byte(src), 0o644); err != nil {
			return err
		}
		parent = fmt.Sprintf("%q", id)
	}
	return nil
}

func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[len(s)-1-i] = x
	}
	return out
}
