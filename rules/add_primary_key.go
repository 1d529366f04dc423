package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// AddPrimaryKey reports a primary key added to an existing table, which
// builds its index (and checks NOT NULL) under an ACCESS EXCLUSIVE lock.
var AddPrimaryKey = &lint.Rule{
	ID:          "add-primary-key",
	Severity:    lint.Warning,
	Scope:       lint.PerFile,
	Category:    lint.CategoryOperation,
	Requires:    modelFacts,
	ExecutedSQL: true,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.AddConstraint)
			if !ok || a.Kind != migration.PrimaryKey || a.UsingIndex || isFresh(p, a) {
				continue
			}
			report(p, a, "create a unique index with postgresql_concurrently=True "+autocommitHint+", then ALTER TABLE ... ADD CONSTRAINT ... PRIMARY KEY USING INDEX",
				"adding %s to %s builds its index and checks every row under an ACCESS EXCLUSIVE lock, blocking reads and writes",
				q(a.Name, "primary key"), tq(a.Table))
		}
	},
}
