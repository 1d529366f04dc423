package rules

import (
	"regexp"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
)

// MissingLockTimeout reports a revision that takes a strong lock on an
// existing table while nothing sets lock_timeout: the revision, env.py
// (a SET, or connect_args options) or the config (lock-timeout).
var MissingLockTimeout = &lint.Rule{
	ID:       "missing-lock-timeout",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Category: lint.CategoryOperation,
	Requires: modelFacts,
	Run: func(p *lint.Pass) {
		if p.Config != nil && strings.TrimSpace(p.Config.LockTimeout) != "" {
			return
		}
		all := ops(p)
		if len(all) == 0 || setsLockTimeout(p.File.Src) || envSetsLockTimeout(p) {
			return
		}
		for _, op := range all {
			mode := strongLock(op)
			if mode == "" || op.Common().Table == "" || isFresh(p, op) {
				continue
			}
			what := "the revision"
			if op.Common().SQL {
				what = "its SQL"
			}
			report(p, op, `start upgrade() with op.execute("SET LOCAL lock_timeout = '5s'") (or set it for every revision in env.py), and retry the deploy when it times out`,
				"%s takes %s lock on %s and nothing sets lock_timeout: while it waits behind a long query, every query of the table queues behind it", what, mode, tq(op.Common().Table))
			return // one per revision
		}
	},
}

// strongLock is the lock mode an operation waits for on an existing
// table, "" when it takes none that blocks other sessions' reads or
// writes.
func strongLock(op migration.Op) string {
	if a := op.Common(); a.Data || a.Fresh {
		return ""
	}
	switch x := op.(type) {
	case *migration.AddColumn, *migration.SetNotNull, *migration.AlterColumnType, *migration.RenameColumn,
		*migration.RenameTable, *migration.DropColumn, *migration.DropTable, *migration.Lock, *migration.OtherDDL:
		return "an ACCESS EXCLUSIVE"
	case *migration.DropIndex:
		if !x.Concurrently {
			return "an ACCESS EXCLUSIVE"
		}
	case *migration.CreateIndex:
		if !x.Concurrently {
			return "a SHARE"
		}
	case *migration.AddConstraint:
		if x.Kind == migration.ForeignKey {
			return "a SHARE ROW EXCLUSIVE"
		}
		return "an ACCESS EXCLUSIVE"
	case *migration.VacuumFull:
		return "an ACCESS EXCLUSIVE"
	}
	return ""
}

var lockTimeoutRE = regexp.MustCompile(`(?i)lock_timeout`)

// setsLockTimeout reports whether source text sets lock_timeout: a SET in
// SQL, or connect_args={"options": "-c lock_timeout=..."}.
func setsLockTimeout(src []byte) bool { return lockTimeoutRE.Match(src) }

// envSetsLockTimeout reports whether the project's env.py mentions
// lock_timeout.
func envSetsLockTimeout(p *lint.Pass) bool {
	return p.Project != nil && setsLockTimeout(p.Project.EnvPy)
}
