package rules

import (
	"fmt"
	"strings"

	"github.com/retortdev/retort/lint"
)

// MultipleHeads reports a graph with more than one head on each head's
// down_revision line.
var MultipleHeads = &lint.Rule{
	ID:       "multiple-heads",
	Severity: lint.Error,
	Scope:    lint.PerProject,
	Category: lint.CategoryGraph,
	Run: func(p *lint.Pass) {
		g := p.Graph
		if len(g.Heads) < 2 {
			return
		}
		var unallowed []string
		for _, h := range g.Heads {
			if !headAllowed(p, h) {
				unallowed = append(unallowed, h)
			}
		}
		// heads that allowed-heads covers may coexist with one other
		if len(unallowed) < 2 {
			return
		}
		quoted := make([]string, len(g.Heads))
		for i, h := range g.Heads {
			quoted[i] = fmt.Sprintf("%q", h)
		}
		hint := fmt.Sprintf("retort merge --heads %s (or: alembic merge -m \"merge heads\" %s)", strings.Join(unallowed, ","), strings.Join(unallowed, " "))
		if labels := branchLabels(p, unallowed); labels != nil {
			// expand/contract and the like: named branches kept apart
			hint = fmt.Sprintf("if these branches are kept apart on purpose, list them in allowed-heads = [%s] in the retort configuration and upgrade with \"alembic upgrade heads\"",
				strings.Join(labels, ", "))
		}
		note := unevaluatedNote(p)
		for _, h := range unallowed {
			f := g.Revs[h].File
			p.ReportFile(f, assignPos(f, "down_revision"),
				"revision %q is one of %d heads (%s); \"alembic upgrade head\" fails until they are merged%s",
				h, len(g.Heads), strings.Join(quoted, ", "), note).Hint = hint
		}
	},
}

// headAllowed reports whether allowed-heads names the head, or a branch
// label declared on it or on one of its ancestors.
func headAllowed(p *lint.Pass, head string) bool {
	if len(p.Config.AllowedHeads) == 0 {
		return false
	}
	anc := p.Graph.Ancestors(head)
	for _, a := range p.Config.AllowedHeads {
		if a == head {
			return true
		}
		for _, id := range p.Graph.Labels[a] {
			if anc[id] {
				return true
			}
		}
	}
	return false
}

// branchLabels returns one quoted branch label per head when every head
// carries labels that no other head carries, else nil.
func branchLabels(p *lint.Pass, heads []string) []string {
	owner := map[string]string{}
	var out []string
	for _, h := range heads {
		labels := p.Graph.Revs[h].BranchLabels
		if len(labels) == 0 {
			return nil
		}
		for _, l := range labels {
			if o, ok := owner[l]; ok && o != h {
				return nil
			}
			owner[l] = h
		}
		out = append(out, fmt.Sprintf("%q", labels[0]))
	}
	return out
}

// unevaluatedNote names the revisions whose down_revision holds another
// module's constants without a docstring to read instead: their parents
// are unknown, so the heads may be wrong.
func unevaluatedNote(p *lint.Pass) string {
	var names []string
	for _, id := range p.Graph.Bases {
		f := p.Graph.Revs[id].File
		for _, u := range f.Unevaluated {
			if u.Var == "down_revision" {
				names = append(names, fmt.Sprintf("%q (down_revision = %s)", id, strings.Join(u.Names, ", ")))
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "; retort could not evaluate the parents of " + strings.Join(names, ", ") + ", which name constants of another module"
}
