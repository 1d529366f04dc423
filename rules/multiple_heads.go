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
		for _, h := range unallowed {
			f := g.Revs[h].File
			p.ReportFile(f, assignPos(f, "down_revision"),
				"revision %q is one of %d heads (%s); \"alembic upgrade head\" fails until they are merged",
				h, len(g.Heads), strings.Join(quoted, ", ")).Hint = hint
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
