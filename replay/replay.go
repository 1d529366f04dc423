// Package replay runs a project's real Alembic upgrade and downgrade chain
// against a disposable PostgreSQL and proves that the schema round-trips.
//
// A Provider gives a server (a container, a throwaway local cluster, or an
// existing server by URL); retort creates a scratch database there, starts
// one long-lived Python driver (driver.py, embedded) that calls
// alembic.command, snapshots the schema from pg_catalog between steps and
// reports what goes wrong as lint.Diagnostics.
package replay

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/retortdev/retort/lint"
)

// Project says where the Alembic project is.
type Project struct {
	Root        string   // working directory for Alembic (directory of alembic.ini)
	Config      string   // alembic.ini or pyproject.toml; "" when none
	ScriptDir   string   // directory holding env.py
	VersionDirs []string // used when Config is not an alembic.ini
}

// abs makes every path absolute: Alembic runs in Root, not in our cwd.
func (p Project) abs() Project {
	a := func(s string) string {
		if s == "" {
			return s
		}
		if x, err := filepath.Abs(s); err == nil {
			return x
		}
		return s
	}
	q := Project{Root: a(p.Root), Config: a(p.Config), ScriptDir: a(p.ScriptDir)}
	for _, d := range p.VersionDirs {
		q.VersionDirs = append(q.VersionDirs, a(d))
	}
	if q.Root == "" {
		q.Root = q.ScriptDir
	}
	return q
}

// Config is one replay.
type Config struct {
	Provider    Provider
	Python      string   // interpreter; found with FindPython when empty
	PythonEnv   []string // extra environment for it (PYTHONPATH=...)
	Project     Project
	URLEnv      string // default DATABASE_URL
	Plan        Plan   // "" for PlanFull
	Base        []string
	StepTimeout time.Duration
	Progress    func(Event) // told of each step as it ends; nil for none
	// CallAt, when set, maps a traceback line in a revision file to the
	// start of the op.* call spanning it (line and column).
	CallAt func(path string, line int) (int, int, bool)
	// DriftBaseline is the file of accepted model drift ("" for none); a
	// missing file is written with today's drift, or, with CI, reported.
	DriftBaseline string
	// SkipModelDrift: the configuration turns model-drift off, so the
	// models are not built at all. CI: running in CI (GITHUB_ACTIONS or CI).
	SkipModelDrift, CI bool

	// Seed fills empty tables before each revision under test (seed.go).
	Seed Seed

	// Window bounds the full and stairway plans and shards them.
	Window Window
}

// Step is one revision applied or reverted.
type Step struct {
	Phase     string  `json:"phase"`
	Action    string  `json:"action"`
	Revision  string  `json:"revision"`
	Seconds   float64 `json:"seconds"`
	OK        bool    `json:"ok"`
	Error     string  `json:"error,omitempty"`
	Traceback string  `json:"traceback,omitempty"`
	StepTrace
}

// Summary is the overview of one replay.
type Summary struct {
	Plan     string      `json:"plan"`
	Provider string      `json:"provider"`
	Python   Interpreter `json:"python"`
	Libraries
	Revisions           int          `json:"revisions"`
	Replayed            int          `json:"replayed"`
	Steps               int          `json:"steps"`
	Snapshots           int          `json:"snapshots"`
	SnapshotSeconds     float64      `json:"snapshot_seconds"`
	DatabaseSeconds     float64      `json:"database_start_seconds"`
	PlanSeconds         float64      `json:"plan_seconds"`
	TotalSeconds        float64      `json:"total_seconds"`
	FirstFindingSeconds float64      `json:"first_finding_seconds,omitempty"`
	Completed           bool         `json:"completed"`
	Seed                *SeedSummary `json:"seed,omitempty"`
	// Notes are what the summary tells beside the findings (report words
	// them); Note is those words, in the JSON report writes and reads.
	Notes []Note `json:"-"`
	Note  string `json:"note,omitempty"`
	Bounds
}

// Result is what a replay found.
type Result struct {
	Diagnostics []lint.Diagnostic `json:"diagnostics"`
	Summary     Summary           `json:"summary"`
	Steps       []Step            `json:"steps"`
}

