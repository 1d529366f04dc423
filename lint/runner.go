package lint

import (
	"os"
	"runtime"
	"sort"
	"sync"

	"github.com/retortdev/retort/history"
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
	History *history.History
	// Known is every rule id a suppression may name; nil means the ids of
	// the rules being run.
	Known map[string]bool
	// Suppressions are the project's suppression comments, when the
	// caller already read them (ReadSuppressions); nil: Run reads them.
	Suppressions *Suppressions
	// Dialect is the database the project targets; "" is PostgreSQL. On
	// another one the PostgresOnly rules do not run.
	Dialect string
	// Early holds the findings of the per-file rules that ran on each file
	// as it was parsed (NewEarly): Run takes them for the files they
	// finished and runs the rules again on the others only.
	Early *Early
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
	// the facts are shared by the workers and dropped with the run
	template := Pass{Project: proj, Graph: proj.Graph, Config: cfg, History: opt.History, Dialect: dialect, facts: newFactCache(rules)}
	pc := newCollector(template)
	for _, r := range perProject {
		pc.run(r, nil)
	}
	diags = append(diags, pc.out...)
	files := make(chan *revision.File, 64)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newCollector(template)
			for f := range files {
				c.file(perFile, f)
			}
			mu.Lock()
			diags = append(diags, c.out...)
			mu.Unlock()
		}()
	}
	sups := opt.Suppressions
	if sups == nil {
		sups = ReadSuppressions(proj)
	}
	// the files with suppressions that the per-file rules ran on: only
	// those can hold an unused one
	checked := map[string]bool{}
	early := opt.Early.usable(opt.History)
	var earlyDiags []Diagnostic // appended after the workers, which append to diags
	for _, f := range proj.Files {
		if f.HasRevision && cfg.IgnoresRevision(f.Revision) {
			continue
		}
		if inScope(f) && len(perFile) > 0 {
			if len(sups.of(f.Path)) > 0 {
				checked[f.Path] = true
			}
			if found, ok := early.found(f.Path); ok {
				earlyDiags = appendRun(earlyDiags, found, perFile)
				continue
			}
			files <- f
		}
	}
	close(files)
	wg.Wait()
	diags = append(diags, earlyDiags...)
	if opt.Known != nil {
		known = opt.Known
	}
	diags = append(diags, unusedSuppressions(proj, sups, diags, cfg, byID(rules, UnusedSuppressionID), perFile, checked)...)
	diags = append(diags, invalidSuppressions(proj, sups, known, cfg, byID(rules, InvalidSuppressionID))...)
	return Finish(cfg, sups, diags)
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

// Sort orders diagnostics by path as shown (revision.DisplayPath: the
// paths travel as they were found, some absolute), line, column, rule and
// message.
func Sort(ds []Diagnostic) {
	wd, _ := os.Getwd()
	shown := map[string]string{}
	for _, d := range ds {
		if _, ok := shown[d.Path]; !ok {
			shown[d.Path] = revision.DisplayPathIn(wd, d.Path)
		}
	}
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if pa, pb := shown[a.Path], shown[b.Path]; pa != pb {
			return pa < pb
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
