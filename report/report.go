// Package report writes diagnostics: text for people, JSON for machines.
// Every output format reads the same Result, so a finding looks the same
// whichever way it leaves retort.
package report

import (
	"fmt"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/revision"
)

// Result is what one run found.
type Result struct {
	Diagnostics []lint.Diagnostic
	Revisions   int      // revision files read
	Heads       []string // sorted
	// Scope says which revisions the operation rules checked, and why;
	// nil when no lint ran (replay alone).
	Scope *Scope
	// Dialect is the database the rules assumed; nil when no lint ran.
	Dialect *Dialect
	// Source returns a line of a file for context, or "".
	Source func(path string, line int) string
	// Dir is the working directory: every path below it is shown
	// relative to it ("": paths are shown as they are).
	Dir string

	// Optional, for the GitHub step summary (all may be left zero):
	Graph *revision.Graph // drawn as Mermaid
	New   []string        // revisions this change adds, marked in the graph

	// The replay, when one ran (replay, check, or outputs merged by retort
	// report); all may be left zero:
	Steps []replay.Step // its steps with their timings, statements and locks
	// Replay is its summary; nil when no replay ran. With it, JSON adds
	// the replay's summary fields and steps to lint's shape.
	Replay *replay.Summary
	// Shards is how many shards' outputs were merged into Replay; 0 when
	// it is one replay.
	Shards int
}

// Scope is which revisions the operation rules checked.
type Scope struct {
	// Basis is what decided: "base" (a git base), "applied" (--applied),
	// "sum" (retort.sum), "all" (--all), or "none" (nothing, so every
	// revision).
	Basis string `json:"basis"`
	// Ref is the base ref, the --applied revision or the retort.sum path.
	Ref string `json:"ref,omitempty"`
	// Revisions is how many revision files the operation rules checked.
	Revisions int `json:"revisions"`
	// Note says it in words; Summarize sets it.
	Note string `json:"note,omitempty"`
}

// Dialect is the database the rules assumed, and the rules it turned off.
type Dialect struct {
	Name string `json:"name"`
	// From says where Name was read ("alembic.ini [alembic]
	// sqlalchemy.url", "retort.toml dialect"); "" when it was assumed.
	From string `json:"from,omitempty"`
	// Because says why PostgreSQL was assumed although the project names
	// another database as a fallback; "" otherwise.
	Because string `json:"because,omitempty"`
	// NotRun lists the PostgreSQL rules that did not run on another database.
	NotRun []string `json:"rules_not_run,omitempty"`
	// Note says it in words; Summarize sets it.
	Note string `json:"note,omitempty"`
}

// Summary counts the findings.
type Summary struct {
	Revisions int      `json:"revisions"`
	Heads     []string `json:"heads"`
	Errors    int      `json:"errors"`
	Warnings  int      `json:"warnings"`
	Notices   int      `json:"notices"`
	// Scope and Dialect are set when the rules ran (see Result).
	Scope   *Scope   `json:"scope,omitempty"`
	Dialect *Dialect `json:"dialect,omitempty"`
}

// Summarize counts r's findings by severity.
func (r *Result) Summarize() Summary {
	e, w, n := lint.Count(r.Diagnostics)
	heads := r.Heads
	if heads == nil {
		heads = []string{}
	}
	sum := Summary{Revisions: r.Revisions, Heads: heads, Errors: e, Warnings: w, Notices: n}
	if r.Scope != nil {
		s := *r.Scope
		s.Note = r.ScopeNote()
		sum.Scope = &s
	}
	if r.Dialect != nil {
		d := *r.Dialect
		d.Note = r.DialectNote()
		sum.Dialect = &d
	}
	return sum
}

// ScopeNote says which revisions the operation rules checked, when it is
// not what the counts say: "operation rules on 3 new or edited since
// migrations/retort.sum". With neither a base nor a retort.sum it says so
// and how to record a baseline. "" when there is nothing to say.
func (r *Result) ScopeNote() string {
	s := r.Scope
	if s == nil {
		return ""
	}
	switch s.Basis {
	case "base":
		return fmt.Sprintf("operation rules on %d new or edited since %s", s.Revisions, s.Ref)
	case "sum":
		return fmt.Sprintf("operation rules on %d new or edited since %s", s.Revisions, s.Ref)
	case "applied":
		return fmt.Sprintf("operation rules on %d not applied at %s", s.Revisions, s.Ref)
	case "none":
		all := "all " + plural(s.Revisions, "revision")
		if s.Revisions == 1 {
			all = "the only revision"
		}
		return fmt.Sprintf("operation rules checked %s: no --base and no retort.sum; run \"retort sum\" to record today's revisions as the baseline", all)
	}
	return ""
}

// DialectNote names the database the rules assumed: "dialect: sqlite
// (from alembic.ini [alembic] sqlalchemy.url); 13 PostgreSQL rules not
// run". "" when no lint ran.
func (r *Result) DialectNote() string {
	d := r.Dialect
	if d == nil {
		return ""
	}
	from := "assumed: no database URL in alembic.ini or env.py, and no dialect in the config"
	if d.Because != "" {
		from = "assumed: " + d.Because
	}
	if d.From != "" {
		from = "from " + d.From
	}
	line := fmt.Sprintf("dialect: %s (%s)", d.Name, from)
	if len(d.NotRun) > 0 {
		line += fmt.Sprintf("; %s not run: %s", plural(len(d.NotRun), "PostgreSQL rule"), strings.Join(d.NotRun, ", "))
	}
	return line
}

// Notes are the lines under the counts: the scope when every revision was
// checked for want of a baseline, and the dialect.
func (r *Result) Notes() []string {
	var out []string
	if r.Scope != nil && r.Scope.Basis == "none" {
		out = append(out, r.ScopeNote())
	}
	if d := r.DialectNote(); d != "" {
		out = append(out, d)
	}
	return out
}