// Run starts the database and the driver, runs the plan and cleans up,
// whatever happens (the caller cancels ctx on SIGINT/SIGTERM). The error is
// for the tool failing (exit 3); findings are in the Result.
func Run(ctx context.Context, c Config) (res *Result, err error) {
	t0 := time.Now()
	res = &Result{Diagnostics: []lint.Diagnostic{}, Steps: []Step{}}
	plan, err := ParsePlan(string(c.Plan))
	if plan == "" {
		plan = PlanFull
	}
	res.Summary.Plan = string(plan)
	defer func() { res.Summary.TotalSeconds = time.Since(t0).Seconds() }()
	res.Summary.Bounds = c.Window.bounds()
	if err != nil {
		return res, err
	}
	c.Project = c.Project.abs()
	py, err := FindPython(ctx, c.Python, c.Project.Root, c.PythonEnv...)
	if err != nil {
		return res, err
	}
	res.Summary.Python = py
	urlEnv := c.URLEnv
	if urlEnv == "" {
		urlEnv = "DATABASE_URL"
	}

	srv, err := c.Provider.Start(ctx)
	if err != nil {
		return res, err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if serr := srv.Stop(sctx); serr != nil && err == nil {
			err = &ProviderError{srv.Kind, fmt.Errorf("cleanup: %w", serr)}
		}
	}()
	res.Summary.Provider = srv.Kind
	if srv.Fallback != "" {
		res.Summary.Notes = append(res.Summary.Notes, Note{Kind: NoteLocalFallback, Err: srv.Fallback})
	}
	res.Summary.DatabaseSeconds = srv.Start.Seconds()

	r := newRunner(ctx, c, res, srv)
	r.t0 = t0
	if r.db, err = srv.open(ctx); err != nil {
		return res, err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if derr := r.db.drop(sctx); derr != nil && err == nil {
			err = derr
		}
	}()
	pyEnv := traceEnv(plan, c.PythonEnv)
	d, err := StartDriver(ctx, DriverConfig{
		Python: py.Path, Dir: c.Project.Root, Config: c.Project.Config, ScriptLocation: c.Project.ScriptDir,
		VersionLocations: c.Project.VersionDirs, URL: r.db.pythonURL(), URLEnv: c.URLEnv, Database: r.db.name(),
		Timeout: c.StepTimeout, EnvURLScheme: urlScheme(os.Getenv(urlEnv)), Env: pyEnv,
	})
	if err != nil {
		var de *DriverError
		if errors.As(err, &de) {
			r.stack(de.Info)
		}
		if errors.As(err, &de) && de.Stage == "probe" && de.Err != nil {
			r.envFailed(de)
			return res, nil
		}
		if errors.As(err, &de) && de.Stage == "init" && de.Err != nil && r.importFailed(de) {
			return res, nil
		}
		return res, err
	}
	defer d.Close()
	d.OnStep = r.onStep
	r.d = d
	r.stack(d.Info)
	return res, r.plan(plan, d.Info.Revisions)
}

// newRunner is a runner of c that adds to res and makes its scratch
// databases with dbs.
func newRunner(ctx context.Context, c Config, res *Result, dbs databases) *runner {
	return &runner{ctx: ctx, c: c, res: res, dbs: dbs, t0: time.Now(), progress: c.Progress, reported: map[string]bool{}, texts: map[string][]string{}}
}

// plan runs the plan over the revisions, the driver and the scratch
// database in place.
func (r *runner) plan(plan Plan, revs []DriverRev) error {
	c, res := r.c, r.res
	r.index(revs)
	res.Summary.Revisions = len(r.order)
	if c.Seed.Rows > 0 {
		res.Summary.Seed = &SeedSummary{}
		r.seeder = newSeeder(c.Seed, res.Summary.Seed)
	}
	if !plan.Windowed() && c.Window.given() {
		return fmt.Errorf("--shard, --from and --to go with the full and stairway plans")
	}
	if err := r.bound(c.Window); err != nil {
		return err
	}

	tp := time.Now()
	var err error
	switch plan {
	case PlanFull:
		err = r.full()
	case PlanStairway:
		err = r.stairwayPlan()
	case PlanChanged:
		err = r.changed(c.Base)
	}
	if err == nil && r.w.top {
		err = r.driftCheck() // the database is at the heads
	}
	res.Summary.PlanSeconds = time.Since(tp).Seconds()
	r.seedNote()
	if errors.Is(err, errStop) {
		err = nil
	} else if err == nil {
		res.Summary.Completed = true
	}
	return err
}

// stack records (and tells) what runs the replay, as the driver said.
func (r *runner) stack(info DriverInfo) {
	s := &r.res.Summary
	s.Libraries = info.Libraries
	if info.Python != "" {
		s.Python.Version = info.Python
	}
	r.envPy = info.EnvPy
	if r.progress != nil && info.Alembic != "" {
		r.progress(Started{Summary: *s})
	}
}

