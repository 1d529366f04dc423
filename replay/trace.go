package replay

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/retortdev/retort/lint"
)

// Trace is what the driver recorded during one step (driver.py, "Lock and
// rewrite trace").
type Trace struct {
	Statements       []Statement `json:"statements"`
	Tables           []string    `json:"tables"` // tables that existed before the step
	Rows             []string    `json:"rows"`   // of those, the ones holding rows
	LockTimeout      string      `json:"lock_timeout"`
	StatementTimeout string      `json:"statement_timeout"`
}

// Statement is one SQL statement a step ran.
type Statement struct {
	Path    string   `json:"path"` // the revision file whose code ran it
	Line    int      `json:"line"`
	SQL     string   `json:"sql"`
	Seconds float64  `json:"seconds"`
	Locks   []Lock   `json:"locks"`   // taken in this step and held after the statement
	Rewrote []string `json:"rewrote"` // tables and indexes it rewrote
	// in force when it ran; the step keeps one value (StepTrace)
	LockTimeout      string `json:"lock_timeout,omitempty"`
	StatementTimeout string `json:"statement_timeout,omitempty"`
}

// Lock is a relation lock held by the migration's backend.
type Lock struct {
	Relation string `json:"relation"`
	Mode     string `json:"mode"` // "ACCESS EXCLUSIVE", "SHARE", ...
}

// AccessExclusive is the lock mode that blocks reads.
const AccessExclusive = "ACCESS EXCLUSIVE"

// StepTrace is the trace of a step, as the JSON output shows it.
type StepTrace struct {
	Statements []Statement `json:"statements,omitempty"`
	// RowsBefore are the tables that held rows before the step: the ones
	// the trace's findings are about.
	RowsBefore []string `json:"rows_before,omitempty"`
	// The timeouts in force when the step took its first ACCESS EXCLUSIVE
	// lock, else when its last statement ran ("0" is none).
	LockTimeout      string `json:"lock_timeout,omitempty"`
	StatementTimeout string `json:"statement_timeout,omitempty"`
	// Traced is true when the driver recorded the step.
	Traced bool `json:"-"`
}

// traceEnv is the driver's environment: the full plan, which upgrades
// every revision in one transaction, traces the statements alone (no
// query after each), unless RETORT_TRACE says otherwise.
func traceEnv(plan Plan, env []string) []string {
	if plan != PlanFull || os.Getenv("RETORT_TRACE") != "" {
		return env
	}
	for _, e := range env {
		if strings.HasPrefix(e, "RETORT_TRACE=") {
			return env
		}
	}
	return append(append([]string{}, env...), "RETORT_TRACE=sql")
}

