package rules

import "github.com/retortdev/retort/lint"

// CreateIndexNonConcurrently reports an index built on an existing table
// without CONCURRENTLY.
var CreateIndexNonConcurrently = &lint.Rule{
	ID:       "create-index-non-concurrently",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kCreateIndex || isFresh(p, a) || a.concurrently {
				continue
			}
			hint := "op.create_index(..., postgresql_concurrently=True) " + autocommitHint
			if a.sql {
				hint = "CREATE INDEX CONCURRENTLY, in its own op.execute " + autocommitHint
			}
			report(p, a, hint, "creating %s%s without CONCURRENTLY blocks writes to the table until the index is built",
				q(a.name, "index"), onTable("on", a.table))
		}
	},
}
