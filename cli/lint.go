package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

// projectFlags are the flags every command reading a project shares.
type projectFlags struct {
	config string
	failOn string
	format string

	// the configuration as read for a project root, kept: the scope
	// guess before the files load and the load itself both need it
	cfgRoot string
	cfg     *lint.Config
	cfgErr  error
}

// loadConfig reads the configuration for the project at root, once.
func (pf *projectFlags) loadConfig(root string) (*lint.Config, error) {
	if pf.cfg == nil && pf.cfgErr == nil || pf.cfgRoot != root {
		wd := workDir()
		pf.cfg, pf.cfgErr = lint.LoadConfig(pf.config, root, wd)
		pf.cfgRoot = root
	}
	return pf.cfg, pf.cfgErr
}

func (pf *projectFlags) register(fs interface {
	StringVar(*string, string, string, string)
}, formats string) {
	fs.StringVar(&pf.config, "config", "", "configuration file (retort.toml or pyproject.toml); default: found next to the project")
	fs.StringVar(&pf.failOn, "fail-on", "", "lowest severity that makes the exit code 1: error, warning or notice (default error)")
	fs.StringVar(&pf.format, "format", "text", "output format: "+formats)
}

// loaded is a project with its configuration.
type loaded struct {
	proj      *revision.Project
	cfg       *lint.Config
	threshold lint.Severity
	// dialect is the database the project targets: the config's dialect,
	// else what the project says (revision.Project.Dialect).
	dialect revision.Dialect
	sups    *lint.Suppressions        // read once, by suppressions
	byAbs   map[string]*revision.File // made once, by filesByAbsPath
	// hashes holds the files' retort.sum hashes, taken as they loaded
	// when the project has a retort.sum; nil if not.
	hashes *history.Hashes
	// early holds the findings of the per-file rules run as the files
	// loaded; nil if they did not run then.
	early *lint.Early
	// calls is callAt's, made on first use.
	calls func(string, int) (int, int, bool)
	// ahead is the git work on the base started as the project was
	// discovered (loadAhead); nil for none.
	ahead *history.Ahead
}

// earlyRules runs the per-file rules as the files load when every
// revision is in scope and no history can be read (no --all): each file
// is then parsed once, not for the graph and again for the rules.
type earlyRules struct{ *lint.Early }

func (r *earlyRules) visitor(e *Env, p *revision.Project, hf *historyFlags, pf *projectFlags) func(*revision.File) {
	if hf.all || !everyRevisionInScope(e, p, hf, pf) {
		return nil
	}
	cfg, err := pf.loadConfig(p.Root)
	if err != nil {
		return nil
	}
	r.Early = lint.NewEarly(p, rules.All, cfg)
	return r.Visit
}

// suppressions returns the suppression comments of l's files, read on
// first use: lint, the executed-SQL lint and replay share them.
func (l *loaded) suppressions() *lint.Suppressions {
	if l.sups == nil {
		l.sups = lint.ReadSuppressions(l.proj)
	}
	return l.sups
}

// filesByAbsPath returns l's files by absolute path, made on first use:
// replay's findings, tracebacks and executed SQL all look files up by it.
func (l *loaded) filesByAbsPath() map[string]*revision.File {
	if l.byAbs == nil {
		l.byAbs = l.proj.FilesByAbsPath()
	}
	return l.byAbs
}

// everyRevisionInScope guesses, before the files are parsed, whether the
// per-file rules will read every revision in full: one of them is
// enabled, and --all, or no base (--base or a pull request's), no
// --applied and no retort.sum. Lint then has the files parsed in full as
// they load (revision.LoadHeadersWith); a wrong guess only costs time.
func everyRevisionInScope(e *Env, p *revision.Project, hf *historyFlags, pf *projectFlags) bool {
	cfg, err := pf.loadConfig(p.Root)
	if err != nil || !anyPerFile(cfg) {
		return false
	}
	if hf.all {
		return true
	}
	if hf.base != "" || hf.applied != "" || history.PullRequestBase(e.getenv) != "" {
		return false
	}
	_, err = os.Stat(history.SumPath(p))
	return errors.Is(err, os.ErrNotExist)
}

