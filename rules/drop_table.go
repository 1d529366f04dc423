package rules

import (
	"strings"

	"github.com/retortdev/retort/lint"
)

// DropTable reports a table dropped by a migration.
var DropTable = &lint.Rule{
	ID:       "drop-table",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		all := acts(p)
		for i, a := range all {
			if a.kind != kDropTable || isFresh(p, a) || rebuildLeftover(all[:i], a.table) {
				continue
			}
			report(p, a, "remove every use of the table and deploy that first; drop it in a later release, after a backup",
				"dropping %s deletes its data and breaks the running application while it still queries it",
				q(a.table, "table"))
		}
	},
}

// rebuildLeftover reports whether a dropped table is the old copy left by
// a rebuild earlier in the same function: renamed from a name that was
// then created again (the rows were copied into the new table).
func rebuildLeftover(before []*act, table string) bool {
	for i, x := range before {
		if x.kind == kRenameTable && table != "" && strings.EqualFold(x.newName, table) && rebuilt(before[i+1:], x.table) {
			return true
		}
	}
	return false
}