// urlScheme is the scheme of a URL ("postgresql+psycopg"), "" when none:
// all the driver is told of the project's own URL.
func urlScheme(u string) string {
	if i := strings.Index(u, "://"); i > 0 && !strings.ContainsAny(u[:i], "/@:") {
		return u[:i]
	}
	return ""
}

// errStop ends a plan early after a finding that leaves the database in an
// unknown state; it is not a failure of the tool.
var errStop = errors.New("plan stopped")

type runner struct {
	ctx      context.Context
	c        Config
	d        alembic
	dbs      databases // where reset and model drift make scratch databases
	db       database  // the scratch database the replay runs in
	envPy    string    // env.py's path, as the driver said
	res      *Result
	t0       time.Time
	progress func(Event)

	revs  map[string]*DriverRev
	order []string // parents before children
	w     window   // what this run replays (shard.go)
	tick  tick     // the stairway revision being timed
	kids  map[string][]string
	pos   map[string]int

	phase    string
	done     int
	total    int
	lastErr  map[string]*PyError // revision -> error of its last failed step
	reported map[string]bool
	texts    map[string][]string
	baseSnap Snapshot // the changed plan's schema at the base, for model drift

	seeder *seeder // nil when the replay does not seed
}

func (r *runner) index(revs []DriverRev) {
	r.revs = map[string]*DriverRev{}
	r.kids = map[string][]string{}
	r.pos = map[string]int{}
	for i := range revs {
		rv := &revs[i]
		r.revs[rv.ID] = rv
		r.pos[rv.ID] = i
	}
	indeg := map[string]int{}
	for _, rv := range revs {
		for _, p := range rv.Parents {
			if _, ok := r.revs[p]; ok {
				r.kids[p] = append(r.kids[p], rv.ID)
				indeg[rv.ID]++
			}
		}
	}
	var ready []string
	for _, rv := range revs {
		if indeg[rv.ID] == 0 {
			ready = append(ready, rv.ID)
		}
	}
	for len(ready) > 0 {
		sort.Slice(ready, func(i, j int) bool { return r.pos[ready[i]] < r.pos[ready[j]] })
		id := ready[0]
		ready = ready[1:]
		r.order = append(r.order, id)
		for _, k := range r.kids[id] {
			if indeg[k]--; indeg[k] == 0 {
				ready = append(ready, k)
			}
		}
	}
}

func (r *runner) onStep(e StepEvent) {
	r.done++
	st := Step{Phase: r.phase, Action: e.Action, Revision: e.Revision, Seconds: e.Seconds, OK: e.OK}
	if e.Error != nil {
		st.Error = e.Error.Message
		st.Traceback = e.Error.Traceback
		if r.lastErr == nil {
			r.lastErr = map[string]*PyError{}
		}
		r.lastErr[e.Revision] = e.Error
	}
	r.trace(&st, e.Trace)
	r.res.Steps = append(r.res.Steps, st)
	r.res.Summary.Steps++
	if r.progress != nil {
		doc := ""
		if rv := r.revs[e.Revision]; rv != nil {
			doc = rv.Doc
		}
		r.progress(StepDone{Done: r.done, Total: max(r.total, r.done), Action: e.Action, Revision: e.Revision, Doc: doc, Seconds: e.Seconds, OK: e.OK})
	}
}

// outcome of one driver command.
type outcome struct {
	ok       bool
	failed   string   // revision whose step failed, "" when none or outside a step
	err      *PyError // the error
	timedOut string   // revision running when the step timed out
}

// run runs one migration command (opUpgrade, opDowngrade or
// opDowngradeOne) to arg.
func (r *runner) run(phase string, op op, arg string) (outcome, error) {
	r.phase = phase
	var m Reply
	var err error
	switch op {
	case opUpgrade:
		m, err = r.d.Upgrade(r.ctx, arg)
	case opDowngrade:
		m, err = r.d.Downgrade(r.ctx, arg)
	case opDowngradeOne:
		m, err = r.d.DowngradeOne(r.ctx, arg)
	default:
		return outcome{}, fmt.Errorf("replay: %s is no migration command", op)
	}
	if errors.Is(err, ErrTimeout) {
		rev := r.d.Running()
		if rev == "" {
			rev = arg
		}
		action := op.action()
		r.report(RuleReplayTimeout, lint.Error, rev, &PyError{Frames: r.d.TimeoutStack()}, action,
			fmt.Sprintf("%s of %q did not finish within %s", action, rev, r.c.StepTimeout),
			"look for a lock wait or a long data migration; split it or raise --step-timeout")
		return outcome{timedOut: rev}, errStop
	}
	if err != nil {
		return outcome{}, err
	}
	o := outcome{ok: m.OK, failed: m.Revision, err: m.Error}
	if !m.OK && m.Revision != "" && r.lastErr[m.Revision] != nil {
		o.err = r.lastErr[m.Revision]
	}
	if !m.OK && o.err == nil {
		o.err = &PyError{Message: "failed without an error"}
	}
	return o, nil
}

