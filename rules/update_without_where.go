package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// UpdateWithoutWhere reports an UPDATE of a whole existing table inside a
// migration.
var UpdateWithoutWhere = &lint.Rule{
	ID:       "update-without-where",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: modelFacts,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.Update)
			if !ok || !a.All || isFresh(p, a) {
				continue
			}
			verb, stmt := "updating", "UPDATE"
			if a.Delete {
				verb, stmt = "deleting", "DELETE"
			}
			why := stmt + " without WHERE"
			if a.WhereAll {
				why = "its WHERE matches every row"
			}
			report(p, a, "work in batches ("+stmt+" ... WHERE id BETWEEN ...) in their own transactions, outside the schema change",
				"%s every row of %s (%s) in the migration's transaction locks them all until it commits, blocking concurrent writes",
				verb, tq(a.Table), why)
		}
	},
}
