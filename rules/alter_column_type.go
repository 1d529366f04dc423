package rules

import "github.com/retortdev/retort/lint"

// AlterColumnType reports a column type change that makes PostgreSQL
// rewrite the table and its indexes. Changes that keep the data as it is
// (varchar widened, varchar to text, numeric precision raised) are quiet
// when the old type is known from existing_type.
var AlterColumnType = &lint.Rule{
	ID:       "alter-column-type",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kAlterType || a.fresh || (!a.using && noRewrite(a.oldType, a.newType)) {
				continue
			}
			hint := "add a new column, backfill it in batches, switch the code to it, then drop the old one"
			switch {
			case a.oldType.known() && a.newType.known():
				report(p, a, hint, "changing %s of %s from %s to %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes",
					q(a.name, "column"), tq(a.table), a.oldType, a.newType)
			case a.oldGiven:
				report(p, a, hint, "changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged, blocking reads and writes",
					q(a.name, "column"), tq(a.table))
			case a.sql:
				report(p, a, hint+" (widening varchar or varchar to text is safe)",
					"changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged, blocking reads and writes",
					q(a.name, "column"), tq(a.table))
			default:
				report(p, a, hint+"; if this only widens varchar or turns it into text, pass existing_type= so retort can tell it is safe",
					"changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged (existing_type is not given), blocking reads and writes",
					q(a.name, "column"), tq(a.table))
			}
		}
	},
}
