package rules

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/retortdev/retort/lint"
)

// MissingLockTimeout reports a revision that takes a strong lock on an
// existing table while nothing sets lock_timeout: the revision, env.py
// (a SET, or connect_args options) or the config (lock-timeout).
var MissingLockTimeout = &lint.Rule{
	ID:       "missing-lock-timeout",
	Severity: lint.Warning,
	Scope:    lint.PerFile,
	Run: func(p *lint.Pass) {
		if p.Config != nil && strings.TrimSpace(p.Config.LockTimeout) != "" {
			return
		}
		as := acts(p)
		if len(as) == 0 || setsLockTimeout(p.File.Src) || envSetsLockTimeout(p) {
			return
		}
		for _, a := range as {
			mode := strongLock(a)
			if mode == "" || a.table == "" || isFresh(p, a) {
				continue
			}
			report(p, a, `start upgrade() with op.execute("SET LOCAL lock_timeout = '5s'") (or set it for every revision in env.py), and retry the deploy when it times out`,
				"%s takes %s lock on %s and nothing sets lock_timeout: while it waits behind a long query, every query of the table queues behind it", actName(a), mode, tq(a.table))
			return // one per revision
		}
	},
}

// strongLock is the lock mode an act waits for on an existing table, ""
// when it takes none that blocks other sessions' reads or writes.
func strongLock(a *act) string {
	if a.data || a.fresh {
		return ""
	}
	switch a.kind {
	case kAddColumn, kSetNotNull, kAlterType, kRenameColumn, kRenameTable, kDropColumn, kDropTable, kLock, kDDL:
		return "an ACCESS EXCLUSIVE"
	case kDropIndex:
		if !a.concurrently {
			return "an ACCESS EXCLUSIVE"
		}
	case kCreateIndex:
		if !a.concurrently {
			return "a SHARE"
		}
	case kAddConstraint:
		if a.conType == "foreign key" {
			return "a SHARE ROW EXCLUSIVE"
		}
		return "an ACCESS EXCLUSIVE"
	case kVacuum:
		if a.full {
			return "an ACCESS EXCLUSIVE"
		}
	}
	return ""
}

// actName names what an act does, for a message.
func actName(a *act) string {
	if a.sql {
		return "its SQL"
	}
	if a.call != nil && a.call.Name != "" {
		return a.call.Name + "()"
	}
	return "the revision"
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
		if i >= 4 && i+8 <= len(src) && bytes.EqualFold(src[i-4:i], lock) && bytes.EqualFold(src[i+1:i+8], timeout) {
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
