package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/retortdev/retort/rules"
)

func runRules(e *Env, args []string) int {
	fs := newFlags(e, "rules", "[ID]")
	pos, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	if len(pos) == 1 {
		doc := rules.Doc(pos[0])
		if doc == "" {
			var near []string
			for _, r := range rules.Sorted() {
				if strings.Contains(r.ID, pos[0]) || strings.Contains(pos[0], r.ID) {
					near = append(near, r.ID)
				}
			}
			msg := fmt.Sprintf("no rule %q", pos[0])
			if len(near) > 0 {
				msg += "; did you mean " + strings.Join(near, ", ") + "?"
			}
			return errorf(e, ExitUsage, "%s (retort rules lists them)", msg)
		}
		r := rules.ByID(pos[0])
		if r != nil {
			fmt.Fprintf(e.Stdout, "severity: %s\n\n", r.Severity)
		}
		fmt.Fprint(e.Stdout, doc)
		return ExitOK
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	for _, r := range rules.Sorted() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Summary)
	}
	tw.Flush()
	return ExitOK
}