// hashAtLoad returns what hashes the files of p as they load, for the
// comparison with retort.sum, when p has one and no base ref (base, from
// history.BaseRef) decides instead: the hashing then reads the tokens the
// parse read.
func hashAtLoad(p *revision.Project, hashes *history.Hashes, base string) func(*revision.File, []revision.Token) {
	if base != "" {
		return nil // the revisions the base has are compared with it, not hashed; the few others are hashed later
	}
	if _, err := os.Stat(history.SumPath(p)); err != nil {
		return nil
	}
	return hashes.Record
}

// anyPerFile reports whether cfg enables a per-file rule: only then does
// the lint runner parse the files in scope in full.
func anyPerFile(cfg *lint.Config) bool {
	for _, r := range rules.All {
		if r.Scope == lint.PerFile && cfg.Enabled(r) {
			return true
		}
	}
	return false
}

// loadHeaders is loadWith for the commands that need no function bodies
// (graph, sum): the files are read by revision.ParseHeaders.
func loadHeaders(e *Env, path string, pf *projectFlags) (*loaded, int) {
	return loadWith(e, path, pf, revision.LoadHeaders)
}

// gitAhead starts the git work on a base as a project is discovered
// (history.GitAhead), for historyOptions to wait for; stop ends what no
// history load took.
type gitAhead struct{ a *history.Ahead }

// discovered returns the revision.LoadOptions hook that starts the work
// on base (--base; "" for the pull request's), ending any started before.
func (g *gitAhead) discovered(e *Env, base string) func(*revision.Project) {
	return func(p *revision.Project) {
		g.a.Stop()
		g.a = history.GitAhead(p, history.Options{Base: base, Getenv: e.Getenv})
	}
}

func (g *gitAhead) stop() { g.a.Stop() }

// loadAhead is loadWith for a command that loads the history of base
// (--base; "" for the pull request's): git reads the base while the files
// load. loader is revision.LoadWith or revision.LoadHeadersWith, o its
// options; the caller stops g when it is done.
func loadAhead(e *Env, path string, pf *projectFlags, g *gitAhead, base string, loader func(string, revision.LoadOptions) (*revision.Project, error), o revision.LoadOptions) (*loaded, int) {
	o.Discovered = g.discovered(e, base)
	l, code := loadWith(e, path, pf, func(path string) (*revision.Project, error) { return loader(path, o) })
	if l != nil {
		l.ahead = g.a
	}
	return l, code
}

// loadWith discovers and parses the project at path with loader and
// reads its config. On failure it prints the reason and returns the exit
// code.
func loadWith(e *Env, path string, pf *projectFlags, loader func(string) (*revision.Project, error)) (*loaded, int) {
	proj, err := loader(path)
	if err != nil {
		return nil, errorf(e, ExitUsage, "%v", err) // a missing path or a bad alembic config
	}
	if proj.RecursiveGuessed {
		fmt.Fprintf(e.Stderr, "retort: note: %s holds no revision files itself; its sub-folders are read recursively, as recursive_version_locations = true would\n", proj.VersionDirs[0])
	}
	cfg, err := pf.loadConfig(proj.Root)
	if err != nil {
		return nil, errorf(e, ExitUsage, "%v", err)
	}
	if err := cfg.Validate(rules.Known()); err != nil {
		return nil, errorf(e, ExitUsage, "%v", err)
	}
	failOn := pf.failOn
	if failOn == "" {
		failOn = cfg.FailOn
	}
	threshold := lint.Error
	if failOn != "" {
		threshold, err = lint.ParseSeverity(failOn)
		if err != nil {
			return nil, errorf(e, ExitUsage, "--fail-on: %v", err)
		}
	}
	dialect := proj.Dialect
	if cfg.Dialect != "" {
		dialect = revision.Dialect{Name: cfg.Dialect, From: configDialectSource(cfg)}
	}
	l := &loaded{proj: proj, cfg: cfg, threshold: threshold, dialect: dialect}
	if e.loaded != nil {
		e.loaded(l)
	}
	return l, 0
}

// configDialectSource says where the config set the dialect.
func configDialectSource(cfg *lint.Config) string {
	path := revision.DisplayPath(cfg.Path)
	if filepath.Base(path) == "pyproject.toml" {
		return path + " [tool.retort] dialect"
	}
	return path + " dialect"
}

