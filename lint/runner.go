package lint

import (
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/retortdev/retort/revision"
)

// The suppression rules are defined with the others in rules.All; the
// runner itself reports them when they are among the rules it runs.
const (
	// InvalidSuppressionID reports suppression comments that name no
	// rule, an unknown rule, or give no reason.
	InvalidSuppressionID = "invalid-suppression"
	// UnusedSuppressionID reports a suppression that silences nothing.
	UnusedSuppressionID = "unused-suppression"
)

// Options are the inputs of one lint run besides the rules.
type Options struct {
	Config  *Config
	InScope func(*revision.File) bool // nil: every file
	History *History
	// Known is every rule id a suppression may name; nil means the ids of
	// the rules being run.
	Known map[string]bool
	// Dialect is the database the project targets; "" is PostgreSQL. On
	// another one the PostgresOnly rules do not run.
	Dialect string
}

// Runs reports whether rule r runs under cfg on dialect.
func Runs(r *Rule, cfg *Config, dialect string) bool {
	return cfg.Enabled(r) && (!r.PostgresOnly || dialect == "" || dialect == revision.Postgres)
}

// NotRun lists the ids of the enabled rules that do not run on dialect.
func NotRun(rules []*Rule, cfg *Config, dialect string) []string {
	var out []string
	for _, r := range rules {
		if r.Scope != External && cfg.Enabled(r) && !Runs(r, cfg, dialect) {
			out = append(out, r.ID)
		}
	}
	sort.Strings(out)
	return out
}

// Run runs the enabled rules over the project and returns the findings,
// sorted by path, line, column and rule, without duplicates and without
// the suppressed ones.
func Run(proj *revision.Project, rules []*Rule, opt Options) []Diagnostic {
	cfg := opt.Config
	if cfg == nil {
		cfg = DefaultConfig()
	}
	inScope := opt.InScope
	if inScope == nil {
		inScope = func(*revision.File) bool { return true }
	}
	dialect := opt.Dialect
	if dialect == "" {
		dialect = revision.Postgres
	}
	var mu sync.Mutex
	var diags []Diagnostic
	var perFile, perProject []*Rule
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
		if !Runs(r, cfg, opt.Dialect) {
			continue
		}
		switch r.Scope {
		case PerFile:
			perFile = append(perFile, r)
		case PerProject:
			perProject = append(perProject, r)
		}
	}
	// A collector reuses one Pass for every rule run of a worker. Report
	// hands out pointers to findings of the current run only; they are
	// copied out when the run ends.
	type collector struct {
		pass    Pass
		pending []*Diagnostic
		out     []Diagnostic
	}
	facts := &factCache{} // shared by the workers, dropped with the run
	newCollector := func() *collector {
		c := &collector{pass: Pass{Project: proj, Graph: proj.Graph, Config: cfg, History: opt.History, Dialect: dialect, facts: facts}}
		c.pass.report = func(d Diagnostic) *Diagnostic {
			dp := &d
			c.pending = append(c.pending, dp)
			return dp
		}
		return c
	}
	run := func(c *collector, r *Rule, f *revision.File) {
		c.pass.Rule, c.pass.File = r, f
		r.Run(&c.pass)
		for _, d := range c.pending {
			c.out = append(c.out, *d)
		}
		c.pending = c.pending[:0]
	}
	pc := newCollector()
	for _, r := range perProject {
		run(pc, r, nil)
	}
	diags = append(diags, pc.out...)
	files := make(chan *revision.File, 64)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newCollector()
			for f := range files {
				// a file read by revision.ParseHeaders is parsed in full
				// for its rules and let go after them: a long history is
				// never held as whole syntax trees
				full := f.Full()
				c.pass.header = f
				for _, r := range perFile {
					run(c, r, full)
				}
				c.pass.header = nil
				facts.forget(f)
			}
			mu.Lock()
			diags = append(diags, c.out...)
			mu.Unlock()
		}()
	}
	checked := map[string]bool{} // files the per-file rules ran on
	for _, f := range proj.Files {
		if f.HasRevision && cfg.IgnoresRevision(f.Revision) {
			continue
		}
		if inScope(f) && len(perFile) > 0 {
			checked[f.Path] = true
			files <- f
		}
	}
	close(files)
	wg.Wait()
	if opt.Known != nil {
		known = opt.Known
	}
	sups := fileSuppressions(proj)
	diags = append(diags, unusedSuppressions(proj, sups, diags, cfg, byID(rules, UnusedSuppressionID), perFile, checked)...)
	return finish(proj, sups, diags, known, cfg, byID(rules, InvalidSuppressionID))
}

