package rules

import (
	"fmt"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// AlterColumnType reports a column type change that makes PostgreSQL
// rewrite the table and its indexes. Changes that keep the data as it is
// (varchar widened, varchar to text, numeric precision raised) are quiet
// when the old type is known from existing_type.
var AlterColumnType = &lint.Rule{
	ID:       "alter-column-type",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		all := acts(p)
		env := typeEnv{f: p.File, types: p.Config.Types}
		for i, a := range all {
			if a.kind != kAlterType || isFresh(p, a) {
				continue
			}
			if len(env.types) > 0 {
				x := *a
				if a.typeV != nil {
					x.newType = env.of(*a.typeV)
				}
				if a.oldTypeV != nil {
					x.oldType = env.of(*a.oldTypeV)
				}
				a = &x
			}
			if !a.oldType.known() {
				// the type the column was created with, or last changed to
				if t, ok := typeBefore(p, env, all[:i], a.table, a.name); ok {
					x := *a
					x.oldType, x.oldGiven = t, true
					a = &x
				}
			}
			using := a.using && !(a.usingPlain && (!a.usingType.known() || a.oldType.known() && keepsData(a.oldType, a.usingType)))
			if !using && noRewrite(a.oldType, a.newType) {
				continue
			}
			hint := "add a new column, backfill it in batches, switch the code to it, then drop the old one"
			switch {
			case a.oldType.known() && a.newType.known():
				report(p, a, hint, "changing %s of %s from %s to %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes",
					q(a.name, "column"), tq(a.table), a.oldType, a.newType)
			case a.oldGiven && a.newType.known():
				report(p, a, hint+fmt.Sprintf("; retort cannot read the old type given in existing_type: if it is a custom type that is already %s on PostgreSQL, name it in the types table of the retort configuration", a.newType),
					"changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged, blocking reads and writes",
					q(a.name, "column"), tq(a.table))
			case a.oldGiven:
				report(p, a, hint+"; retort cannot read the new type: if it is a custom type, name it in the types table of the retort configuration", "changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged, blocking reads and writes",
					q(a.name, "column"), tq(a.table))
			case a.sql:
				report(p, a, hint+fmt.Sprintf("; the old type of %s is unknown to retort (no revision it read created it): widening varchar or numeric, or varchar to text, would be safe", q(a.name, "column")),
					"changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged, blocking reads and writes",
					q(a.name, "column"), tq(a.table))
			default:
				report(p, a, hint+"; the old type is unknown to retort: if this only widens varchar or numeric or turns varchar into text, pass existing_type= so retort can tell it is safe",
					"changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged (existing_type is not given), blocking reads and writes",
					q(a.name, "column"), tq(a.table))
			}
		}
	},
}

// typeBefore finds the type of table.col before an ALTER: the last change
// of its type, its add_column or its create_table, earlier in the same
// function or in the nearest ancestors.
func typeBefore(p *lint.Pass, env typeEnv, before []*act, table, col string) (sqlType, bool) {
	if table == "" || col == "" {
		return sqlType{}, false
	}
	if t, ok := lastType(env, before, table, col); ok {
		return t, true
	}
	found, t := false, sqlType{}
	nearestAncestors(p, func(f *revision.File, acts []*act) bool {
		t, found = lastType(typeEnv{f: f, types: env.types}, acts, table, col)
		return found
	})
	return t, found
}

// lastType scans acts backwards for what set table.col's type.
func lastType(env typeEnv, acts []*act, table, col string) (sqlType, bool) {
	for i := len(acts) - 1; i >= 0; i-- {
		x := acts[i]
		if !strings.EqualFold(x.table, table) {
			continue
		}
		switch {
		case x.kind == kAlterType && strings.EqualFold(x.name, col):
			t := x.newType
			if len(env.types) > 0 && x.typeV != nil {
				t = env.of(*x.typeV)
			}
			return t, t.known()
		case x.kind == kAddColumn && strings.EqualFold(x.name, col):
			t := x.colType
			if len(env.types) > 0 && x.typeV != nil {
				t = env.of(*x.typeV)
			}
			return t, t.known()
		case x.kind == kCreateTable:
			t, ok := createdType(env, x, col)
			return t, ok && t.known()
		case x.kind == kRenameColumn && strings.EqualFold(x.newName, col):
			return sqlType{}, false
		}
	}
	return sqlType{}, false
}

// createdType returns the type a CREATE TABLE gave a column.
func createdType(env typeEnv, x *act, col string) (sqlType, bool) {
	if x.call == nil {
		t, ok := x.cols[strings.ToLower(col)]
		return t, ok
	}
	for _, v := range x.call.Args {
		if v.Kind != revision.CallV {
			continue
		}
		if c, ok := parseColumn(v.Call); ok && strings.EqualFold(c.name, col) {
			return env.of(c.typ), true
		}
	}
	return sqlType{}, false
}
