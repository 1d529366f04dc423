package rules

import (
	"strings"

	"github.com/retortdev/retort/lint"
)

// RevisionCycle reports revisions whose down_revision chain loops.
var RevisionCycle = &lint.Rule{
	ID:       "revision-cycle",
	Severity: lint.Error,
	Scope:    lint.PerProject,
	Category: lint.CategoryGraph,
	Run: func(p *lint.Pass) {
		for _, cyc := range p.Graph.Cycles {
			path := strings.Join(append(append([]string(nil), cyc...), cyc[0]), " -> ")
			for _, id := range cyc {
				f := p.Graph.Revs[id].File
				if len(cyc) == 1 {
					p.ReportFile(f, assignPos(f, "down_revision"),
						"revision %q names itself as its down_revision; Alembic cannot order it and no command runs", id).Hint =
						"set down_revision to the revision this one really follows"
					continue
				}
				p.ReportFile(f, assignPos(f, "down_revision"),
					"revision %q is on a cycle (%s); Alembic cannot order these revisions and no command runs", id, path).Hint =
					"break the cycle: one of these down_revisions must point at an older revision"
			}
		}
	},
}
