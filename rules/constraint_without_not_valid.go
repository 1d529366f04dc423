package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// ConstraintWithoutNotValid reports a foreign key or check constraint
// added to an existing table without NOT VALID, so PostgreSQL checks every
// row while it holds its lock.
var ConstraintWithoutNotValid = &lint.Rule{
	ID:          "constraint-without-not-valid",
	Severity:    lint.Warning,
	Scope:       lint.PerFile,
	Category:    lint.CategoryOperation,
	Requires:    modelFacts,
	ExecutedSQL: true,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.AddConstraint)
			if !ok || a.NotValid || (a.Kind != migration.ForeignKey && a.Kind != migration.Check) || isFresh(p, a) {
				continue
			}
			hint := "create it with postgresql_not_valid=True, then run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration"
			if a.SQL {
				hint = "add it with NOT VALID, then run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration"
			}
			if a.Kind == migration.ForeignKey && a.WithColumn {
				report(p, a, "add the column without ForeignKey, then op.create_foreign_key(..., postgresql_not_valid=True) and VALIDATE CONSTRAINT in a later migration",
					"adding %s to %s with a foreign key checks every row while holding a SHARE ROW EXCLUSIVE lock on both tables, blocking writes",
					q(a.Name, "column"), tq(a.Table))
				continue
			}
			if a.Kind == migration.ForeignKey {
				report(p, a, hint, "adding %s to %s checks every row while holding a SHARE ROW EXCLUSIVE lock on both tables, blocking writes",
					q(a.Name, "foreign key"), tq(a.Table))
				continue
			}
			report(p, a, hint, "adding %s to %s scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes",
				q(a.Name, "check constraint"), tq(a.Table))
		}
	},
}
