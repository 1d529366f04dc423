package lint

import (
	"fmt"
	"strings"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/revision"
)

// Scope says how often a rule runs.
type Scope int

const (
	// PerFile rules run once for each revision file in scope, in parallel.
	PerFile Scope = iota
	// PerProject rules run once with the whole graph.
	PerProject
	// External rules are reported by another engine (replay); the runner
	// skips them, and they exist here for their id, severity and doc.
	External
)

// Category says what a rule reads: the revision graph, the history
// against a base, the operations of each revision, or (for the replay
// rules) what a replay against a real database shows.
type Category uint8

const (
	CategoryGraph Category = iota + 1
	CategoryHistory
	CategoryOperation
	CategoryReplay
)

// Rule is one check. Rules are values registered in rules.All.
type Rule struct {
	ID       string // kebab-case, stable forever
	Summary  string // the first line of prose of rules/<id>.md
	Severity Severity
	Scope    Scope
	Category Category
	// Requires lists the facts Run reads (through Fact.Of and
	// Fact.OfFile): each is computed once per file, when first asked for,
	// and shared by every rule that requires it.
	Requires []AnyFact
	// PostgresOnly rules give advice that holds on PostgreSQL alone (its
	// locks, its SQL): they do not run when the project targets another
	// database.
	PostgresOnly bool
	// ExecutedSQL rules judge a statement by its SQL text alone, so they
	// also run on the statements a replay executed. The others read what
	// the text does not say (whether a statement ran in a transaction) or
	// the revision file itself.
	ExecutedSQL bool
	Run         func(*Pass)
}

// Pass is what a rule sees while it runs: the file (for PerFile rules),
// the project and its graph, the configuration, and Report.
type Pass struct {
	Rule    *Rule
	File    *revision.File // nil for PerProject rules
	Project *revision.Project
	Graph   *revision.Graph
	Config  *Config
	// History is what the base knew; nil without a base or retort.sum.
	History *history.History
	// Dialect is the database the project targets: "postgresql" unless
	// the project or the config names another.
	Dialect string

	report func(Diagnostic) *Diagnostic
	facts  *factCache
	// header is the project's own File that File was fully parsed from
	// (nil when File is the project's own), so that facts of the file
	// are keyed alike whichever rule asks for them
	header *revision.File
	// own holds the facts of File that the pass's rules have read, while
	// the runner's worker runs them on one file
	own ownFacts
	// early: the pass runs as the files are parsed (Early); incomplete:
	// one of its rules needed what does not exist yet (Complete)
	early, incomplete bool
}

// Complete reports whether the pass sees the whole project: its graph,
// its history and its files. A pass that runs while the files are being
// parsed (Early) does not, and asking marks its file, whose rules then
// run again once the project is loaded. A per-file rule asks before it
// reads Graph or Project.Files (History is nil in such a pass, as in the
// runs it is made for).
func (p *Pass) Complete() bool {
	if p.early {
		p.incomplete = true
		return false
	}
	return true
}

// Report records a finding at pos in the pass's file and returns it so
// that the caller can set its Hint.
func (p *Pass) Report(pos revision.Pos, format string, args ...any) *Diagnostic {
	return p.ReportFile(p.File, pos, format, args...)
}

// ReportFile records a finding at pos in f.
func (p *Pass) ReportFile(f *revision.File, pos revision.Pos, format string, args ...any) *Diagnostic {
	d := Diagnostic{
		Rule:     p.Rule.ID,
		Severity: p.Config.SeverityOf(p.Rule),
		Line:     pos.Line,
		Column:   pos.Col,
		Message:  fmt.Sprintf(format, args...),
	}
	if f != nil {
		d.Path = f.Path
		d.Revision = f.Revision
	}
	if d.Line > 0 && d.Column == 0 {
		d.Column = 1
	}
	return p.report(d)
}

// DocSummary returns the first line of prose of a rule's Markdown
// documentation: its one-line summary (Rule.Summary).
// Every command reads the summaries at start-up: the lines are taken one
// by one, not split into a slice.
func DocSummary(doc string) string {
	for rest := doc; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			return line
		}
	}
	return ""
}
