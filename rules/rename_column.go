package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// RenameColumn reports a column renamed on an existing table: the code
// that is running during the deploy still uses the old name.
var RenameColumn = &lint.Rule{
	ID:       "rename-column",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: modelFacts,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.RenameColumn)
			if !ok || isFresh(p, a) {
				continue
			}
			report(p, a, "expand and contract: add the new column, write both, backfill, switch reads, then drop the old column in a later release",
				"renaming %s of %s to %s breaks the running application, which still uses the old name",
				q(a.Column, "column"), tq(a.Table), qn(a.NewName, "a new name"))
		}
	},
}
