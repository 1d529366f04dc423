package rules

import "github.com/retortdev/retort/lint"

// NotNullWithoutDefault reports a NOT NULL (or primary key) column added
// to an existing table without a server-side default.
var NotNullWithoutDefault = &lint.Rule{
	ID:       "not-null-without-default",
	Severity: lint.Error,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kAddColumn || isFresh(p, a) || !a.notNull || a.hasDefault {
				continue
			}
			msg := "adding %s to %s without a server_default fails on a table that has rows"
			if a.sql {
				msg = "adding %s to %s without a DEFAULT fails on a table that has rows"
			} else if a.pyDefault {
				msg += " (default= is applied by SQLAlchemy on insert, not by the database)"
			}
			hint := "add it nullable, backfill it, then set NOT NULL; or give it a constant server_default"
			if a.pyLiteral != "" {
				hint = "give it server_default=" + a.pyLiteral + " (kept in the database), or add it nullable, backfill it, then set NOT NULL"
			}
			report(p, a, hint, msg, q(a.name, "NOT NULL column"), tq(a.table))
		}
	},
}
