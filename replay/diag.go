package replay

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// maxChangesPerRevision caps the objects listed for one revision and rule.
const maxChangesPerRevision = 20

// report adds one diagnostic on revision rev, at the innermost traceback
// frame in its file when err names one, else at its upgrade()/downgrade().
func (r *runner) report(rule string, sev lint.Severity, rev string, err *PyError, action, msg, hint string) {
	d := lint.Diagnostic{Rule: rule, Severity: sev, Revision: rev, Message: msg, Hint: hint}
	if rv := r.revs[rev]; rv != nil {
		d.Path = rv.Path
		d.Line = rv.UpgradeLine
		if action == "downgrade" {
			d.Line = rv.DowngradeLine
		}
		if err != nil {
			for i := len(err.Frames) - 1; i >= 0; i-- {
				if f := err.Frames[i]; sameFile(f.File, rv.Path) {
					d.Line = f.Line
					break
				}
			}
		}
		d.Column = 1
		if r.c.CallAt != nil {
			if l, c, ok := r.c.CallAt(rv.Path, d.Line); ok {
				d.Line, d.Column = l, c
			}
		} else if d.Line > 0 {
			d.Column = r.indent(rv.Path, d.Line)
		}
	}
	if len(r.res.Diagnostics) == 0 {
		r.res.Summary.FirstFindingSeconds = time.Since(r.t0).Seconds()
	}
	r.res.Diagnostics = append(r.res.Diagnostics, d)
}

func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	ra, err1 := filepath.EvalSymlinks(a)
	rb, err2 := filepath.EvalSymlinks(b)
	return err1 == nil && err2 == nil && ra == rb
}

// failure reports a failed step. where, when set, says what came before
// ("after downgrade to base").
func (r *runner) failure(rule string, sev lint.Severity, action string, o outcome, where string) {
	rev := o.failed
	what := fmt.Sprintf("%s of %q fails", action, rev)
	if rev == "" {
		what = fmt.Sprintf("alembic %s fails outside any revision", action)
	}
	if where != "" {
		what += " " + where
	}
	msg := what + ": " + errText(o.err)
	var hint string
	switch rule {
	case RuleUpgradeFailed:
		hint = fmt.Sprintf("fix upgrade() and check it with `alembic upgrade %s` on a scratch database; --format json has the full traceback", orHeads(rev))
	case RuleDowngradeFailed:
		hint = "make downgrade() undo exactly what upgrade() did, or raise NotImplementedError to declare the revision irreversible"
	case RuleRoundtripDrift:
		hint = "downgrade() leaves behind something upgrade() creates again; drop or restore it in downgrade()"
	}
	r.report(rule, sev, rev, o.err, action, msg, hint)
}

func orHeads(rev string) string {
	if rev == "" {
		return "heads"
	}
	return rev
}

// errText is the first line of the database's message, with the exception
// type when it is not a database error.
func errText(e *PyError) string {
	if e == nil {
		return "unknown error"
	}
	msg := strings.TrimSpace(e.Message)
	if e.SQLState == "" && e.Type != "" {
		t := e.Type
		if i := strings.LastIndexByte(t, '.'); i >= 0 {
			t = t[i+1:]
		}
		if msg == "" {
			return t
		}
		return t + ": " + msg
	}
	return msg
}

func (r *runner) notImplemented(o outcome) {
	key := "notimpl\x00" + o.failed
	if r.reported[key] {
		return
	}
	r.reported[key] = true
	r.report(RuleDowngradeFailed, lint.Notice, o.failed, o.err, "downgrade",
		fmt.Sprintf("downgrade of %q raises NotImplementedError, so replay cannot check it and goes on without reverting it", o.failed),
		"fine for an irreversible revision; write downgrade() if it can be undone")
}

// change reports one schema difference on revision rev.
func (r *runner) change(rule, rev, action string, ch Change, where string) {
	key := rule + "\x00" + rev
	n := 0
	for k := range r.reported {
		if strings.HasPrefix(k, key+"\x00") {
			n++
		}
	}
	msg := ch.Explain(where)
	if r.reported[key+"\x00"+msg] {
		return
	}
	r.reported[key+"\x00"+msg] = true
	if n == maxChangesPerRevision {
		r.report(rule, lint.Error, rev, nil, action, "more differences left out", "fix the ones above and replay again")
		return
	}
	if n > maxChangesPerRevision {
		return
	}
	r.report(rule, lint.Error, rev, nil, action, msg, changeHint(ch, rule))
}