// source returns a function that reads a line of a parsed file, named by
// its path in any form (as found, as shown). Its index of the files is
// made on first use: only the text formats show source lines.
func source(proj *revision.Project) func(string, int) string {
	byPath := sync.OnceValue(func() map[string]*revision.File {
		m := make(map[string]*revision.File, len(proj.Files))
		for _, f := range proj.Files {
			m[f.Path] = f
		}
		return m
	})
	var byAbs map[string]*revision.File
	return func(path string, line int) string {
		f := byPath()[path]
		if f == nil && path != "" {
			if byAbs == nil {
				byAbs = proj.FilesByAbsPath()
			}
			if abs, err := filepath.Abs(path); err == nil {
				f = byAbs[abs]
			}
		}
		if f != nil {
			return f.Line(line)
		}
		return ""
	}
}

// workDir is the working directory, which paths are shown relative to.
func workDir() string {
	wd, _ := os.Getwd()
	return wd
}

// loadLinting is loadAhead for the commands that lint the whole project
// (lint, check): the files are read by revision.ParseHeaders, the
// per-file rules run as they load when every revision is in scope
// (earlyRules), and they are hashed for retort.sum as they load
// (hashAtLoad). No syntax tree outlives the load: what needs one later
// (the rules on a file in scope, replay's callAt) parses the file again
// (revision.File.Full). The caller stops ahead when it is done.
func loadLinting(e *Env, path string, pf *projectFlags, hf *historyFlags, ahead *gitAhead) (*loaded, int) {
	hashes, base := &history.Hashes{}, history.BaseRef(hf.base, e.getenv)
	var early earlyRules
	l, code := loadAhead(e, path, pf, ahead, hf.base, revision.LoadHeadersWith, revision.LoadOptions{
		// without --all, every revision in scope means no history: the
		// rules run as the files load (Visit) and EveryFull is not asked
		EveryFull: func(p *revision.Project) bool { return hf.all && everyRevisionInScope(e, p, hf, pf) },
		Tokens:    func(p *revision.Project) func(*revision.File, []revision.Token) { return hashAtLoad(p, hashes, base) },
		Visit:     func(p *revision.Project) func(*revision.File) { return early.visitor(e, p, hf, pf) },
	})
	if l == nil {
		return nil, code
	}
	l.hashes, l.early = hashes, early.Early
	return l, 0
}

// lintProject runs every rule over a loaded project, with the history and
// scope that the base and history flags ask for.
func lintProject(e *Env, l *loaded, base string, hf *historyFlags) (lint.Options, []lint.Diagnostic, int) {
	opts, code := historyOptions(e, l, base, hf.all, hf.applied)
	if code != 0 {
		return opts, nil, code
	}
	opts.Early = l.early
	return opts, lint.Run(l.proj, rules.All, opts), 0
}

func runLint(e *Env, args []string) int {
	fs := newFlags(e, "lint", "[PATH | FILE...]")
	var pf projectFlags
	pf.register(fs, formatNames())
	var hf historyFlags
	hf.register(fs)
	pos, code, ok := parse(fs, args, 1<<20)
	if !ok {
		return code
	}
	if err := checkFormat(pf.format); err != nil {
		return errorf(e, ExitUsage, "lint: %v", err)
	}
	if fileArgs(pos) {
		return lintFiles(e, pos, &pf, &hf) // revision files, as pre-commit passes them
	}
	var ahead gitAhead
	defer ahead.stop()
	l, code := loadLinting(e, first(pos), &pf, &hf, &ahead)
	if l == nil {
		return code
	}
	opts, diags, code := lintProject(e, l, hf.base, &hf)
	if code != 0 {
		return code
	}
	res := lintResult(l, &opts, hf.all, diags)
	if err := writeResult(e, pf.format, res); err != nil {
		return errorf(e, ExitFailure, "writing output: %v", err)
	}
	if err := githubAuto(e, pf.format, l, res); err != nil {
		return errorf(e, ExitFailure, "%v", err)
	}
	if lint.Fails(diags, l.threshold) {
		return ExitFindings
	}
	return ExitOK
}
