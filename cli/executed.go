package cli

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

// executedFindings lints the SQL that the replay's upgrades executed, each
// statement on the revision line that ran it: SQL built in loops, helpers
// and variables, and SQLAlchemy constructs, that the static reader cannot
// see. A finding that lint already made on the same call is dropped, so
// there is one per line and rule.
func executedFindings(l *loaded, opts *lint.Options, res *replay.Result, static []lint.Diagnostic) []lint.Diagnostic {
	exec := res.Executed()
	if len(exec) == 0 {
		return nil
	}
	byAbs := l.filesByAbsPath()
	synth := map[*revision.File]*revision.File{}
	for path, stmts := range exec {
		abs, err := filepath.Abs(path)
		f := byAbs[abs]
		if err != nil || f == nil || (opts.InScope != nil && !opts.InScope(f)) {
			continue
		}
		s := revision.Parse(f.Path, executedSource(stmts))
		s.Revision, s.HasRevision, s.DownRevisions, s.DependsOn = f.Revision, f.HasRevision, f.DownRevisions, f.DependsOn
		synth[f] = s
	}
	if len(synth) == 0 {
		return nil
	}
	p := *l.proj
	p.Files = make([]*revision.File, len(l.proj.Files))
	for i, f := range l.proj.Files {
		p.Files[i] = f
		if s := synth[f]; s != nil {
			p.Files[i] = s
		}
	}
	var rs []*lint.Rule
	executed := map[string]bool{}
	for _, r := range rules.All {
		if r.ExecutedSQL {
			rs = append(rs, r)
			executed[r.ID] = true
		}
	}
	o := *opts
	o.InScope = func(f *revision.File) bool {
		for _, s := range synth {
			if s == f {
				return true
			}
		}
		return false
	}
	o.Known = rules.Known()
	o.Suppressions = l.suppressions() // the revision files' comments silence executed findings too
	o.Early = nil                     // its findings are the revision files', not the executed SQL's
	at := l.callAt()
	key := func(d lint.Diagnostic) string {
		line := d.Line
		if abs, err := filepath.Abs(d.Path); err == nil {
			if l, _, ok := at(abs, d.Line); ok {
				line = l
			}
		}
		return fmt.Sprintf("%s\x00%d\x00%s", d.Path, line, d.Rule)
	}
	// the keys of lint's findings, made for the paths of executed
	// findings only (a key starts with its path): at parses each file it
	// looks in, and lint may have found much in files the replay never ran
	staticOn := map[string][]lint.Diagnostic{}
	for _, d := range static {
		staticOn[d.Path] = append(staticOn[d.Path], d)
	}
	seen := map[string]bool{}
	keyed := map[string]bool{}
	var out []lint.Diagnostic
	for _, d := range lint.Run(&p, rs, o) {
		if !keyed[d.Path] {
			keyed[d.Path] = true
			for _, sd := range staticOn[d.Path] {
				seen[key(sd)] = true
			}
		}
		if !executed[d.Rule] || seen[key(d)] {
			continue
		}
		seen[key(d)] = true
		d.Column = 1
		if abs, err := filepath.Abs(d.Path); err == nil {
			if _, c, ok := at(abs, d.Line); ok {
				d.Column = c
			}
		}
		d.Message += " (in the SQL the replay executed)"
		out = append(out, d)
	}
	return out
}

// executedSource writes the statements as a revision whose upgrade()
// executes each on the line that ran it (several on one line are one
// multi-statement string).
func executedSource(stmts []replay.Statement) []byte {
	byLine := map[int][]string{}
	last := 0
	for _, s := range stmts {
		line := max(s.Line, 3)
		byLine[line] = append(byLine[line], bindsAsParams(s.SQL))
		last = max(last, line)
	}
	var b strings.Builder
	b.WriteString("from alembic import op\ndef upgrade():\n")
	for line := 3; line <= last; line++ {
		if ss := byLine[line]; len(ss) > 0 {
			b.WriteString("    op.execute(" + strconv.Quote(strings.Join(ss, ";\n")) + ")")
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

var bindRE = regexp.MustCompile(`%\(\w+\)s|%s|%%`)

// bindsAsParams turns the DBAPI's placeholders (%(name)s, %s) into
// PostgreSQL's ($1), so that pg_query reads the statement.
func bindsAsParams(sql string) string {
	if !strings.Contains(sql, "%") {
		return sql
	}
	n := 0
	return bindRE.ReplaceAllStringFunc(sql, func(m string) string {
		if m == "%%" {
			return "%"
		}
		n++
		return "$" + strconv.Itoa(n)
	})
}

var rewriteTableRE = regexp.MustCompile(`(?: of | to )"([^"]+)"`)

// agree marks the lint findings that claim a table rewrite with what a
// replay with rows saw on the same call: "confirmed", or "not observed"
// (and a notice saying why). A call the replay did not see run is left
// alone.
func agree(l *loaded, ds []lint.Diagnostic, res *replay.Result) {
	rewrites := res.Rewrites()
	at := l.callAt()
	start := func(path string, line int) int {
		if abs, err := filepath.Abs(path); err == nil {
			if l, _, ok := at(abs, line); ok {
				return l
			}
		}
		return line
	}
	for i := range ds {
		d := &ds[i]
		if d.Rule != "alter-column-type" && d.Rule != "volatile-default" || len(rewrites[d.Revision]) == 0 {
			continue // a revision the replay saw nothing of is left alone: start parses the file
		}
		table := ""
		if m := rewriteTableRE.FindStringSubmatch(d.Message); m != nil {
			table = m[1]
		}
		ran, rewrote := false, false
		line := start(d.Path, d.Line)
		for _, s := range rewrites[d.Revision] {
			if !samePath(s.Path, d.Path) || start(s.Path, s.Line) != line {
				continue
			}
			ran = true
			rewrote = rewrote || (table != "" && s.RewroteTable(table)) || (table == "" && len(s.Rewrote) > 0)
		}
		switch {
		case !ran:
		case rewrote:
			d.Replay = "confirmed"
		default:
			d.Replay = "not observed"
			d.Severity = lint.Notice
			what := "the table"
			if table != "" {
				what = strconv.Quote(table)
			}
			d.Message += fmt.Sprintf("; the replay with rows saw no rewrite of %s here (its relfilenode did not change), so the change looks safe on this PostgreSQL", what)
		}
	}
}

func samePath(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}
