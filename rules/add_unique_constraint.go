package rules

import "github.com/retortdev/retort/lint"

// AddUniqueConstraint reports a unique constraint added to an existing
// table, which builds its index under an ACCESS EXCLUSIVE lock.
var AddUniqueConstraint = &lint.Rule{
	ID:       "add-unique-constraint",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kAddConstraint || a.conType != "unique" || isFresh(p, a) || a.usingIndex {
				continue
			}
			hint := "create a unique index with postgresql_concurrently=True " + autocommitHint + ", then ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX"
			if a.what == "column" {
				report(p, a, hint, "adding %s to %s with unique=True builds a unique index under an ACCESS EXCLUSIVE lock, blocking reads and writes",
					q(a.name, "column"), tq(a.table))
				continue
			}
			report(p, a, hint, "adding %s to %s builds its index under an ACCESS EXCLUSIVE lock, blocking reads and writes",
				q(a.name, "unique constraint"), tq(a.table))
		}
	},
}