func changeHint(ch Change, rule string) string {
	o := ch.Got
	if o == nil {
		o = ch.Want
	}
	switch {
	case ch.Want == nil && rule == RuleDowngradeNotInverse:
		switch o.Kind {
		case "index":
			return fmt.Sprintf("drop it in downgrade(): op.drop_index(%q, table_name=%q)", o.Name, o.Table)
		case "type":
			if strings.HasPrefix(o.Def, "enum") {
				return fmt.Sprintf("drop it in downgrade(): sa.Enum(name=%q).drop(op.get_bind()) or op.execute(\"DROP TYPE %s\")", o.Name, o.Name)
			}
			return fmt.Sprintf("drop it in downgrade(): op.execute(\"DROP TYPE %s\")", o.Name)
		case "table":
			return fmt.Sprintf("drop it in downgrade(): op.drop_table(%q)", o.Name)
		case "column":
			return fmt.Sprintf("drop it in downgrade(): op.drop_column(%q, %q)", o.Table, o.Name)
		case "constraint":
			return fmt.Sprintf("drop it in downgrade(): op.drop_constraint(%q, %q)", o.Name, o.Table)
		}
		return fmt.Sprintf("drop the %s in downgrade()", o.Kind)
	case ch.Got == nil && rule == RuleDowngradeNotInverse:
		return fmt.Sprintf("recreate the %s in downgrade(): upgrade() dropped it, or downgrade() drops what upgrade() did not create", o.Kind)
	case rule == RuleDowngradeNotInverse:
		return "downgrade() must restore the definition upgrade() changed"
	}
	return "upgrade() after downgrade() must give the same schema as the first upgrade(); make both sides symmetric"
}

// envFailed reports an env.py that raises before any migration runs.
func (r *runner) envFailed(de *DriverError) {
	d := lint.Diagnostic{Rule: RuleUpgradeFailed, Severity: lint.Error,
		// without the scratch database's random name: the same finding
		// every run (and in every shard)
		Message: "env.py fails before any migration runs: " + strings.ReplaceAll(errText(de.Err), fmt.Sprintf(" %q", r.db.name()), ""),
		Hint:    "env.py must work with only the database URL given (sqlalchemy.url and $" + r.urlEnv() + "); --format json has the traceback"}
	if de.Timeout {
		d.Rule = RuleReplayTimeout
		d.Message = "env.py " + de.Err.Message + " before any migration runs"
		d.Hint = "env.py waits for something (a lock, a host, input); it must only connect to sqlalchemy.url or $" + r.urlEnv()
	}
	// the innermost frame in env.py, else the innermost project frame
	for i := len(de.Err.Frames) - 1; i >= 0; i-- {
		f := de.Err.Frames[i]
		if filepath.Base(f.File) == "env.py" {
			d.Path, d.Line = f.File, f.Line
			d.Column = r.indent(f.File, f.Line)
			break
		}
	}
	if d.Path == "" {
		d.Path = filepath.Join(r.c.Project.ScriptDir, "env.py")
	}
	r.res.Steps = append(r.res.Steps, Step{Phase: "env", Action: "env.py", OK: false, Error: errText(de.Err), Traceback: de.Err.Traceback})
	r.res.Summary.FirstFindingSeconds = time.Since(r.t0).Seconds()
	r.res.Diagnostics = append(r.res.Diagnostics, d)
}

