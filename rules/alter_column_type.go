package rules

import (
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
	Run: func(p *lint.Pass) {
		all := acts(p)
		for i, a := range all {
			if a.kind != kAlterType || isFresh(p, a) {
				continue
			}
			if !a.oldType.known() {
				// the type the column was created with, or last changed to
				if t, ok := typeBefore(p, all[:i], a.table, a.name); ok {
					x := *a
					x.oldType, x.oldGiven = t, true
					a = &x
				}
			}
			if !a.using && noRewrite(a.oldType, a.newType) {
				continue
			}
			hint := "add a new column, backfill it in batches, switch the code to it, then drop the old one"
			switch {
			case a.oldType.known() && a.newType.known():
				report(p, a, hint, "changing %s of %s from %s to %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes",
					q(a.name, "column"), tq(a.table), a.oldType, a.newType)
			case a.oldGiven:
				report(p, a, hint, "changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged, blocking reads and writes",
					q(a.name, "column"), tq(a.table))
			case a.sql:
				report(p, a, hint+" (widening varchar or varchar to text is safe)",
					"changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged, blocking reads and writes",
					q(a.name, "column"), tq(a.table))
			default:
				report(p, a, hint+"; if this only widens varchar or turns it into text, pass existing_type= so retort can tell it is safe",
					"changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged (existing_type is not given), blocking reads and writes",
					q(a.name, "column"), tq(a.table))
			}
		}
	},
}

// typeBefore finds the type of table.col before an ALTER: the last change
// of its type, its add_column or its create_table, earlier in the same
// function or in the nearest ancestors.
func typeBefore(p *lint.Pass, before []*act, table, col string) (sqlType, bool) {
	if table == "" || col == "" {
		return sqlType{}, false
	}
	if t, ok := lastType(before, table, col); ok {
		return t, true
	}
	found, t := false, sqlType{}
	nearestAncestors(p, func(f []*act) bool {
		t, found = lastType(f, table, col)
		return found
	})
	return t, found
}

// lastType scans acts backwards for what set table.col's type.
func lastType(acts []*act, table, col string) (sqlType, bool) {
	for i := len(acts) - 1; i >= 0; i-- {
		x := acts[i]
		if !strings.EqualFold(x.table, table) {
			continue
		}
		switch {
		case x.kind == kAlterType && strings.EqualFold(x.name, col):
			return x.newType, x.newType.known()
		case x.kind == kAddColumn && strings.EqualFold(x.name, col):
			return x.colType, x.colType.known()
		case x.kind == kCreateTable:
			t, ok := createdType(x, col)
			return t, ok && t.known()
		case x.kind == kRenameColumn && strings.EqualFold(x.newName, col):
			return sqlType{}, false
		}
	}
	return sqlType{}, false
}

// createdType returns the type a CREATE TABLE gave a column.
func createdType(x *act, col string) (sqlType, bool) {
	if x.call == nil {
		t, ok := x.cols[strings.ToLower(col)]
		return t, ok
	}
	for _, v := range x.call.Args {
		if v.Kind != revision.CallV {
			continue
		}
		if c, ok := parseColumn(v.Call); ok && strings.EqualFold(c.name, col) {
			return saType(c.typ), true
		}
	}
	return sqlType{}, false
}
