package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// DivergedFromBase reports a revision this change adds whose parent is no
// longer a head of the base branch: once the change and the base are both
// merged, the project has two heads.
var DivergedFromBase = &lint.Rule{
	ID:       "diverged-from-base",
	Severity: lint.Error,
	Scope:    lint.PerProject,
	Category: lint.CategoryHistory,
	Run: func(p *lint.Pass) {
		h := p.History
		if h == nil || h.Tip == nil || h.Tip.Graph == nil || len(h.Added) == 0 {
			return
		}
		tip := h.Tip
		// the project as it will be once merged: this change plus what the
		// base has and it lacks
		files := append([]*revision.File(nil), p.Project.Files...)
		for id, r := range tip.Graph.Revs {
			if p.Graph.Revs[id] == nil {
				files = append(files, r.File)
			}
		}
		merged := p.Graph
		if len(files) > len(p.Project.Files) || merged == nil {
			// the base has revisions this change lacks (the usual pull
			// request has none: the project's graph is the merged one)
			merged = revision.NewGraph(files)
		}
		isHead := map[string]bool{}
		for _, id := range merged.Heads {
			isHead[id] = true
		}
		tipHead := map[string]bool{}
		for _, id := range tip.Heads {
			tipHead[id] = true
		}
		// each added revision whose parent the base has moved past, with the
		// base heads that would stay heads beside it
		type stale struct {
			rev    *revision.Rev
			parent string
			heads  []string
		}
		var found []stale
		for _, id := range h.Added {
			r := p.Graph.Revs[id]
			if r == nil || headAllowed(p, id) {
				continue
			}
			for _, parent := range r.Parents {
				if tip.Graph.Revs[parent] == nil || tipHead[parent] {
					continue
				}
				var heads []string
				for d := range tip.Graph.Descendants(parent) {
					if tipHead[d] && isHead[d] {
						heads = append(heads, d)
					}
				}
				if len(heads) > 0 {
					sort.Strings(heads)
					found = append(found, stale{r, parent, heads})
					break
				}
			}
		}
		// when a later added revision (a merge) also starts from a stale
		// parent, that one is where the fix goes
		staleID := map[string]bool{}
		for _, s := range found {
			staleID[s.rev.ID] = true
		}
		for _, s := range found {
			later := false
			for d := range p.Graph.Descendants(s.rev.ID) {
				if d != s.rev.ID && staleID[d] {
					later = true
				}
			}
			if later {
				continue
			}
			id := s.rev.ID
			d := p.ReportFile(s.rev.File, assignPos(s.rev.File, "down_revision"),
				"revision %q descends from %q, which is no longer a head of %s (%s now follows it); once both are merged the project has two heads and \"alembic upgrade head\" fails",
				id, s.parent, tip.Name, strings.Join(quoteAll(s.heads), ", "))
			if s.rev.IsMerge() || len(s.heads) > 1 {
				newHeads := []string{}
				for _, hd := range merged.Heads {
					if merged.Ancestors(hd)[id] {
						newHeads = append(newHeads, hd)
					}
				}
				d.Hint = fmt.Sprintf("merge %s into this branch, then run: alembic merge -m \"merge heads\" %s %s", tip.Name, strings.Join(newHeads, " "), strings.Join(s.heads, " "))
			} else {
				d.Hint = fmt.Sprintf("set down_revision = %q (and the header's Revises:), so that it follows %s", s.heads[0], tip.Name)
			}
		}
	},
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
