package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	tclog "github.com/testcontainers/testcontainers-go/log"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/report"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

// replayFlags are the flags of `retort replay` (and of the replay part of
// `retort check`).
type replayFlags struct {
	db          string
	image       string
	databaseURL string
	python      string
	urlEnv      string
	plan        string
	base        string
	stepTimeout time.Duration
	progress    string
	drift       string
	seedRows    seedRows
	shard       string
	timings     string
	from, to    string
}

// seedRows is --seed-rows: unset means 3 for the changed and stairway
// plans and 0 (no seeding) for full.
type seedRows struct {
	n   int
	set bool
}

func (s *seedRows) String() string {
	if s == nil || !s.set {
		return ""
	}
	return strconv.Itoa(s.n)
}

func (s *seedRows) Set(v string) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return fmt.Errorf("want a number of rows, 0 or more")
	}
	s.n, s.set = n, true
	return nil
}

// rows per table for the plan.
func (s seedRows) rows(plan replay.Plan) int {
	switch {
	case s.set:
		return s.n
	case plan == replay.PlanFull:
		return 0
	}
	return 3
}

func (rf *replayFlags) register(fs *flag.FlagSet, withPlan bool) {
	fs.StringVar(&rf.db, "db", "auto", "database to replay into: auto, container, local or url")
	fs.StringVar(&rf.image, "postgres-image", "", "image for --db container (default postgres:<postgres-version from config, else 17>)")
	fs.StringVar(&rf.databaseURL, "database-url", "", "server for --db url; retort creates a scratch database there and drops it (default $RETORT_DATABASE_URL)")
	fs.StringVar(&rf.python, "python", "", "interpreter that can import the project's alembic (default: $VIRTUAL_ENV, .venv or venv in the project or the repository root, the poetry/uv/pipenv/pdm/hatch environment, else a python3 on PATH that has alembic)")
	fs.StringVar(&rf.urlEnv, "url-env", "DATABASE_URL", "environment variable that also receives the scratch database URL, for env.py files that read it")
	if withPlan {
		fs.StringVar(&rf.plan, "plan", "", "full, stairway or changed (default: changed with --base or in a pull request, else full)")
	}
	fs.StringVar(&rf.base, "base", "", "git ref of the base branch for the changed plan (default origin/$GITHUB_BASE_REF in a pull request)")
	fs.DurationVar(&rf.stepTimeout, "step-timeout", 5*time.Minute, "longest one revision step may run (0: no limit)")
	fs.StringVar(&rf.drift, "drift-baseline", "", "file of accepted model drift: only drift not in it is reported (written when missing)")
	fs.Var(&rf.seedRows, "seed-rows", "insert `N` rows into every empty table before each revision under test, to catch upgrades that fail on data; 0: none (default 3 for the changed and stairway plans, 0 for full)")
	fs.StringVar(&rf.progress, "progress", "auto", "one line per step on stderr: auto (when stderr is a terminal), always or never")
	fs.StringVar(&rf.shard, "shard", "", "replay only shard `i/n` of the revisions (full and stairway plans); merge the shards' JSON with retort report")
	fs.StringVar(&rf.timings, "timings", "", "JSON `FILE` of an earlier replay: balance the shards by its measured times instead of by an estimate")
	fs.StringVar(&rf.from, "from", "", "floor `REV`: start with it applied, replay only the revisions after it, downgrade no further (a squashed baseline can be one)")
	fs.StringVar(&rf.to, "to", "", "ceiling `REV`: replay only it and its ancestors")
}

func runReplay(e *Env, args []string) int {
	fs := newFlags(e, "replay", "[PATH]")
	var pf projectFlags
	pf.register(fs, formatNames())
	var rf replayFlags
	rf.register(fs, true)
	pos, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	if err := checkFormat(pf.format); err != nil {
		return errorf(e, ExitUsage, "replay: %v", err)
	}
	var ahead gitAhead
	defer ahead.stop()
	// headers: the replay reads the calls of the few files it looks a
	// line up in (loaded.callAt), a shard estimate the operations of all
	// (migration.ProjectObjects); neither keeps a syntax tree
	l, code := loadAhead(e, first(pos), &pf, &ahead, rf.base, revision.LoadHeadersWith, revision.LoadOptions{})
	if l == nil {
		return code
	}
	res, code := doReplay(e, l, &rf, rf.plan, nil)
	if res == nil || (code != 0 && res.Summary.Provider == "" && len(res.Diagnostics) == 0) {
		return code // nothing ran; the reason is on stderr
	}
	if err := writeReplay(e, pf.format, l, res, nil, nil, false); err != nil {
		return errorf(e, ExitFailure, "writing output: %v", err)
	}
	if code != 0 {
		return code
	}
	if lint.Fails(res.Diagnostics, l.threshold) {
		return ExitFindings
	}
	return ExitOK
}

