package rules

import (
	"fmt"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// BackfillUnderLock reports an UPDATE or DELETE (or a loop of them) that
// runs after a statement took an ACCESS EXCLUSIVE lock on the same table
// in the same transaction: the lock is held until the backfill ends.
var BackfillUnderLock = &lint.Rule{
	ID:       "backfill-under-lock",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: modelFacts,
	Run: func(p *lint.Pass) {
		all := ops(p)
		for i, op := range all {
			a, ok := op.(*migration.Update)
			if !ok || !a.InTx || a.Table == "" || (a.Batched && !a.Loop) || isFresh(p, a) {
				continue
			}
			lock := lockBefore(all[:i], a.Table)
			if lock == nil {
				continue
			}
			verb := "updating"
			if a.Delete {
				verb = "deleting from"
			}
			loop := ""
			if a.Loop {
				loop = " in a loop"
			}
			report(p, a, "commit the schema change first: run the backfill in its own transaction, in batches (a separate revision, or inside \"with op.get_context().autocommit_block():\")",
				"%s %s%s after %s (line %d) in the same transaction holds its ACCESS EXCLUSIVE lock for the whole backfill, blocking reads and writes",
				verb, tq(a.Table), loop, lockWhat(lock), lock.Common().Pos.Line)
		}
	},
}

// lockBefore returns the last operation before the end of ops that took
// an ACCESS EXCLUSIVE lock on table in the transaction still open.
func lockBefore(ops []migration.Op, table string) migration.Op {
	for i := len(ops) - 1; i >= 0; i-- {
		x := ops[i].Common()
		if !x.InTx {
			return nil // a COMMIT or an autocommit block ended that transaction
		}
		if rt, ok := ops[i].(*migration.RenameTable); !strings.EqualFold(x.Table, table) && !(ok && strings.EqualFold(rt.NewName, table)) {
			continue
		}
		if takesAccessExclusive(ops[i]) {
			return ops[i]
		}
	}
	return nil
}

// takesAccessExclusive reports whether an operation locks its table in
// ACCESS EXCLUSIVE mode: ALTER TABLE in its usual forms, TRUNCATE, renames.
func takesAccessExclusive(op migration.Op) bool {
	switch x := op.(type) {
	case *migration.AddColumn, *migration.AlterColumnType, *migration.SetNotNull, *migration.RenameColumn,
		*migration.RenameTable, *migration.DropColumn:
		return true
	case *migration.AddConstraint:
		return x.Kind != migration.ForeignKey // a foreign key takes SHARE ROW EXCLUSIVE
	case *migration.OtherDDL:
		return x.Table != "" && (!x.Data || x.Truncate)
	}
	return false
}

// lockWhat says what took the lock.
func lockWhat(op migration.Op) string {
	switch x := op.(type) {
	case *migration.AddColumn:
		return "adding " + q(x.Column, "column")
	case *migration.AlterColumnType:
		return "changing the type of " + q(x.Column, "column")
	case *migration.SetNotNull:
		return "setting " + q(x.Column, "column") + " NOT NULL"
	case *migration.RenameColumn:
		return "renaming " + q(x.Column, "column")
	case *migration.RenameTable:
		return fmt.Sprintf("renaming %s to %q", tq(x.Table), x.NewName)
	case *migration.DropColumn:
		return "dropping " + q(x.Column, "column")
	case *migration.AddConstraint:
		return "adding " + q(x.Name, x.Kind.String()+" constraint")
	case *migration.OtherDDL:
		if x.Truncate {
			return "TRUNCATE"
		}
		if x.Column != "" {
			return "altering " + q(x.Column, "column")
		}
	}
	return "altering the table"
}
