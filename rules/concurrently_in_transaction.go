package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// ConcurrentlyInTransaction reports statements PostgreSQL refuses inside a
// transaction block (CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY,
// VACUUM, ...) run inside Alembic's migration transaction or in a
// multi-statement SQL string.
var ConcurrentlyInTransaction = &lint.Rule{
	ID:       "concurrently-in-transaction",
	Severity: lint.Error,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: modelFacts,
	Run: func(p *lint.Pass) {
		for _, op := range ops(p) {
			what := ""
			switch a := op.(type) {
			case *migration.CreateIndex:
				if !a.Concurrently {
					continue
				}
				what = "CREATE INDEX CONCURRENTLY"
			case *migration.DropIndex:
				if !a.Concurrently {
					continue
				}
				what = "DROP INDEX CONCURRENTLY"
			case *migration.UseNewEnumValue:
				if p.Config.PG() >= 12 { // before 12 ADD VALUE itself is reported
					report(p, a, "add the value in an earlier migration, or "+autocommitHint+" so that it is committed first",
						"using enum value %q in the transaction that added it fails: PostgreSQL refuses an enum value before it is committed", a.Value)
				}
				continue
			case *migration.AddEnumValue:
				if p.Config.PG() >= 12 || !a.InTx {
					continue
				}
				report(p, a, "upgrade to PostgreSQL 12+, or run it "+autocommitHint,
					"running ALTER TYPE ... ADD VALUE inside the migration's transaction fails before PostgreSQL 12, which refuses it in a transaction block")
				continue
			case *migration.NoTransaction:
				what = a.Statement
			default:
				continue
			}
			switch a := op.Common(); {
			case a.Multi:
				report(p, op, "give it its own op.execute(...) "+autocommitHint,
					"running %s in a multi-statement SQL string fails, because PostgreSQL runs the whole string as one transaction", what)
			case a.InTx:
				report(p, op, "run it "+autocommitHint,
					"running %s inside the migration's transaction fails, because PostgreSQL refuses it in a transaction block", what)
			}
		}
	},
}
