package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// NotNullWithoutDefault reports a NOT NULL (or primary key) column added
// to an existing table without a server-side default.
var NotNullWithoutDefault = &lint.Rule{
	ID:          "not-null-without-default",
	Severity:    lint.Error,
	Scope:       lint.PerFile,
	Category:    lint.CategoryOperation,
	Requires:    modelFacts,
	ExecutedSQL: true,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.AddColumn)
			if !ok || !a.NotNull || a.HasDefault || isFresh(p, a) {
				continue
			}
			msg := "adding %s to %s without a server_default fails on a table that has rows"
			if a.SQL {
				msg = "adding %s to %s without a DEFAULT fails on a table that has rows"
			} else if a.PyDefault {
				msg += " (default= is applied by SQLAlchemy on insert, not by the database)"
			}
			hint := "add it nullable, backfill it, then set NOT NULL; or give it a constant server_default"
			if a.PyLiteral != "" {
				hint = "give it server_default=" + a.PyLiteral + " (kept in the database), or add it nullable, backfill it, then set NOT NULL"
			}
			report(p, a, hint, msg, q(a.Column, "NOT NULL column"), tq(a.Table))
		}
	},
}
