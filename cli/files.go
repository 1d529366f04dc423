package cli

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/report"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

// fileArgs reports whether lint's arguments name files rather than one
// project: several arguments, or a .py or .mako file (how pre-commit calls
// it).
func fileArgs(pos []string) bool {
	return len(pos) > 1 || len(pos) == 1 && (strings.HasSuffix(pos[0], ".py") || strings.HasSuffix(pos[0], ".mako"))
}

// fileTarget is a project and the files given for it.
type fileTarget struct {
	config string          // what load() is given: alembic.ini, pyproject.toml or a directory, absolute
	files  map[string]bool // absolute paths of the given revision files
	whole  bool            // the project itself was named (a config file, env.py, a folder)
}

// fileTargets maps each argument to its Alembic project: a revision file
// to the project whose versions folder holds it, env.py and
// script.py.mako to their project, a config file or folder to itself.
// Python files that belong to no project (application code that
// pre-commit passes along) and other files are skipped. Projects are
// keyed by the absolute path of their config file, so that a config file
// and a revision of the same project given together lint it once.
func fileTargets(pos []string) []*fileTarget {
	byConfig := map[string]*fileTarget{}
	var order []string
	add := func(config string) *fileTarget {
		t := byConfig[config]
		if t == nil {
			t = &fileTarget{config: config, files: map[string]bool{}}
			byConfig[config] = t
			order = append(order, config)
		}
		return t
	}
	projects := map[string]*revision.Project{} // discovery per config file, once
	for _, arg := range pos {
		abs, err := filepath.Abs(arg)
		if err != nil {
			continue
		}
		if !strings.HasSuffix(arg, ".py") && !strings.HasSuffix(arg, ".mako") {
			if st, err := os.Stat(arg); err == nil && !st.IsDir() && !strings.HasSuffix(arg, ".ini") && !strings.HasSuffix(arg, ".cfg") && !strings.HasSuffix(arg, ".toml") {
				continue // a file that is neither Python nor a config: nothing to lint
			}
			add(configOf(abs)).whole = true
			continue
		}
		config, proj := projectOf(abs, projects)
		if proj == nil {
			continue
		}
		t := add(config)
		if under(abs, proj.VersionDirs) {
			t.files[abs] = true
		} else {
			t.whole = true
		}
	}
	out := make([]*fileTarget, len(order))
	for i, c := range order {
		out[i] = byConfig[c]
	}
	return out
}

// configOf is the config file a config or folder argument stands for: a
// folder's alembic.ini or pyproject.toml when it has one (as a revision
// file of that project would name it), else the argument itself.
func configOf(abs string) string {
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		for _, name := range []string{"alembic.ini", "pyproject.toml"} {
			if st, err := os.Stat(filepath.Join(abs, name)); err == nil && !st.IsDir() {
				return filepath.Join(abs, name)
			}
		}
	}
	return abs
}

// projectOf finds the project a Python file belongs to: the nearest
// alembic.ini or pyproject.toml with [tool.alembic] above it whose
// versions folders or script directory hold the file.
func projectOf(abs string, cache map[string]*revision.Project) (string, *revision.Project) {
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		for _, name := range []string{"alembic.ini", "pyproject.toml"} {
			config := filepath.Join(dir, name)
			p, seen := cache[config]
			if !seen {
				if st, err := os.Stat(config); err == nil && !st.IsDir() {
					p, _ = revision.Discover(config)
				}
				cache[config] = p
			}
			if p != nil && (under(abs, p.VersionDirs) || p.ScriptDir != "" && under(abs, []string{p.ScriptDir})) {
				return config, p
			}
		}
		if parent := filepath.Dir(dir); parent == dir {
			return "", nil
		}
	}
}

// under reports whether abs lies in one of the folders dirs.
func under(abs string, dirs []string) bool {
	for _, d := range dirs {
		if da, err := filepath.Abs(d); err == nil && revision.Within(da, abs) {
			return true
		}
	}
	return false
}

// has reports whether a file of the target's project is one to report on:
// any file when the project itself was named, else the files given.
func (t *fileTarget) has(path string) bool {
	if t.whole {
		return true
	}
	abs, _ := filepath.Abs(path)
	return t.files[abs]
}

// eachTarget loads the project of each target with loader
// (revision.LoadWith or revision.LoadHeadersWith), lints it, and hands the
// result to do; it stops at the first non-zero exit code, from the load,
// the lint or do. runFix and lintFiles share it.
func eachTarget(e *Env, targets []*fileTarget, loader func(string, revision.LoadOptions) (*revision.Project, error), pf *projectFlags, hf *historyFlags, do func(t *fileTarget, l *loaded, opts lint.Options, diags []lint.Diagnostic) int) int {
	var ahead gitAhead
	defer ahead.stop()
	for _, t := range targets {
		l, code := loadAhead(e, t.config, pf, &ahead, hf.base, loader, revision.LoadOptions{})
		if l == nil {
			return code
		}
		opts, diags, code := lintProject(e, l, hf.base, hf)
		if code != 0 {
			return code
		}
		if code := do(t, l, opts, diags); code != ExitOK {
			return code
		}
	}
	return ExitOK
}

// lintFiles lints the projects of the given files. For a revision file,
// only its own findings are reported, with the project's graph findings
// (several heads, a cycle): what a pre-commit hook should say about the
// files being committed.
func lintFiles(e *Env, pos []string, pf *projectFlags, hf *historyFlags) int {
	res := &report.Result{Dir: workDir()}
	var sources []func(string, int) string
	heads := map[string]bool{}
	code := ExitOK
	var first *loaded
	if c := eachTarget(e, fileTargets(pos), revision.LoadHeadersWith, pf, hf, func(t *fileTarget, l *loaded, opts lint.Options, diags []lint.Diagnostic) int {
		if first == nil {
			first = l
		}
		if !t.whole {
			kept := diags[:0]
			for _, d := range diags {
				if r := rules.ByID(d.Rule); d.Path == "" || r != nil && r.Scope == lint.PerProject || t.has(d.Path) {
					kept = append(kept, d)
				}
			}
			diags = kept
		}
		if lint.Fails(diags, l.threshold) {
			code = ExitFindings
		}
		res.Diagnostics = append(res.Diagnostics, diags...)
		res.Revisions += len(l.proj.Files)
		pr := lintResult(l, &opts, hf.all, nil)
		if res.Scope == nil {
			res.Scope, res.Dialect = pr.Scope, pr.Dialect
		} else {
			res.Scope.Revisions += pr.Scope.Revisions
		}
		for _, h := range l.proj.Graph.Heads {
			heads[h] = true
		}
		sources = append(sources, source(l.proj))
		return ExitOK
	}); c != ExitOK {
		return c
	}
	for h := range heads {
		res.Heads = append(res.Heads, h)
	}
	sort.Strings(res.Heads)
	lint.Sort(res.Diagnostics)
	res.Source = func(path string, line int) string {
		for _, s := range sources {
			if text := s(path, line); text != "" {
				return text
			}
		}
		return ""
	}
	if err := writeResult(e, pf.format, res); err != nil {
		return errorf(e, ExitFailure, "writing output: %v", err)
	}
	if first != nil {
		if err := githubAuto(e, pf.format, first, res); err != nil {
			return errorf(e, ExitFailure, "%v", err)
		}
	}
	return code
}
