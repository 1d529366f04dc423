package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// AddUniqueConstraint reports a unique constraint added to an existing
// table, which builds its index under an ACCESS EXCLUSIVE lock.
var AddUniqueConstraint = &lint.Rule{
	ID:          "add-unique-constraint",
	Severity:    lint.Warning,
	Scope:       lint.PerFile,
	Category:    lint.CategoryOperation,
	Requires:    modelFacts,
	ExecutedSQL: true,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.AddConstraint)
			if !ok || a.Kind != migration.Unique || a.UsingIndex || isFresh(p, a) {
				continue
			}
			hint := "create a unique index with postgresql_concurrently=True " + autocommitHint + ", then ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX"
			if a.WithColumn {
				report(p, a, hint, "adding %s to %s with unique=True builds a unique index under an ACCESS EXCLUSIVE lock, blocking reads and writes",
					q(a.Name, "column"), tq(a.Table))
				continue
			}
			report(p, a, hint, "adding %s to %s builds its index under an ACCESS EXCLUSIVE lock, blocking reads and writes",
				q(a.Name, "unique constraint"), tq(a.Table))
		}
	},
}