// lockMode turns pg_locks' "AccessExclusiveLock" into "ACCESS EXCLUSIVE".
func lockMode(m string) string {
	m = strings.TrimSuffix(m, "Lock")
	var b strings.Builder
	for i, c := range m {
		if i > 0 && c >= 'A' && c <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return strings.ToUpper(b.String())
}

// trace copies the driver's trace into the step and reports what it
// observed on tables that held rows before an upgrade.
func (r *runner) trace(st *Step, t *Trace) {
	if t == nil {
		return
	}
	st.Traced = true
	st.RowsBefore = t.Rows
	st.LockTimeout, st.StatementTimeout = t.LockTimeout, t.StatementTimeout
	first := -1
	for i := range t.Statements {
		s := &t.Statements[i]
		if s.Path != "" {
			s.Path = relPath(s.Path)
		}
		locks := s.Locks[:0]
		for _, l := range s.Locks {
			if transient(l.Relation) {
				continue
			}
			l.Mode = lockMode(l.Mode)
			if first < 0 && l.Mode == AccessExclusive {
				first = i
			}
			locks = append(locks, l)
		}
		s.Locks = locks
	}
	if n := len(t.Statements); n > 0 {
		at := n - 1
		if first >= 0 {
			at = first
		}
		st.LockTimeout, st.StatementTimeout = t.Statements[at].LockTimeout, t.Statements[at].StatementTimeout
	}
	for i := range t.Statements {
		t.Statements[i].LockTimeout, t.Statements[i].StatementTimeout = "", ""
	}
	st.Statements = t.Statements
	if st.Action == "upgrade" {
		r.observe(st, t)
	}
}

// observe reports observed-table-rewrite and long-access-exclusive for
// the tables that existed, and held rows, before the revision.
func (r *runner) observe(st *Step, t *Trace) {
	rows := map[string]bool{}
	for _, x := range t.Rows {
		rows[x] = true
	}
	if len(rows) == 0 {
		return
	}
	for i, s := range t.Statements {
		for _, rel := range s.Rewrote {
			if !rows[rel] || !r.once("rewrite", st.Revision, rel) {
				continue
			}
			r.observed(RuleObservedTableRewrite, st.Revision, s,
				fmt.Sprintf("table %q was rewritten (a new relfilenode) while it held rows: %s copies every row and its indexes under an ACCESS EXCLUSIVE lock", rel, firstWords(s.SQL)),
				"change the column in steps that need no rewrite (a new column, a backfill in batches, a swap), or silence it when the table is small")
		}
		for _, l := range s.Locks {
			if l.Mode != AccessExclusive || !rows[l.Relation] || (i > 0 && holds(t.Statements[i-1], l.Relation)) {
				continue
			}
			for _, later := range t.Statements[i+1:] {
				if !holds(later, l.Relation) {
					break
				}
				if !dataStatement(later.SQL) || !r.once("long", st.Revision, l.Relation) {
					continue
				}
				where := ""
				if later.Line > 0 {
					where = fmt.Sprintf(" (line %d)", later.Line)
				}
				r.observed(RuleLongAccessExclusive, st.Revision, s,
					fmt.Sprintf("ACCESS EXCLUSIVE lock on table %q stayed held while %s ran%s in the same transaction: every read and write of the table waits until it commits", l.Relation, firstWords(later.SQL), where),
					"commit between the schema change and the data change (a separate revision, or op.get_context().autocommit_block() for the backfill), and backfill in batches")
				break
			}
		}
	}
}

// transient reports whether a locked relation is no lasting object of the
// schema: a TOAST table, or one that no longer exists after the statement
// (the new heap of a rewrite, a dropped relation), which pg_locks names by
// its oid.
func transient(rel string) bool {
	if strings.HasPrefix(rel, "pg_toast.") {
		return true
	}
	return strings.Trim(rel, "0123456789") == ""
}

func (r *runner) once(kind, rev, rel string) bool {
	k := "trace\x00" + kind + "\x00" + rev + "\x00" + rel
	if r.reported[k] {
		return false
	}
	r.reported[k] = true
	return true
}

func holds(s Statement, rel string) bool {
	for _, l := range s.Locks {
		if l.Relation == rel && l.Mode == AccessExclusive {
			return true
		}
	}
	return false
}

// dataStatement reports whether SQL reads or writes rows (as opposed to a
// schema change): UPDATE, INSERT, DELETE, MERGE, COPY or a WITH query.
func dataStatement(sql string) bool {
	w := strings.ToUpper(firstWord(sql))
	switch w {
	case "UPDATE", "INSERT", "DELETE", "MERGE", "COPY", "WITH":
		return true
	}
	return false
}

func firstWord(sql string) string {
	f := strings.Fields(strings.TrimLeft(sql, "( \t\r\n"))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// firstWords is the start of a statement, for a message.
func firstWords(sql string) string {
	f := strings.Fields(sql)
	if len(f) > 4 {
		f = f[:4]
	}
	s := strings.Join(f, " ")
	if len(f) == 4 {
		s += " ..."
	}
	return s
}

// observed reports a trace finding on the line of the statement.
func (r *runner) observed(rule, rev string, s Statement, msg, hint string) {
	d := lint.Diagnostic{Rule: rule, Severity: lint.Warning, Revision: rev, Message: msg, Hint: hint, Path: s.Path, Line: s.Line, Column: 1}
	rv := r.revs[rev]
	if d.Path == "" && rv != nil {
		d.Path, d.Line = relPath(rv.Path), rv.UpgradeLine
	}
	if rv != nil && r.c.CallAt != nil {
		if l, c, ok := r.c.CallAt(rv.Path, d.Line); ok {
			d.Line, d.Column = l, c
		}
	}
	r.res.Diagnostics = append(r.res.Diagnostics, d)
}

// Rewrites returns, per revision whose upgrade the replay traced with rows
// in its tables, the statements the upgrade ran with the relations each
// rewrote: what the static rules claiming a rewrite are checked against.
func (res *Result) Rewrites() map[string][]Statement {
	out := map[string][]Statement{}
	for _, st := range res.Steps {
		if st.Action != "upgrade" || !st.Traced || !st.OK || len(st.RowsBefore) == 0 {
			continue
		}
		out[st.Revision] = append(out[st.Revision], st.Statements...)
	}
	return out
}

// RewroteTable reports whether the statement rewrote table (written with or
// without its schema).
func (s Statement) RewroteTable(table string) bool {
	for _, rel := range s.Rewrote {
		if rel == table || bareName(rel) == table {
			return true
		}
	}
	return false
}

func bareName(rel string) string {
	if i := strings.LastIndexByte(rel, '.'); i >= 0 {
		rel = rel[i+1:]
	}
	return strings.Trim(rel, `"`)
}

// Executed lists the statements the upgrades ran, per revision file path,
// sorted by line, without repeats: what the SQL rules check again.
func (res *Result) Executed() map[string][]Statement {
	out := map[string][]Statement{}
	seen := map[string]bool{}
	for _, st := range res.Steps {
		if st.Action != "upgrade" {
			continue
		}
		for _, s := range st.Statements {
			k := fmt.Sprintf("%s\x00%d\x00%s", s.Path, s.Line, s.SQL)
			if s.Path == "" || s.Line <= 0 || seen[k] {
				continue
			}
			seen[k] = true
			out[s.Path] = append(out[s.Path], s)
		}
	}
	for _, ss := range out {
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].Line < ss[j].Line })
	}
	return out
}