// runCheck is lint, then replay: what the Action runs.
func runCheck(e *Env, args []string) int {
	fs := newFlags(e, "check", "[PATH]")
	var pf projectFlags
	pf.register(fs, formatNames())
	var rf replayFlags
	rf.register(fs, false)
	var hf historyFlags
	hf.registerScope(fs) // --base is shared with replay's changed plan
	var mode string
	fs.StringVar(&mode, "replay", "", "replay after lint: none, changed, full or stairway (default: changed with --base or in a pull request, else full)")
	pos, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	if err := checkFormat(pf.format); err != nil {
		return errorf(e, ExitUsage, "check: %v", err)
	}
	if _, err := replay.ParsePlan(mode); err != nil && mode != "none" {
		return errorf(e, ExitUsage, "check: unknown --replay %q (want none, changed, full or stairway)", mode)
	}
	// lint's load: the lint part costs what lint costs, and the replay
	// parses in full only the files it looks calls up in (loaded.callAt)
	hf.base = rf.base
	var ahead gitAhead
	defer ahead.stop()
	l, code := loadLinting(e, first(pos), &pf, &hf, &ahead)
	if l == nil {
		return code
	}
	opts, lintDiags, code := lintProject(e, l, hf.base, &hf)
	if code != 0 {
		return code
	}
	if mode == "" && l.dialect.Name != revision.Postgres {
		fmt.Fprintf(e.Stderr, "retort: %s; the replay is skipped\n", notPostgres(l))
		mode = "none"
	}
	var res *replay.Result
	code = 0
	if mode != "none" {
		res, code = doReplay(e, l, &rf, mode, opts.History)
		if res == nil && code == ExitUsage {
			return code
		}
	}
	if res == nil {
		res = &replay.Result{Diagnostics: []lint.Diagnostic{}, Steps: []replay.Step{}}
	}
	// the trace: lint of the executed SQL, and static rewrites checked
	res.Diagnostics = append(res.Diagnostics, executedFindings(l, &opts, res, lintDiags)...)
	lint.Sort(res.Diagnostics)
	agree(l, lintDiags, res)
	if err := writeReplay(e, pf.format, l, res, lintDiags, &opts, hf.all); err != nil {
		return errorf(e, ExitFailure, "writing output: %v", err)
	}
	if code != 0 {
		return code
	}
	if lint.Fails(lintDiags, l.threshold) || lint.Fails(res.Diagnostics, l.threshold) {
		return ExitFindings
	}
	return ExitOK
}

// notPostgres says that the project targets another database than
// PostgreSQL, the only one replay runs on.
func notPostgres(l *loaded) string {
	return fmt.Sprintf("the project targets %s (from %s), and replay runs migrations on PostgreSQL only", l.dialect.Name, l.dialect.From)
}

// doReplay runs the replay. It returns a nil result with the exit code
// when nothing could be replayed and that was already said, or a result
// and a non-zero code when the tool failed halfway.
// provider is the database --db names (--postgres-image, the URL).
func (rf *replayFlags) provider(l *loaded, dbURL string) (replay.Provider, error) {
	image := rf.image
	if image == "" {
		image = fmt.Sprintf("postgres:%d", l.cfg.PG())
	}
	switch rf.db {
	case "auto":
		return &replay.Auto{Image: image}, nil
	case "container":
		return &replay.Container{Image: image}, nil
	case "local":
		return &replay.Local{}, nil
	case "url":
		if dbURL == "" {
			return nil, fmt.Errorf("--db url needs --database-url (or $RETORT_DATABASE_URL)")
		}
		return &replay.URLServer{URL: dbURL}, nil
	}
	return nil, fmt.Errorf("unknown --db %q (want auto, container, local or url)", rf.db)
}

// progressTo is where --progress sends the progress lines: nil for none.
func (rf *replayFlags) progressTo(e *Env) (io.Writer, error) {
	switch rf.progress {
	case "always":
		return e.Stderr, nil
	case "auto", "":
		if e.Interactive {
			return e.Stderr, nil
		}
		return nil, nil
	case "never":
		return nil, nil
	}
	return nil, fmt.Errorf("unknown --progress %q (want auto, always or never)", rf.progress)
}

