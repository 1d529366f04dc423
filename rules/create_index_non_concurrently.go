package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// CreateIndexNonConcurrently reports an index built on an existing table
// without CONCURRENTLY.
var CreateIndexNonConcurrently = &lint.Rule{
	ID:          "create-index-non-concurrently",
	Severity:    lint.Warning,
	Scope:       lint.PerFile,
	Category:    lint.CategoryOperation,
	Requires:    modelFacts,
	ExecutedSQL: true,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.CreateIndex)
			if !ok || a.Concurrently || isFresh(p, a) {
				continue
			}
			hint := "op.create_index(..., postgresql_concurrently=True) " + autocommitHint
			if a.SQL {
				hint = "CREATE INDEX CONCURRENTLY, in its own op.execute " + autocommitHint
			}
			report(p, a, hint, "creating %s%s without CONCURRENTLY blocks writes to the table until the index is built",
				q(a.Name, "index"), onTable("on", a.Table))
		}
	},
}
