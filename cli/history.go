package cli

import (
	"errors"
	"flag"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/report"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

// historyFlags are --base, --all and --applied, shared by lint and check.
type historyFlags struct {
	base    string
	all     bool
	applied string
}

func (hf *historyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&hf.base, "base", "", "git ref the change is compared with: history rules, and only new or edited revisions get the operation rules (default origin/$GITHUB_BASE_REF in a pull request; without a base, retort.sum decides); a ref that cannot be read is an error")
	hf.registerScope(fs)
}

// registerScope registers --all and --applied only, for a command that
// has its own --base (check).
func (hf *historyFlags) registerScope(fs *flag.FlagSet) {
	fs.BoolVar(&hf.all, "all", false, "run the operation rules on every revision, not only on those the change adds or edits")
	fs.StringVar(&hf.applied, "applied", "", "revision production runs: it and its ancestors count as applied (default: what the base or retort.sum has)")
}

// historyOptions loads what the base ref and retort.sum know and returns
// the lint options for l: its config, its dialect, the known rule ids, the
// history and the scope. base, all and applied are the flags of the same
// names. A base that cannot be read stops the command (exit 2, or 3 when
// git is missing) with git's reason, as does other bad input (an unknown
// --applied revision, a broken retort.sum).
func historyOptions(e *Env, l *loaded, base string, all bool, applied string) (lint.Options, int) {
	opts := lint.Options{Config: l.cfg, Known: rules.Known(), Dialect: l.dialect.Name, Suppressions: l.suppressions()}
	h, err := history.Load(l.proj, history.Options{Base: base, Applied: applied, Getenv: e.Getenv, Log: e.Stderr, Hashes: l.hashes, Ahead: l.ahead})
	if errors.Is(err, history.ErrNoGit) {
		return opts, errorf(e, ExitFailure, "%v", err)
	}
	if err != nil {
		return opts, errorf(e, ExitUsage, "%v", err)
	}
	opts.History = h
	if !all {
		opts.InScope = history.Scope(l.proj, h)
	}
	return opts, 0
}

// lintResult is what lint found, with the scope of the operation rules
// and the dialect; opts is nil when no lint ran (replay alone).
func lintResult(l *loaded, opts *lint.Options, all bool, diags []lint.Diagnostic) *report.Result {
	res := &report.Result{Diagnostics: diags, Revisions: len(l.proj.Files), Heads: l.proj.Graph.Heads, Source: source(l.proj), Dir: workDir()}
	if opts == nil {
		return res
	}
	b := history.BasisOf(opts.History)
	scope := &report.Scope{Basis: b.Kind, Ref: b.Ref, Revisions: inScope(l.proj, *opts)}
	if all {
		scope.Basis, scope.Ref = "all", ""
	}
	res.Scope = scope
	if h := opts.History; h != nil && h.Base != nil {
		res.New = h.Added
	}
	res.Dialect = &report.Dialect{Name: l.dialect.Name, From: l.dialect.From, Because: l.dialect.Because, NotRun: lint.NotRun(rules.All, l.cfg, l.dialect.Name)}
	return res
}

// inScope counts the revision files the operation rules look at.
func inScope(proj *revision.Project, opts lint.Options) int {
	if opts.InScope == nil {
		return len(proj.Files)
	}
	n := 0
	for _, f := range proj.Files {
		if opts.InScope(f) {
			n++
		}
	}
	return n
}
