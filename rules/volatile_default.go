package rules

import (
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// VolatileDefault reports a column added to an existing table with a
// default that makes PostgreSQL rewrite the table: a volatile one, or any
// default before PostgreSQL 11.
var VolatileDefault = &lint.Rule{
	ID:          "volatile-default",
	Severity:    lint.Warning,
	Scope:       lint.PerFile,
	Category:    lint.CategoryOperation,
	Requires:    modelFacts,
	ExecutedSQL: true,
	Run: func(p *lint.Pass) {
		pgv := p.Config.PG()
		for _, op := range ops(p) {
			a, ok := op.(*migration.AddColumn)
			if !ok || !a.HasDefault || isFresh(p, a) {
				continue
			}
			if a.DefaultPos.Line > 0 {
				d := *a
				d.Pos = a.DefaultPos
				a = &d
			}
			hint := "add the column without a default, then set the default with alter_column and backfill existing rows in batches"
			switch {
			case strings.HasSuffix(a.Volatile, "()"):
				report(p, a, hint, "adding %s to %s with volatile default %s rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes",
					q(a.Column, "column"), tq(a.Table), a.Volatile)
			case a.Volatile != "":
				report(p, a, "add a nullable column, backfill it in batches, then attach the sequence or identity",
					"adding %s to %s as %s rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes",
					q(a.Column, "column"), tq(a.Table), a.Volatile)
			case pgv < 11:
				report(p, a, hint, "adding %s to %s with a default rewrites the whole table on PostgreSQL %d (before 11 every default does), blocking reads and writes",
					q(a.Column, "column"), tq(a.Table), pgv)
			}
		}
	},
}