func doReplay(e *Env, l *loaded, rf *replayFlags, planName string, hist *history.History) (*replay.Result, int) {
	if l.dialect.Name != revision.Postgres {
		return nil, errorf(e, ExitUsage, "replay: %s; if production runs PostgreSQL, set dialect = \"postgresql\" in retort.toml or [tool.retort]; else leave the replay out (retort lint, or retort check --replay none)", notPostgres(l))
	}
	getenv := e.getenv
	base := rf.base
	if base == "" {
		base = history.PullRequestBase(getenv)
	}
	plan, err := replay.ParsePlan(planName)
	if err != nil {
		return nil, errorf(e, ExitUsage, "replay: %v", err)
	}
	if plan == "" {
		plan = replay.PlanFull
		if base != "" {
			plan = replay.PlanChanged
		}
	}
	var baseIDs []string
	if plan == replay.PlanChanged {
		if base == "" {
			return nil, errorf(e, ExitUsage, "replay: the changed plan needs --base REF (or GITHUB_BASE_REF)")
		}
		if hist == nil { // check passes the history it already read
			h, err := history.Load(l.proj, history.Options{Base: base, Getenv: getenv, Log: e.Stderr, Ahead: l.ahead})
			if err != nil {
				return nil, errorf(e, ExitUsage, "replay: %v", err)
			}
			hist = h
		}
		var err error
		if baseIDs, err = baseRevisions(hist, base); err != nil {
			return nil, errorf(e, ExitUsage, "replay: --base %s: %v", base, err)
		}
	}
	win, err := rf.window(l, plan)
	if err != nil {
		return nil, errorf(e, ExitUsage, "replay: %v", err)
	}
	if l.proj.ScriptDir == "" {
		return nil, errorf(e, ExitUsage, "replay: no env.py found for %s; replay needs the script directory (pass alembic.ini or the directory holding env.py)", l.proj.Root)
	}
	dbURL := rf.databaseURL
	if dbURL == "" {
		dbURL = getenv("RETORT_DATABASE_URL")
	}
	provider, err := rf.provider(l, dbURL)
	if err != nil {
		return nil, errorf(e, ExitUsage, "replay: %v", err)
	}
	progress, err := rf.progressTo(e)
	if err != nil {
		return nil, errorf(e, ExitUsage, "replay: %v", err)
	}

	tclog.SetDefault(tclog.NewNoopLogger()) // testcontainers' chatter is not ours to print
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills retort at once
	}()

	cfg := replay.Config{
		Provider: provider,
		Python:   rf.python,
		Project: replay.Project{Root: l.proj.Root, Config: l.proj.Config, ScriptDir: l.proj.ScriptDir,
			VersionDirs: l.proj.VersionDirs},
		URLEnv:      rf.urlEnv,
		Plan:        plan,
		Base:        baseIDs,
		StepTimeout: rf.stepTimeout,
		Progress:    report.Progress(progress),
		CallAt:      l.callAt(),
	}
	cfg.DriftBaseline = rf.drift
	cfg.SkipModelDrift, cfg.CI = l.cfg != nil && !l.cfg.Enabled(rules.ModelDrift), inActions(e) || e.getenv("CI") == "true"

	cfg.Seed = replay.Seed{Rows: rf.seedRows.rows(plan), Skip: l.cfg.SeedSkip}
	if l.cfg.SeedSQL != "" && cfg.Seed.Rows > 0 {
		cfg.Seed.SQL = l.cfg.SeedSQL
		if !filepath.IsAbs(cfg.Seed.SQL) && l.cfg.Path != "" {
			cfg.Seed.SQL = filepath.Join(filepath.Dir(l.cfg.Path), cfg.Seed.SQL)
		}
		if _, err := os.Stat(cfg.Seed.SQL); err != nil {
			return nil, errorf(e, ExitUsage, "replay: seed-sql in %s: %v", l.cfg.Path, err)
		}
	}
	cfg.Window = win
	endGroup := githubReplayStart(e, string(plan), dbURL)
	res, err := replay.Run(ctx, cfg)
	endGroup()
	if res != nil {
		if note := report.ReplayNote(res.Summary); note != "" {
			fmt.Fprintf(e.Stderr, "retort: note: %s\n", note)
		}
		res.Diagnostics = lint.Finish(l.cfg, l.suppressions(), onProjectFiles(l.filesByAbsPath(), res.Diagnostics))
	}
	if err != nil {
		if ctx.Err() != nil {
			errorf(e, ExitFailure, "replay interrupted; the database and the alembic process were removed")
			return res, ExitFailure
		}
		var de *replay.DriverError
		if errors.As(err, &de) {
			msg := err.Error()
			if de.Err != nil && de.Err.Traceback != "" {
				msg += "\n" + strings.TrimRight(de.Err.Traceback, "\n")
			} else if de.Stderr != "" {
				msg += "\n" + strings.TrimRight(de.Stderr, "\n")
			}
			errorf(e, ExitFailure, "replay: %s", msg)
			return res, ExitFailure
		}
		errorf(e, ExitFailure, "replay: %v", err)
		return res, ExitFailure
	}
	return res, 0
}

