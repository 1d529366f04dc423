package rules

import (
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
	"github.com/retortdev/retort/revision"
)

// SetNotNull reports SET NOT NULL on an existing column: PostgreSQL scans
// the table under an ACCESS EXCLUSIVE lock, unless (from 12) a validated
// CHECK (col IS NOT NULL) already proves it.
var SetNotNull = &lint.Rule{
	ID:       "set-not-null",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: modelFacts,
	Run: func(p *lint.Pass) {
		all := ops(p)
		pgv := p.Config.PG()
		for i, op := range all {
			a, ok := op.(*migration.SetNotNull)
			if !ok || isFresh(p, a) {
				continue
			}
			if pgv >= 12 && provenNotNull(p, all[:i], a) {
				continue
			}
			if notNullBefore(p, all[:i], a.Table, a.Column) {
				continue // already NOT NULL: PostgreSQL does nothing
			}
			hint := "add a CHECK (" + a.Column + " IS NOT NULL) NOT VALID constraint, VALIDATE it in a later migration, then set NOT NULL (PostgreSQL 12+ then skips the scan)"
			if pgv < 12 {
				hint = "before PostgreSQL 12 there is no cheap way: keep the column nullable and enforce it with a CHECK constraint added NOT VALID and validated later"
			}
			report(p, a, hint, "setting %s of %s to NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes",
				q(a.Column, "column"), tq(a.Table))
		}
	},
}

// notNullBefore reports whether table.col is known to be NOT NULL already:
// created so (nullable=False, primary_key=True, a PrimaryKeyConstraint) or
// set so, earlier in the function or in the nearest ancestors, with no
// other change to it since.
func notNullBefore(p *lint.Pass, before []migration.Op, table, col string) bool {
	if table == "" || col == "" {
		return false
	}
	if v, decided := lastNullability(before, table, col); decided {
		return v
	}
	found := false
	ancestors(p, nil, func(_ *revision.File, ops []migration.Op) bool {
		v, decided := lastNullability(ops, table, col)
		found = v
		return decided
	})
	return found
}

// lastNullability scans ops backwards for what last decided whether
// table.col is NOT NULL; decided is false when nothing did.
func lastNullability(ops []migration.Op, table, col string) (notNull, decided bool) {
	for i := len(ops) - 1; i >= 0; i-- {
		if !strings.EqualFold(ops[i].Common().Table, table) {
			continue
		}
		is := func(name string) bool { return strings.EqualFold(name, col) }
		switch x := ops[i].(type) {
		case *migration.SetNotNull:
			if is(x.Column) {
				return true, true
			}
		case *migration.AddColumn:
			if is(x.Column) {
				return x.NotNull, true
			}
		case *migration.OtherDDL:
			if is(x.Column) {
				return false, true // changed in a way not followed here
			}
		case *migration.AlterColumnType:
			if is(x.Column) {
				return false, true
			}
		case *migration.RenameColumn:
			if is(x.Column) || is(x.NewName) {
				return false, true
			}
		case *migration.CreateTable:
			return x.ColumnNotNull(col), true
		}
	}
	return false, false
}

// provenNotNull reports whether a validated CHECK (col IS NOT NULL) on the
// table exists before a: earlier in this migration or in one of the
// nearest ancestors (the check is added a revision or two before).
func provenNotNull(p *lint.Pass, before []migration.Op, a *migration.SetNotNull) bool {
	pool := append([]migration.Op(nil), before...)
	ancestors(p, nil, func(_ *revision.File, ops []migration.Op) bool {
		pool = append(pool, ops...)
		return false
	})
	validated := map[string]bool{}
	for _, op := range pool {
		if x, ok := op.(*migration.ValidateConstraint); ok && strings.EqualFold(x.Table, a.Table) {
			validated[strings.ToLower(x.Name)] = true
		}
	}
	for _, op := range pool {
		if x, ok := op.(*migration.AddConstraint); ok && x.Kind == migration.Check && strings.EqualFold(x.Table, a.Table) &&
			strings.EqualFold(x.NotNullCol, a.Column) && (!x.NotValid || validated[strings.ToLower(x.Name)]) {
			return true
		}
	}
	return false
}
