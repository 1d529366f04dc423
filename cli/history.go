package cli

import (
	"flag"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/lint"
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
	fs.StringVar(&hf.base, "base", "", "git ref the change is compared with: history rules, and only new or edited revisions get the operation rules (default origin/$GITHUB_BASE_REF in a pull request)")
	hf.registerScope(fs)
}

// registerScope registers --all and --applied only, for a command that
// has its own --base (check).
func (hf *historyFlags) registerScope(fs *flag.FlagSet) {
	fs.BoolVar(&hf.all, "all", false, "run the operation rules on every revision, not only on those the change adds or edits")
	fs.StringVar(&hf.applied, "applied", "", "revision production runs: it and its ancestors count as applied (default: what the base or retort.sum has)")
}

// historyOptions loads what the base ref and retort.sum know and returns
// the lint options for l: its config, the known rule ids, the history and
// the scope. base, all and applied are the flags of the same names. A
// base that cannot be read is a notice in the history, not a failure; the
// exit code is non-zero only for bad input (an unknown --applied revision,
// a broken retort.sum), after the reason was printed.
func historyOptions(e *Env, l *loaded, base string, all bool, applied string) (lint.Options, int) {
	opts := lint.Options{Config: l.cfg, Known: rules.Known()}
	h, err := history.Load(l.proj, history.Options{Base: base, Applied: applied, Getenv: e.Getenv, Log: e.Stderr})
	if err != nil {
		return opts, errorf(e, ExitUsage, "%v", err)
	}
	opts.History = h
	if !all {
		opts.InScope = history.Scope(l.proj, h)
	}
	return opts, 0
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
