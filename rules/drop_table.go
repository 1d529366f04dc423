package rules

import "github.com/retortdev/retort/lint"

// DropTable reports a table dropped by a migration.
var DropTable = &lint.Rule{
	ID:       "drop-table",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kDropTable || a.fresh {
				continue
			}
			report(p, a, "remove every use of the table and deploy that first; drop it in a later release, after a backup",
				"dropping %s deletes its data and breaks the running application while it still queries it",
				q(a.table, "table"))
		}
	},
}
