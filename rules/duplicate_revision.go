package rules

import (
	"sort"

	"github.com/retortdev/retort/lint"
)

// DuplicateRevision reports revision ids declared by more than one file.
var DuplicateRevision = &lint.Rule{
	ID:       "duplicate-revision",
	Severity: lint.Error,
	Scope:    lint.PerProject,
	Category: lint.CategoryGraph,
	Run: func(p *lint.Pass) {
		ids := make([]string, 0, len(p.Graph.Duplicates))
		for id := range p.Graph.Duplicates {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			files := p.Graph.Duplicates[id]
			for i, f := range files {
				other := files[0]
				if i == 0 {
					other = files[1]
				}
				p.ReportFile(f, assignPos(f, "revision"),
					"revision id %q is also declared in %s; Alembic keeps only one of them and silently skips the other's migration",
					id, other.Path).Hint = "give one of them a new id (alembic revision prints a fresh one) and point its children at it"
			}
		}
	},
}
