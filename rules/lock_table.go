package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// LockTable reports an explicit LOCK TABLE in a migration.
var LockTable = &lint.Rule{
	ID:       "lock-table",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: modelFacts,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.Lock)
			if !ok || isFresh(p, a) {
				continue
			}
			report(p, a, "drop the explicit lock; if the migration really needs it, set lock_timeout first and keep the transaction short",
				"an explicit LOCK TABLE on %s blocks every other session that touches the table until the migration commits", tq(a.Table))
		}
	},
}
