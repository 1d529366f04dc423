package rules

import (
	"fmt"
	"strings"

	"github.com/retortdev/retort/lint"
)

// BackfillUnderLock reports an UPDATE or DELETE (or a loop of them) that
// runs after a statement took an ACCESS EXCLUSIVE lock on the same table
// in the same transaction: the lock is held until the backfill ends.
var BackfillUnderLock = &lint.Rule{
	ID:       "backfill-under-lock",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Run: func(p *lint.Pass) {
		all := acts(p)
		for i, a := range all {
			if a.kind != kUpdate || !a.inTx || a.table == "" || (a.batched && !a.loop) || isFresh(p, a) {
				continue
			}
			lock := lockBefore(all[:i], a.table)
			if lock == nil {
				continue
			}
			verb := "updating"
			if a.what == "DELETE" {
				verb = "deleting from"
			}
			loop := ""
			if a.loop {
				loop = " in a loop"
			}
			report(p, a, "commit the schema change first: run the backfill in its own transaction, in batches (a separate revision, or inside \"with op.get_context().autocommit_block():\")",
				"%s %s%s after %s (line %d) in the same transaction holds its ACCESS EXCLUSIVE lock for the whole backfill, blocking reads and writes",
				verb, tq(a.table), loop, lockWhat(lock), lock.pos.Line)
		}
	},
}

// lockBefore returns the last act before the end of acts that took an
// ACCESS EXCLUSIVE lock on table in the transaction still open.
func lockBefore(acts []*act, table string) *act {
	for i := len(acts) - 1; i >= 0; i-- {
		x := acts[i]
		if !x.inTx {
			return nil // a COMMIT or an autocommit block ended that transaction
		}
		if !strings.EqualFold(x.table, table) && !(x.kind == kRenameTable && strings.EqualFold(x.newName, table)) {
			continue
		}
		if takesAccessExclusive(x) {
			return x
		}
	}
	return nil
}

// takesAccessExclusive reports whether an act locks its table in ACCESS
// EXCLUSIVE mode: ALTER TABLE in its usual forms, TRUNCATE, renames.
func takesAccessExclusive(x *act) bool {
	switch x.kind {
	case kAddColumn, kAlterType, kSetNotNull, kRenameColumn, kRenameTable, kDropColumn:
		return true
	case kAddConstraint:
		return x.conType != "foreign key" // a foreign key takes SHARE ROW EXCLUSIVE
	case kDDL:
		return x.table != "" && (!x.data || x.what == "TRUNCATE")
	}
	return false
}

// lockWhat says what took the lock.
func lockWhat(x *act) string {
	switch x.kind {
	case kAddColumn:
		return "adding " + q(x.name, "column")
	case kAlterType:
		return "changing the type of " + q(x.name, "column")
	case kSetNotNull:
		return "setting " + q(x.name, "column") + " NOT NULL"
	case kRenameColumn:
		return "renaming " + q(x.name, "column")
	case kRenameTable:
		return fmt.Sprintf("renaming %s to %q", tq(x.table), x.newName)
	case kDropColumn:
		return "dropping " + q(x.name, "column")
	case kAddConstraint:
		return "adding " + q(x.name, x.conType+" constraint")
	}
	if x.what == "TRUNCATE" {
		return "TRUNCATE"
	}
	if x.name != "" {
		return "altering " + q(x.name, "column")
	}
	return "altering the table"
}