// writeReplay prints the findings (lint's first, for check) and the replay
// summary; json adds the replay summary and the steps to lint's shape.
func writeReplay(e *Env, format string, l *loaded, res *replay.Result, lintDiags []lint.Diagnostic, opts *lint.Options, all bool) error {
	rr := lintResult(l, opts, all, append(append([]lint.Diagnostic{}, lintDiags...), res.Diagnostics...))
	rr.Steps, rr.Replay = res.Steps, &res.Summary
	if err := githubAuto(e, format, l, rr); err != nil {
		return err
	}
	if format == "text" {
		return buffered(e, func(e *Env) error { return report.ReplayText(e.Stdout, rr, e.Color) })
	}
	return writeResult(e, format, rr)
}

// onProjectFiles puts replay's findings on the project's files: a finding
// on a revision file gets the path lint uses for it (so that suppressions
// match and the source line is shown) and its revision. Other paths stay
// absolute; report shows them.
func onProjectFiles(byAbs map[string]*revision.File, ds []lint.Diagnostic) []lint.Diagnostic {
	for i := range ds {
		if abs, err := filepath.Abs(ds[i].Path); err == nil {
			if f, ok := byAbs[abs]; ok {
				ds[i].Path = f.Path
				if ds[i].Revision == "" {
					ds[i].Revision = f.Revision
				}
			}
		}
	}
	return ds
}

// callAt returns what maps a traceback line inside an op.* call of one
// of l's files, named by its absolute path, to the call's start; made
// once, for the replay, the executed SQL and agree to share. The files
// may be headers (loadLinting): the first lookup in a file reads its
// calls from its full parse (revision.File.Full) and keeps only where
// they are, so that a replay never holds the history's syntax trees.
func (l *loaded) callAt() func(string, int) (int, int, bool) {
	if l.calls == nil {
		byAbs := l.filesByAbsPath()
		var mu sync.Mutex
		spans := map[*revision.File][]funcSpan{}
		l.calls = func(path string, line int) (int, int, bool) {
			f := byAbs[path]
			if f == nil {
				return 0, 0, false
			}
			mu.Lock()
			fs, ok := spans[f]
			if !ok {
				fs = funcSpans(f.Full())
				spans[f] = fs
			}
			mu.Unlock()
			return callIn(fs, line)
		}
	}
	return l.calls
}

// funcSpan is where a function and its statement-level calls are.
type funcSpan struct {
	line, col int
	calls     []callSpan
}

type callSpan struct{ line, endLine, col int }

// funcSpans returns where f's upgrade and downgrade (those it has) and
// their calls are; f is parsed in full.
func funcSpans(f *revision.File) []funcSpan {
	var out []funcSpan
	for _, fn := range []*revision.Func{f.Upgrade, f.Downgrade} {
		if fn == nil {
			continue
		}
		s := funcSpan{line: fn.Line, col: fn.Col, calls: make([]callSpan, len(fn.Calls))}
		for i, c := range fn.Calls {
			s.calls[i] = callSpan{c.Line, c.EndLine, c.Col}
		}
		out = append(out, s)
	}
	return out
}

// callIn maps a line inside a call of fs to the call's start: the last
// call that starts at or before line and ends at or after it, in upgrade
// first, else the function's own line.
func callIn(fs []funcSpan, line int) (int, int, bool) {
	for _, fn := range fs {
		var best *callSpan
		for i := range fn.calls {
			c := &fn.calls[i]
			if c.line <= line && line <= max(c.endLine, c.line) && (best == nil || c.line >= best.line) {
				best = c
			}
		}
		if best != nil {
			return best.line, best.col, true
		}
		if fn.line == line {
			return fn.line, fn.col, true
		}
	}
	return 0, 0, false
}

// baseRevisions lists the revision ids present at the merge base of the
// change and the base branch, as the history package read them: the
// changed plan upgrades to these before it replays the new ones.
func baseRevisions(h *history.History, ref string) ([]string, error) {
	if h == nil || h.Base == nil {
		return nil, fmt.Errorf("the base %s could not be read", ref)
	}
	ids := make([]string, 0, len(h.Base.Revisions))
	for id := range h.Base.Revisions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, nil
}
