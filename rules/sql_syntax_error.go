package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// SQLSyntaxError reports literal SQL that PostgreSQL's parser rejects.
var SQLSyntaxError = &lint.Rule{
	ID:       "sql-syntax-error",
	Severity: lint.Error,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: modelFacts,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			a, ok := op.(*migration.SyntaxError)
			if !ok {
				continue
			}
			report(p, a, "fix the statement (psql shows the same error); SQL for another database belongs under a dialect check",
				"this SQL does not parse: %s; the migration fails when it runs", a.Message)
		}
	},
}
