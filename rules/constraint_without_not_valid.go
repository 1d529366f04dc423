package rules

import "github.com/retortdev/retort/lint"

// ConstraintWithoutNotValid reports a foreign key or check constraint
// added to an existing table without NOT VALID, so PostgreSQL checks every
// row while it holds its lock.
var ConstraintWithoutNotValid = &lint.Rule{
	ID:       "constraint-without-not-valid",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kAddConstraint || isFresh(p, a) || a.notValid || (a.conType != "foreign key" && a.conType != "check") {
				continue
			}
			hint := "create it with postgresql_not_valid=True, then run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration"
			if a.sql {
				hint = "add it with NOT VALID, then run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration"
			}
			if a.conType == "foreign key" && a.what == "column" {
				report(p, a, "add the column without ForeignKey, then op.create_foreign_key(..., postgresql_not_valid=True) and VALIDATE CONSTRAINT in a later migration",
					"adding %s to %s with a foreign key checks every row while holding a SHARE ROW EXCLUSIVE lock on both tables, blocking writes",
					q(a.name, "column"), tq(a.table))
				continue
			}
			if a.conType == "foreign key" {
				report(p, a, hint, "adding %s to %s checks every row while holding a SHARE ROW EXCLUSIVE lock on both tables, blocking writes",
					q(a.name, "foreign key"), tq(a.table))
				continue
			}
			report(p, a, hint, "adding %s to %s scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes",
				q(a.name, "check constraint"), tq(a.table))
		}
	},
}