// importFailed reports a revision file that Alembic cannot import (a
// syntax error, a missing module), on the innermost frame in a versions
// folder. It returns false when the failure is elsewhere (a tool failure).
func (r *runner) importFailed(de *DriverError) bool {
	dirs := append(append([]string{}, r.c.Project.VersionDirs...), de.VersionDirs...)
	in := func(file string) bool {
		for _, d := range dirs {
			if revision.Within(d, file) {
				return true
			}
		}
		return false
	}
	var file string
	var line int
	for i := len(de.Err.Frames) - 1; i >= 0 && file == ""; i-- {
		if f := de.Err.Frames[i]; in(f.File) {
			file, line = f.File, f.Line
		}
	}
	if file == "" {
		return false
	}
	d := lint.Diagnostic{Rule: RuleUpgradeFailed, Severity: lint.Error, Path: file, Line: line,
		Message: fmt.Sprintf("alembic cannot import %q, so no revision runs: %s", filepath.Base(file), errText(de.Err)),
		Hint:    "the revision file must import with only the project's environment installed; --format json has the traceback"}
	if line > 0 {
		d.Column = r.indent(file, line)
	}
	r.res.Steps = append(r.res.Steps, Step{Phase: "load", Action: "import", OK: false, Error: errText(de.Err), Traceback: de.Err.Traceback})
	r.res.Summary.FirstFindingSeconds = time.Since(r.t0).Seconds()
	r.res.Diagnostics = append(r.res.Diagnostics, d)
	return true
}

func (r *runner) urlEnv() string {
	if r.c.URLEnv == "" {
		return "DATABASE_URL"
	}
	return r.c.URLEnv
}

func (r *runner) lines(path string) []string {
	if l, ok := r.texts[path]; ok {
		return l
	}
	b, _ := os.ReadFile(path)
	l := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	r.texts[path] = l
	return l
}

// indent is the 1-based column of the first non-blank character of a line.
func (r *runner) indent(path string, line int) int {
	ls := r.lines(path)
	if line < 1 || line > len(ls) {
		return 1
	}
	s := ls[line-1]
	return len(s) - len(strings.TrimLeft(s, " \t")) + 1
}

// owner guesses which revision a difference found by the full plan belongs
// to: the first revision (in order) whose upgrade() mentions the object's
// name, else its table's name, else the last revision. The stairway plan
// does not need this: it knows.
func (r *runner) owner(ch Change) string {
	o := ch.Got
	if o == nil {
		o = ch.Want
	}
	name := o.Name
	if i := strings.IndexByte(name, '('); i > 0 { // functions: name(args)
		name = name[:i]
	}
	for _, n := range []string{name, o.Table} {
		if n == "" {
			continue
		}
		re := wordRE(n)
		for _, id := range r.order {
			if re.MatchString(r.upgradeText(r.revs[id])) {
				return id
			}
		}
	}
	if len(r.order) > 0 {
		return r.order[len(r.order)-1]
	}
	return ""
}

// wordRE matches name as a whole identifier: not inside a longer one.
func wordRE(name string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[^A-Za-z0-9_])` + regexp.QuoteMeta(name) + `($|[^A-Za-z0-9_])`)
}

// upgradeText is the source of upgrade(): from its def to the next
// top-level def (or the end of the file).
func (r *runner) upgradeText(rv *DriverRev) string {
	ls := r.lines(rv.Path)
	if rv.UpgradeLine < 1 || rv.UpgradeLine > len(ls) {
		return ""
	}
	end := len(ls)
	for i := rv.UpgradeLine; i < len(ls); i++ {
		if strings.HasPrefix(ls[i], "def ") || strings.HasPrefix(ls[i], "async def ") {
			end = i
			break
		}
	}
	return strings.Join(ls[rv.UpgradeLine-1:end], "\n")
}

// ShortTraceback keeps what a reader of a failed step needs: the frames in
// the project's own files (not Alembic's, SQLAlchemy's or the standard
// library's) of the last exception in the chain, and the exception itself.
func ShortTraceback(tb string) string {
	const head = "Traceback (most recent call last):"
	if i := strings.LastIndex(tb, head); i >= 0 {
		tb = tb[i:]
	}
	lines := strings.Split(strings.TrimRight(tb, "\n"), "\n")
	var out []string
	keep := false
	for i, l := range lines {
		switch {
		case i == 0 && l == head:
			out = append(out, l)
		case strings.HasPrefix(l, "  File "):
			keep = !(strings.Contains(l, "-packages/") || strings.Contains(l, `File "<`) || strings.Contains(l, "/lib/python3"))
			if keep {
				out = append(out, l)
			}
		case strings.HasPrefix(l, "    "):
			if keep && strings.Trim(l, " ^~") != "" {
				out = append(out, l)
			}
		default:
			keep = true
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n") + "\n"
}
