package rules

import (
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// DropTable reports a table dropped by a migration.
var DropTable = &lint.Rule{
	ID:       "drop-table",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: modelFacts,
	Run: func(p *lint.Pass) {
		all := ops(p)
		for i, op := range all {
			a, ok := op.(*migration.DropTable)
			if !ok || isFresh(p, a) || rebuildLeftover(all[:i], a.Table) {
				continue
			}
			report(p, a, "remove every use of the table and deploy that first; drop it in a later release, after a backup",
				"dropping %s deletes its data and breaks the running application while it still queries it",
				q(a.Table, "table"))
		}
	},
}

// rebuildLeftover reports whether a dropped table is the old copy left by
// a rebuild earlier in the same function: renamed from a name that was
// then created again (the rows were copied into the new table).
func rebuildLeftover(before []migration.Op, table string) bool {
	for i, op := range before {
		if x, ok := op.(*migration.RenameTable); ok && table != "" && strings.EqualFold(x.NewName, table) && rebuilt(before[i+1:], x.Table) {
			return true
		}
	}
	return false
}
