package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// LockSummary writes, per revision the replay upgraded with a trace, the
// strongest lock it took on each relation (and whether it rewrote it) and
// the timeouts in force. Nothing when no step recorded statements.
func LockSummary(w io.Writer, steps []Step) error {
	seen := map[string]bool{}
	var b strings.Builder
	for _, st := range steps {
		if st.Action != "upgrade" || seen[st.Revision] || len(st.Statements) == 0 {
			continue
		}
		seen[st.Revision] = true
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
