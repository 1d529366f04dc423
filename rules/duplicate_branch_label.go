package rules

import (
	"sort"

	"github.com/retortdev/retort/lint"
)

// DuplicateBranchLabel reports a branch label declared by more than one
// revision.
var DuplicateBranchLabel = &lint.Rule{
	ID:       "duplicate-branch-label",
	Severity: lint.Error,
	Scope:    lint.PerProject,
	Category: lint.CategoryGraph,
	Run: func(p *lint.Pass) {
		labels := make([]string, 0, len(p.Graph.Labels))
		for l, ids := range p.Graph.Labels {
			if len(ids) > 1 {
				labels = append(labels, l)
			}
		}
		sort.Strings(labels)
		for _, l := range labels {
			ids := p.Graph.Labels[l]
			for i, id := range ids {
				other := ids[0]
				if i == 0 {
					other = ids[1]
				}
				f := p.Graph.Revs[id].File
				p.ReportFile(f, assignPos(f, "branch_labels"),
					"branch label %q is also declared by revision %q; Alembic refuses to build the revision map", l, other).Hint =
					"keep the label on the first revision of the branch only"
			}
		}
	},
}
