package rules

import (
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// RenameTable reports a table rename: the code that is running during
// the deploy still queries the old name.
var RenameTable = &lint.Rule{
	ID:       "rename-table",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: modelFacts,
	Run: func(p *lint.Pass) {
		all := ops(p)
		for i, op := range all {
			a, ok := op.(*migration.RenameTable)
			if !ok || isFresh(p, a) || viewKeepsName(all[i+1:], a.Table) || rebuilt(all[i+1:], a.Table) {
				continue
			}
			report(p, a, "expand and contract: create the new table (or leave a view under the old name), move readers and writers, then drop the old one in a later release",
				"renaming %s to %s breaks the running application, which still queries the old name",
				q(a.Table, "table"), qn(a.NewName, "a new name"))
		}
	},
}

// viewKeepsName reports whether a view is created under the old name
// afterwards: old queries keep working (a simple view is updatable).
func viewKeepsName(after []migration.Op, old string) bool {
	for _, x := range after {
		if _, ok := x.(*migration.CreateView); ok && old != "" && strings.EqualFold(x.Common().Table, old) {
			return true
		}
	}
	return false
}

// rebuilt reports whether a table is created under the old name afterwards:
// the rebuild idiom (rename to x_old, create x, copy the rows, drop x_old)
// keeps the name the application queries.
func rebuilt(after []migration.Op, old string) bool {
	for _, x := range after {
		if _, ok := x.(*migration.CreateTable); ok && old != "" && strings.EqualFold(x.Common().Table, old) {
			return true
		}
	}
	return false
}
