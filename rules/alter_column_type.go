package rules

import (
	"fmt"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
	"github.com/retortdev/retort/revision"
)

// AlterColumnType reports a column type change that makes PostgreSQL
// rewrite the table and its indexes. Changes that keep the data as it is
// (varchar widened, varchar to text, numeric precision raised) are quiet
// when the old type is known from existing_type.
var AlterColumnType = &lint.Rule{
	ID:          "alter-column-type",
	Severity:    lint.Warning,
	Scope:       lint.PerFile,
	Category:    lint.CategoryOperation,
	Requires:    modelFacts,
	ExecutedSQL: true,
	Run: func(p *lint.Pass) {
		all := ops(p)
		env := migration.TypeEnv{File: p.File, Types: p.Config.Types}
		for i, op := range all {
			a, ok := op.(*migration.AlterColumnType)
			if !ok || isFresh(p, a) {
				continue
			}
			if len(env.Types) > 0 {
				x := *a
				x.New, _ = reread(env, a.New, a.NewExpr)
				x.Old, _ = reread(env, a.Old, a.OldExpr)
				a = &x
			}
			if !a.Old.Known() {
				// the type the column was created with, or last changed to
				if t, ok := typeBefore(p, env, all[:i], a.Table, a.Column); ok {
					x := *a
					x.Old, x.OldGiven = t, true
					a = &x
				}
			}
			using := a.Using && !(a.UsingPlain && (!a.UsingType.Known() || a.Old.Known() && migration.KeepsData(a.Old, a.UsingType)))
			if !using && migration.NoRewrite(a.Old, a.New) {
				continue
			}
			hint := "add a new column, backfill it in batches, switch the code to it, then drop the old one"
			switch {
			case a.Old.Known() && a.New.Known():
				report(p, a, hint, "changing %s of %s from %s to %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes",
					q(a.Column, "column"), tq(a.Table), a.Old, a.New)
			case a.OldGiven && a.New.Known():
				report(p, a, hint+fmt.Sprintf("; retort cannot read the old type given in existing_type: if it is a custom type that is already %s on PostgreSQL, name it in the types table of the retort configuration", a.New),
					"changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged, blocking reads and writes",
					q(a.Column, "column"), tq(a.Table))
			case a.OldGiven:
				report(p, a, hint+"; retort cannot read the new type: if it is a custom type, name it in the types table of the retort configuration", "changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged, blocking reads and writes",
					q(a.Column, "column"), tq(a.Table))
			case a.SQL:
				report(p, a, hint+fmt.Sprintf("; the old type of %s is unknown to retort (no revision it read created it): widening varchar or numeric, or varchar to text, would be safe", q(a.Column, "column")),
					"changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged, blocking reads and writes",
					q(a.Column, "column"), tq(a.Table))
			default:
				report(p, a, hint+"; the old type is unknown to retort: if this only widens varchar or numeric or turns varchar into text, pass existing_type= so retort can tell it is safe",
					"changing the type of %s of %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the old data fits unchanged (existing_type is not given), blocking reads and writes",
					q(a.Column, "column"), tq(a.Table))
			}
		}
	},
}

// typeBefore finds the type of table.col before an ALTER: the last change
// of its type, its add_column or its create_table, earlier in the same
// function or in the nearest ancestors.
func typeBefore(p *lint.Pass, env migration.TypeEnv, before []migration.Op, table, col string) (migration.Type, bool) {
	if table == "" || col == "" {
		return migration.Type{}, false
	}
	if t, ok := lastType(env, before, table, col); ok {
		return t, true
	}
	found, t := false, migration.Type{}
	ancestors(p, nil, func(f *revision.File, ops []migration.Op) bool {
		t, found = lastType(migration.TypeEnv{File: f, Types: env.Types}, ops, table, col)
		return found
	})
	return t, found
}

// lastType scans ops backwards for what set table.col's type.
func lastType(env migration.TypeEnv, ops []migration.Op, table, col string) (migration.Type, bool) {
	for i := len(ops) - 1; i >= 0; i-- {
		if !strings.EqualFold(ops[i].Common().Table, table) {
			continue
		}
		switch x := ops[i].(type) {
		case *migration.AlterColumnType:
			if strings.EqualFold(x.Column, col) {
				return reread(env, x.New, x.NewExpr)
			}
		case *migration.AddColumn:
			if strings.EqualFold(x.Column, col) {
				return reread(env, x.Type, x.TypeExpr)
			}
		case *migration.CreateTable:
			t, ok := x.ColumnType(env, col)
			return t, ok && t.Known()
		case *migration.RenameColumn:
			if strings.EqualFold(x.NewName, col) {
				return migration.Type{}, false
			}
		}
	}
	return migration.Type{}, false
}

// reread reads a type expression again when types are configured (the
// operation read it without them), and says whether the type is known.
func reread(env migration.TypeEnv, t migration.Type, expr *revision.Value) (migration.Type, bool) {
	if len(env.Types) > 0 && expr != nil {
		t = env.Of(*expr)
	}
	return t, t.Known()
}
