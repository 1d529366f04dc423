package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/scaffold"
)

func runMerge(e *Env, args []string) int {
	fs := newFlags(e, "merge", "[PATH]")
	msg := fs.String("m", "", `the revision message (default "merge heads")`)
	fs.StringVar(msg, "message", "", "same as -m")
	revID := fs.String("rev-id", "", "the new revision id (default: 12 random hex digits, as Alembic makes them)")
	headList := fs.String("heads", "", "merge only these heads, separated by commas (default: every head, as \"alembic merge heads\")")
	dry := fs.Bool("dry-run", false, "print the file instead of writing it")
	pos, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	proj, err := revision.LoadHeaders(first(pos)) // the graph and the config: no function bodies
	if err != nil {
		return errorf(e, ExitUsage, "%v", err)
	}
	m, err := scaffold.Merge(proj, scaffold.MergeOptions{Message: *msg, RevID: *revID, Heads: splitList(*headList)})
	if errors.Is(err, scaffold.ErrOneHead) && *headList == "" {
		fmt.Fprintf(e.Stderr, "retort merge: one head (%s); nothing to merge\n", strings.Join(proj.Graph.Heads, ", "))
		return ExitOK
	}
	if err != nil {
		return errorf(e, ExitUsage, "merge: %v", err)
	}
	if *dry {
		_, err := e.Stdout.Write(m.Src)
		if err != nil {
			return errorf(e, ExitFailure, "%v", err)
		}
		return ExitOK
	}
	if err := m.Write(); err != nil {
		return errorf(e, ExitFailure, "merge: %v", err)
	}
	fmt.Fprintf(e.Stdout, "Generating %s ...  done\n", revision.DisplayPath(m.Path))
	fmt.Fprintf(e.Stdout, "merged %s into %s\n", strings.Join(m.Heads, ", "), m.RevID)
	if m.Hooks != "" {
		fmt.Fprintf(e.Stderr, "retort merge: the project configures post_write_hooks (%s), which retort does not run; run them on %s\n", m.Hooks, revision.DisplayPath(m.Path))
	}
	return ExitOK
}

// splitList splits a comma-separated flag value.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
