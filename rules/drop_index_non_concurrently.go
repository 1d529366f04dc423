package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// DropIndexNonConcurrently reports an index dropped from an existing table
// without CONCURRENTLY.
var DropIndexNonConcurrently = &lint.Rule{
	ID:          "drop-index-non-concurrently",
	Severity:    lint.Warning,
	Scope:       lint.PerFile,
	Category:    lint.CategoryOperation,
	Requires:    modelFacts,
	ExecutedSQL: true,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.DropIndex)
			if !ok || a.Later || a.Concurrently || isFresh(p, a) {
				continue
			}
			hint := "op.drop_index(..., postgresql_concurrently=True) " + autocommitHint
			if a.SQL {
				hint = "DROP INDEX CONCURRENTLY, in its own op.execute " + autocommitHint
			}
			report(p, a, hint, "dropping %s%s without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, blocking reads and writes while it waits for running queries",
				q(a.Name, "index"), onTable("from", a.Table))
		}
	},
}
