package rules

import "github.com/retortdev/retort/lint"

// RenameTable reports a table rename: the code that is running during
// the deploy still queries the old name.
var RenameTable = &lint.Rule{
	ID:       "rename-table",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kRenameTable || a.fresh {
				continue
			}
			report(p, a, "expand and contract: create the new table (or leave a view under the old name), move readers and writers, then drop the old one in a later release",
				"renaming %s to %s breaks the running application, which still queries the old name",
				q(a.table, "table"), qn(a.newName, "a new name"))
		}
	},
}
