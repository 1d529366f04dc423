package rules

import "github.com/retortdev/retort/lint"

// UpdateWithoutWhere reports an UPDATE of a whole existing table inside a
// migration.
var UpdateWithoutWhere = &lint.Rule{
	ID:       "update-without-where",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kUpdate || isFresh(p, a) {
				continue
			}
			report(p, a, "backfill in batches (UPDATE ... WHERE id BETWEEN ...) in their own transactions, outside the schema change",
				"updating every row of %s (UPDATE without WHERE) in the migration's transaction locks them all until it commits, blocking concurrent writes",
				tq(a.table))
		}
	},
}