func (r *runner) snapshot() (Snapshot, error) {
	r.res.Summary.Snapshots++
	t0 := time.Now()
	vt, vs := r.d.VersionTable()
	s, err := r.db.snapshot(r.ctx, vt, vs)
	r.res.Summary.SnapshotSeconds += time.Since(t0).Seconds()
	if err != nil && r.ctx.Err() != nil {
		return nil, r.ctx.Err()
	}
	return s, err
}

// full: upgrade heads, snapshot, downgrade base, require an empty schema,
// upgrade heads again, require the first snapshot. Bounded or sharded
// (shard.go), it goes to the start of its slice first, upgrades over the
// slice, downgrades back to the start and requires the schema there; its
// findings read as the unbounded plan's, so that shards merge into them.
func (r *runner) full() error {
	n := len(r.w.slice)
	r.total = 3 * n
	if _, err := r.jump(nil); err != nil {
		return err
	}
	var low Snapshot // the schema the downgrade must give back: empty at base
	if len(r.w.before) > 0 {
		var err error
		if low, err = r.snapshot(); err != nil {
			return err
		}
	}
	var o outcome
	var err error
	if r.seeder != nil {
		o, err = r.upgradeHeads()
	} else {
		o, err = r.upgradeAll("upgrade")
	}
	if err != nil {
		return err
	}
	if !o.ok {
		r.failure(RuleUpgradeFailed, lint.Error, "upgrade", o, "")
		return errStop
	}
	r.res.Summary.Replayed = n
	head, err := r.snapshot()
	if err != nil {
		return err
	}
	target := r.w.down
	if target == "" {
		stopped, o, err := r.downgradeSlice()
		if err != nil {
			return err
		}
		if !o.ok {
			r.failure(RuleDowngradeFailed, lint.Error, "downgrade", o, "")
			return errStop
		}
		target = stopped
	} else {
		for i := 0; i <= n; i++ {
			o, err = r.run("downgrade", opDowngrade, target)
			if err != nil {
				return err
			}
			if o.ok {
				break
			}
			if o.err.NotImplemented && o.failed != "" && o.failed != target {
				r.notImplemented(o)
				r.total -= len(r.ancestors(o.failed))
				target = o.failed // revert what lies above it, and check that
				continue
			}
			r.failure(RuleDowngradeFailed, lint.Error, "downgrade", o, "")
			return errStop
		}
		if !o.ok {
			return errStop
		}
		if target == r.w.down {
			target = ""
		}
	}
	notInverse := map[string]bool{}
	if target == "" {
		base, err := r.snapshot()
		if err != nil {
			return err
		}
		for _, ch := range Diff(low, base) {
			rev := r.owner(ch)
			notInverse[rev] = true
			r.change(RuleDowngradeNotInverse, rev, "downgrade", ch, "after downgrade to "+r.w.low)
		}
	}
	where := fmt.Sprintf("after downgrade to %s and upgrade to %s", r.w.low, r.w.high)
	if target != "" {
		where = fmt.Sprintf("after downgrade to %q and upgrade to %s", target, r.w.high)
	}
	o, err = r.upgradeAll("upgrade again")
	if err != nil {
		return err
	}
	if !o.ok {
		if !notInverse[o.failed] {
			r.failure(RuleRoundtripDrift, lint.Error, "upgrade", o, where)
		}
		return errStop
	}
	again, err := r.snapshot()
	if err != nil {
		return err
	}
	for _, ch := range Diff(head, again) {
		rev := r.owner(ch)
		if notInverse[rev] {
			continue
		}
		r.change(RuleRoundtripDrift, rev, "downgrade", ch, where)
	}
	return nil
}

