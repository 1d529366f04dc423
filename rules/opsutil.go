package rules

import (
	"fmt"
	"strings"

	"github.com/retortdev/retort/lint"
)

// Helpers shared by the operation and SQL rules.

// report records a finding at the act's position with its hint.
func report(p *lint.Pass, a *act, hint, format string, args ...any) {
	p.Report(a.pos, format, args...).Hint = hint
}

// q names an object: `column "email"`, or `a column` when the name is not
// known statically.
func q(name, what string) string {
	if name == "" {
		if strings.IndexByte("aeiou", what[0]) >= 0 && !strings.HasPrefix(what, "uni") {
			return "an " + what
		}
		return "a " + what
	}
	return fmt.Sprintf("%s %q", what, name)
}

// qn quotes a name, or returns alt when it is not known.
func qn(name, alt string) string {
	if name == "" {
		return alt
	}
	return fmt.Sprintf("%q", name)
}

// onTable is ` on "t"`, or "" when the table is unknown.
func onTable(prep, table string) string {
	if table == "" {
		return ""
	}
	return fmt.Sprintf(" %s %q", prep, table)
}

const autocommitHint = `inside "with op.get_context().autocommit_block():"`

// tq quotes a table name, or says "a table" when it is not known.
func tq(table string) string { return qn(table, "a table") }

// isFresh reports whether a's table holds no rows yet when a runs: it was
// created earlier in the same revision, or (when the history is known) in
// an ancestor revision that is not applied anywhere yet, so that both
// ship in the same deploy.
func isFresh(p *lint.Pass, a *act) bool {
	if a.fresh {
		return true
	}
	if p.History == nil || a.table == "" || p.Graph == nil || p.File == nil || !p.File.HasRevision || p.History.IsApplied(p.File.Revision) {
		return false
	}
	seen := map[string]bool{p.File.Revision: true}
	queue := []string{p.File.Revision}
	for n := 0; len(queue) > 0 && n < maxAncestors; n++ {
		r := p.Graph.Revs[queue[0]]
		queue = queue[1:]
		if r == nil {
			continue
		}
		for _, id := range append(append([]string(nil), r.Parents...), r.DependsOn...) {
			if seen[id] || p.History.IsApplied(id) {
				continue
			}
			seen[id] = true
			anc := p.Graph.Revs[id]
			if anc == nil || anc.File == nil {
				continue
			}
			for _, x := range groupActs(anc.File, "upgrade") {
				if x.kind == kCreateTable && strings.EqualFold(x.table, a.table) {
					return true
				}
			}
			queue = append(queue, id)
		}
	}
	return false
}
