package rules

import "github.com/retortdev/retort/lint"

// VacuumFull reports VACUUM FULL in a migration.
var VacuumFull = &lint.Rule{
	ID:       "vacuum-full",
	Severity: lint.Error,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kVacuum || !a.full || isFresh(p, a) {
				continue
			}
			what := "every table"
			if a.table != "" {
				what = q(a.table, "table")
			}
			report(p, a, "leave VACUUM to autovacuum; to reclaim space online use pg_repack, outside migrations",
				"running VACUUM FULL rewrites %s under an ACCESS EXCLUSIVE lock, blocking reads and writes until it finishes", what)
		}
	},
}
