package rules

import "github.com/retortdev/retort/lint"

// ConcurrentlyInTransaction reports statements PostgreSQL refuses inside a
// transaction block (CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY,
// VACUUM, ...) run inside Alembic's migration transaction or in a
// multi-statement SQL string.
var ConcurrentlyInTransaction = &lint.Rule{
	ID:       "concurrently-in-transaction",
	Severity: lint.Error,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		for _, a := range acts(p) {
			what := ""
			switch {
			case a.kind == kCreateIndex && a.concurrently:
				what = "CREATE INDEX CONCURRENTLY"
			case a.kind == kDropIndex && a.concurrently:
				what = "DROP INDEX CONCURRENTLY"
			case a.kind == kNoTx && a.what == enumUse:
				if p.Config.PG() >= 12 { // before 12 ADD VALUE itself is reported
					report(p, a, "add the value in an earlier migration, or "+autocommitHint+" so that it is committed first",
						"using enum value %q in the transaction that added it fails: PostgreSQL refuses an enum value before it is committed", a.name)
				}
				continue
			case a.kind == kNoTx && a.what == addValue:
				if p.Config.PG() >= 12 || !a.inTx {
					continue
				}
				report(p, a, "upgrade to PostgreSQL 12+, or run it "+autocommitHint,
					"running ALTER TYPE ... ADD VALUE inside the migration's transaction fails before PostgreSQL 12, which refuses it in a transaction block")
				continue
			case a.kind == kNoTx:
				what = a.what
			default:
				continue
			}
			switch {
			case a.multi:
				report(p, a, "give it its own op.execute(...) "+autocommitHint,
					"running %s in a multi-statement SQL string fails, because PostgreSQL runs the whole string as one transaction", what)
			case a.inTx:
				report(p, a, "run it "+autocommitHint,
					"running %s inside the migration's transaction fails, because PostgreSQL refuses it in a transaction block", what)
			}
		}
	},
}
