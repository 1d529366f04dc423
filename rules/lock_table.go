package rules

import "github.com/retortdev/retort/lint"

// LockTable reports an explicit LOCK TABLE in a migration.
var LockTable = &lint.Rule{
	ID:       "lock-table",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kLock || isFresh(p, a) {
				continue
			}
			report(p, a, "drop the explicit lock; if the migration really needs it, set lock_timeout first and keep the transaction short",
				"an explicit LOCK TABLE on %s blocks every other session that touches the table until the migration commits", tq(a.table))
		}
	},
}
