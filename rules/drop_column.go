package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// DropColumn reports a column dropped from an existing table.
var DropColumn = &lint.Rule{
	ID:          "drop-column",
	Severity:    lint.Warning,
	Scope:       lint.PerFile,
	Category:    lint.CategoryOperation,
	Requires:    modelFacts,
	ExecutedSQL: true,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.DropColumn)
			if !ok || a.Later || isFresh(p, a) {
				continue
			}
			report(p, a, "stop using the column first (remove it from the model, or mark it deferred) and deploy that; drop it in a later release",
				"dropping %s of %s breaks the running application while it still selects it, and its data is gone",
				q(a.Column, "column"), tq(a.Table))
		}
	},
}