// stairway: for each revision in order, upgrade to it, snapshot, downgrade
// to its parents, require the parents' snapshot, upgrade to it again. A
// revision whose upgrade fails takes its descendants out of the plan.
func (r *runner) stairway(ids []string, phase string, applied []string) error {
	r.total += 3 * len(ids)
	skip := map[string]bool{}
	before, err := r.snapshot()
	if err != nil {
		return err
	}
	defer r.clock("") // each revision's time, for --timings (shard.go)
	for i, id := range ids {
		r.clock(id)
		rv := r.revs[id]
		if skip[id] {
			r.total -= 3
			r.skipDescendants(id, skip)
			continue
		}
		r.res.Summary.Replayed++
		o, err := r.upgradeSeeded(phase, id, before, applied)
		if err != nil {
			return err
		}
		if !o.ok {
			r.failure(RuleUpgradeFailed, lint.Error, "upgrade", o, "")
			r.total -= 2
			r.skipDescendants(id, skip)
			if before, err = r.snapshot(); err != nil {
				return err
			}
			continue
		}
		after, err := r.snapshot()
		if err != nil {
			return err
		}
		o, err = r.retryUnseeded(phase, opDowngradeOne, id)
		if err != nil {
			return err
		}
		if !o.ok {
			if o.err.NotImplemented {
				r.notImplemented(o)
			} else {
				r.failure(RuleDowngradeFailed, lint.Error, "downgrade", o, "")
			}
			r.total--
			applied = append(applied, id)
			if before, err = r.snapshot(); err != nil { // normally "after": the step was rolled back
				return err
			}
			continue
		}
		down, err := r.snapshot()
		if err != nil {
			return err
		}
		where := "after downgrade to " + parentsText(rv.Parents)
		changes := Diff(before, down)
		for _, ch := range changes {
			r.change(RuleDowngradeNotInverse, id, "downgrade", ch, where)
		}
		o, err = r.retryUnseeded(phase, opUpgrade, id)
		if err != nil {
			return err
		}
		if !o.ok {
			if len(changes) == 0 {
				r.failure(RuleRoundtripDrift, lint.Error, "upgrade", o, fmt.Sprintf("after downgrade to %s", parentsText(rv.Parents)))
			}
			// What the downgrade left behind blocks this revision: go on
			// in a fresh database with everything so far applied.
			applied = append(applied, id)
			if i == len(ids)-1 {
				break // nothing left to replay
			}
			if err := r.reset(applied); err != nil {
				return err
			}
			if before, err = r.snapshot(); err != nil {
				return err
			}
			continue
		}
		applied = append(applied, id)
		if len(changes) == 0 {
			// The downgrade restored the schema exactly, so upgrading
			// again replays the same DDL on the same schema: its result
			// is "after" (the full plan checks round trips as a whole).
			// This saves a third snapshot per revision.
			before = after
			continue
		}
		if before, err = r.snapshot(); err != nil {
			return err
		}
	}
	return nil
}

// reset moves the replay to a fresh scratch database and upgrades it to
// the revisions applied so far (their heads, in order).
func (r *runner) reset(applied []string) error {
	db, err := r.dbs.open(r.ctx)
	if err != nil {
		return err
	}
	old := r.db
	r.db = db
	if r.seeder != nil {
		r.seeder.forget()
	}
	if err := r.d.Switch(r.ctx, db.pythonURL(), db.name()); err != nil {
		_ = old.drop(r.ctx)
		return err
	}
	if err := old.drop(r.ctx); err != nil {
		return err
	}
	for _, id := range r.headsOf(applied) {
		o, err := r.run("reset", opUpgrade, id)
		if err != nil {
			return err
		}
		if !o.ok {
			return errStop // it worked before; the finding already stands
		}
	}
	return nil
}

func (r *runner) skipDescendants(id string, skip map[string]bool) {
	for _, k := range r.kids[id] {
		skip[k] = true
	}
}

// changed: upgrade to the base branch's revisions, then stairway over the
// revisions the change adds.
func (r *runner) changed(base []string) error {
	in := r.ancestors(base...) // a base revision's ancestors are base too
	var applied, added []string
	for _, id := range r.order {
		if in[id] {
			applied = append(applied, id)
		} else {
			added = append(added, id)
		}
	}
	r.total = len(in)
	for _, h := range r.headsOf(applied) {
		o, err := r.run("base", opUpgrade, h)
		if err != nil {
			return err
		}
		if !o.ok {
			r.failure(RuleUpgradeFailed, lint.Error, "upgrade", o, "")
			return errStop
		}
	}
	r.res.Summary.Replayed = len(in)
	r.baseSnap = r.driftBaseSnapshot()
	return r.stairway(added, "stairway", applied)
}

func parentsText(ps []string) string {
	if len(ps) == 0 {
		return "base"
	}
	q := make([]string, len(ps))
	for i, p := range ps {
		q[i] = fmt.Sprintf("%q", p)
	}
	return strings.Join(q, " and ")
}