// fileSuppressions returns the suppressions of each of proj.Files, in
// its order: read once per run, for the unused, the invalid and the
// silencing.
func fileSuppressions(proj *revision.Project) [][]suppression {
	out := make([][]suppression, len(proj.Files))
	for i, f := range proj.Files {
		out[i] = suppressions(f)
	}
	return out
}

// finish applies suppressions, reports bad ones (invalid is the
// invalid-suppression rule, nil when it does not run), drops ignored
// revisions, sorts and deduplicates.
func finish(proj *revision.Project, sups [][]suppression, diags []Diagnostic, known map[string]bool, cfg *Config, invalid *Rule) []Diagnostic {
	for i, f := range proj.Files {
		if invalid == nil || !cfg.Enabled(invalid) {
			break
		}
		for _, s := range sups[i] {
			bad := func(format string, args ...any) {
				diags = append(diags, Diagnostic{Rule: invalid.ID, Severity: cfg.SeverityOf(invalid), Path: f.Path,
					Line: s.Line, Column: s.Col, Revision: f.Revision, Message: fmt.Sprintf(format, args...),
					Hint: "write it as `# retort: ignore[rule-id] why this is safe`"})
			}
			switch {
			case len(s.Rules) == 0:
				bad("suppression names no rule, so it silences nothing")
			case s.Reason == "":
				bad("suppression of %s gives no reason, so it silences nothing", quoteList(s.Rules))
			default:
				for _, id := range s.Rules {
					if !known[id] {
						bad("suppression names unknown rule %q", id)
					}
				}
			}
		}
	}
	kept := diags[:0]
	for _, d := range diags {
		if d.Revision == "" || !cfg.IgnoresRevision(d.Revision) {
			kept = append(kept, d)
		}
	}
	kept = suppress(proj, sups, kept)
	Sort(kept)
	return dedupe(kept)
}

// Suppress drops the findings that a "# retort: ignore[rule] reason"
// comment silences; Run applies it, and so does replay for its findings.
// An invalid-suppression finding is never silenced by the comment it is
// about.
func Suppress(proj *revision.Project, diags []Diagnostic) []Diagnostic {
	return suppress(proj, fileSuppressions(proj), diags)
}

// suppress is Suppress with the suppressions of proj.Files already read.
func suppress(proj *revision.Project, sups [][]suppression, diags []Diagnostic) []Diagnostic {
	byPath := map[string][]suppression{}
	for i, f := range proj.Files {
		byPath[f.Path] = sups[i]
	}
	kept := diags[:0]
	for _, d := range diags {
		if d.Rule == InvalidSuppressionID || !suppressed(byPath[d.Path], d) {
			kept = append(kept, d)
		}
	}
	return kept
}

func suppressed(sups []suppression, d Diagnostic) bool {
	for _, s := range sups {
		if s.Reason != "" && s.silences(d.Rule, d.Line) {
			return true
		}
	}
	return false
}

func quoteList(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", id)
	}
	return s
}

// byID returns the rule of rules with id, or nil.
func byID(rules []*Rule, id string) *Rule {
	for _, r := range rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Sort orders diagnostics by path, line, column, rule and message.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

func dedupe(ds []Diagnostic) []Diagnostic {
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Count returns how many diagnostics there are of each severity.
func Count(ds []Diagnostic) (errors, warnings, notices int) {
	for _, d := range ds {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		case Notice:
			notices++
		}
	}
	return
}

// Fails reports whether any diagnostic is at or above threshold.
func Fails(ds []Diagnostic, threshold Severity) bool {
	for _, d := range ds {
		if d.Severity >= threshold {
			return true
		}
	}
	return false
}
