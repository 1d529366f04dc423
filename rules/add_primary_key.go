package rules

import "github.com/retortdev/retort/lint"

// AddPrimaryKey reports a primary key added to an existing table, which
// builds its index (and checks NOT NULL) under an ACCESS EXCLUSIVE lock.
var AddPrimaryKey = &lint.Rule{
	ID:       "add-primary-key",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			if a.kind != kAddConstraint || a.conType != "primary key" || isFresh(p, a) || a.usingIndex {
				continue
			}
			report(p, a, "create a unique index with postgresql_concurrently=True "+autocommitHint+", then ALTER TABLE ... ADD CONSTRAINT ... PRIMARY KEY USING INDEX",
				"adding %s to %s builds its index and checks every row under an ACCESS EXCLUSIVE lock, blocking reads and writes",
				q(a.name, "primary key"), tq(a.table))
		}
	},
}
