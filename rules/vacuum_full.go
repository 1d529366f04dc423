package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// VacuumFull reports VACUUM FULL in a migration.
var VacuumFull = &lint.Rule{
	ID:       "vacuum-full",
	Severity: lint.Error,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: modelFacts,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.VacuumFull)
			if !ok || isFresh(p, a) {
				continue
			}
			what := "every table"
			if a.Table != "" {
				what = q(a.Table, "table")
			}
			report(p, a, "leave VACUUM to autovacuum; to reclaim space online use pg_repack, outside migrations",
				"running VACUUM FULL rewrites %s under an ACCESS EXCLUSIVE lock, blocking reads and writes until it finishes", what)
		}
	},
}
