package rules

import (
	"bytes"
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
		// the first operation that waits for a strong lock, before the
		// look for lock_timeout in the source: most revisions have none
		for _, op := range ops(p) {
			mode := strongLock(op)
			if mode == "" || op.Common().Table == "" || isFresh(p, op) {
				continue
			}
			if setsLockTimeout(p.File.Src) || envSetsLockTimeout(p) {
				return
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
// SQL, or connect_args={"options": "-c lock_timeout=..."}. It runs on
// every revision in scope, so it looks at each '_' rather than running a
// case-insensitive regexp (a backtracking scan of every byte) over the
// file; the regexp is asked only when the text holds a Kelvin sign, the
// one non-ASCII letter that (?i) folds to a letter of "lock_timeout".
func setsLockTimeout(src []byte) bool {
	for i := 0; i < len(src); i++ {
		j := bytes.IndexByte(src[i:], '_')
		if j < 0 {
			break
		}
		i += j
		// the bytes around the '_' first: "lock" and "timeout" are ASCII
		// letters here (a Kelvin sign is three bytes, the regexp's case)
		if i >= 4 && i+8 <= len(src) && src[i-1]|0x20 == 'k' && src[i+1]|0x20 == 't' &&
			bytes.EqualFold(src[i-4:i], lock) && bytes.EqualFold(src[i+1:i+8], timeout) {
			return true
		}
	}
	return bytes.Contains(src, kelvin) && lockTimeoutRE.Match(src)
}

var lock, timeout, kelvin = []byte("lock"), []byte("timeout"), []byte("\u212a")

// envSetsLockTimeout reports whether the project's env.py mentions
// lock_timeout.
func envSetsLockTimeout(p *lint.Pass) bool {
	return p.Project != nil && setsLockTimeout(p.Project.EnvPy)
}
