package rules

import "github.com/retortdev/retort/lint"

// DropIndexNonConcurrently reports an index dropped from an existing table
// without CONCURRENTLY.
var DropIndexNonConcurrently = &lint.Rule{
	ID:       "drop-index-non-concurrently",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kDropIndex || isFresh(p, a) || a.later || a.concurrently {
				continue
			}
			hint := "op.drop_index(..., postgresql_concurrently=True) " + autocommitHint
			if a.sql {
				hint = "DROP INDEX CONCURRENTLY, in its own op.execute " + autocommitHint
			}
			report(p, a, hint, "dropping %s%s without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, blocking reads and writes while it waits for running queries",
				q(a.name, "index"), onTable("from", a.table))
		}
	},
}
