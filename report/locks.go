package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
)

// tracedUpgrades are the first upgrade of each revision that recorded
// statements, in order: what the lock reports read.
func tracedUpgrades(steps []replay.Step) []replay.Step {
	seen := map[string]bool{}
	var out []replay.Step
	for _, st := range steps {
		if st.Action == "upgrade" && !seen[st.Revision] && len(st.Statements) > 0 {
			seen[st.Revision] = true
			out = append(out, st)
		}
	}
	return out
}

// LockSummary writes, per revision the replay upgraded with a trace, the
// strongest lock it took on each relation (and whether it rewrote it) and
// the timeouts in force. Nothing when no step recorded statements.
func LockSummary(w io.Writer, steps []replay.Step) error {
	var b strings.Builder
	for _, st := range tracedUpgrades(steps) {
		strongest := map[string]string{}
		line := map[string]int{}
		rewrote := map[string]bool{}
		for _, s := range st.Statements {
			for _, l := range s.Locks {
				if m, ok := strongest[l.Relation]; !ok || lockRank(l.Mode) < lockRank(m) {
					strongest[l.Relation], line[l.Relation] = l.Mode, s.Line
				}
			}
			for _, r := range s.Rewrote {
				rewrote[r] = true
			}
		}
		rels := make([]string, 0, len(strongest))
		for r := range strongest {
			rels = append(rels, r)
		}
		sort.Slice(rels, func(i, j int) bool {
			if a, c := lockRank(strongest[rels[i]]), lockRank(strongest[rels[j]]); a != c {
				return a < c
			}
			return rels[i] < rels[j]
		})
		fmt.Fprintf(&b, "  %s: %d statements", st.Revision, len(st.Statements))
		if st.LockTimeout != "" {
			fmt.Fprintf(&b, ", lock_timeout %s, statement_timeout %s", st.LockTimeout, st.StatementTimeout)
		}
		b.WriteString("\n")
		for _, r := range rels {
			mark := ""
			if rewrote[r] {
				mark = ", rewritten"
			}
			fmt.Fprintf(&b, "    %-18s %s (line %d%s)\n", strongest[r], r, line[r], mark)
		}
	}
	if b.Len() == 0 {
		return nil
	}
	_, err := fmt.Fprintf(w, "locks per revision (taken by its upgrade, strongest first):\n%s", b.String())
	return err
}

// writeRevisionLocks writes, for each revision whose upgrade the replay
// traced, the ACCESS EXCLUSIVE locks it took and the relations it
// rewrote, with the timeouts in force. Nothing when there are none.
func writeRevisionLocks(b *strings.Builder, steps []replay.Step, o GitHubOptions) {
	var rows strings.Builder
	for _, st := range tracedUpgrades(steps) {
		type rel struct {
			at        replay.Statement
			exclusive bool
			rewritten bool
		}
		rels := map[string]*rel{}
		var order []string
		get := func(name string, s replay.Statement) *rel {
			r := rels[name]
			if r == nil {
				r = &rel{at: s}
				rels[name] = r
				order = append(order, name)
			}
			return r
		}
		for _, s := range st.Statements {
			for _, l := range s.Locks {
				if lockRank(l.Mode) == 0 {
					get(l.Relation, s).exclusive = true
				}
			}
			for _, r := range s.Rewrote {
				x := get(r, s)
				x.rewritten, x.at = true, s
			}
		}
		timeouts := ""
		if st.LockTimeout != "" {
			timeouts = fmt.Sprintf("%s / %s", st.LockTimeout, st.StatementTimeout)
		}
		for _, name := range order {
			r := rels[name]
			lock, rw := "", ""
			if r.exclusive {
				lock = "ACCESS EXCLUSIVE"
			}
			if r.rewritten {
				rw = "rewritten"
			}
			fmt.Fprintf(&rows, "| `%s` | %s | %s | %s | %s | %s |\n", st.Revision, codeOrEmpty(name), lock, rw,
				o.location(lint.Diagnostic{Path: r.at.Path, Line: r.at.Line}), timeouts)
		}
	}
	if rows.Len() == 0 {
		return
	}
	b.WriteString("#### ACCESS EXCLUSIVE locks and rewrites per revision\n\n| Revision | Relation | Lock | Rewrite | Where | lock_timeout / statement_timeout |\n|---|---|---|---|---|---|\n")
	b.WriteString(rows.String())
	b.WriteString("\n")
}
