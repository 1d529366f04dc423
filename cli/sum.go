package cli

import (
	"errors"
	"fmt"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/revision"
)

func runSum(e *Env, args []string) int {
	fs := newFlags(e, "sum", "[PATH]")
	force := fs.Bool("force", false, "also record revisions that changed since they were recorded, and forget deleted ones")
	pos, code, ok := parse(fs, args, 1)
	if !ok {
		return code
	}
	l, code := loadHeaders(e, first(pos), &projectFlags{})
	if l == nil {
		return code
	}
	u, err := history.UpdateSum(l.proj, *force)
	path := revision.DisplayPath(history.SumPath(l.proj))
	if errors.Is(err, history.ErrSumConflict) {
		for _, c := range u.Changed {
			fmt.Fprintf(e.Stderr, "%s:%d: revision %q in %s changed since it was recorded; databases that ran it never run the edit\n", path, c.Recorded, c.ID, revision.DisplayPath(c.Path))
		}
		for _, c := range u.Removed {
			fmt.Fprintf(e.Stderr, "%s:%d: revision %q (%s) is recorded but no file declares it any more; databases at it cannot upgrade\n", path, c.Recorded, c.ID, revision.DisplayPath(c.Path))
		}
		return errorf(e, ExitFindings, "%s left as it was: restore the revisions above, or run `retort sum --force` to record them as they are now", path)
	}
	if err != nil {
		return errorf(e, ExitFailure, "writing %s: %v", path, err)
	}
	switch {
	case !u.Written:
		fmt.Fprintf(e.Stdout, "%s is up to date (%s)\n", path, countOf(u.Total, "revision"))
	default:
		what := fmt.Sprintf("%d new", len(u.Added))
		if len(u.Moved) > 0 {
			what += fmt.Sprintf(", %d moved", len(u.Moved))
		}
		if len(u.Changed) > 0 {
			what += fmt.Sprintf(", %d changed", len(u.Changed))
		}
		if len(u.Removed) > 0 {
			what += fmt.Sprintf(", %d removed", len(u.Removed))
		}
		fmt.Fprintf(e.Stdout, "wrote %s: %s (%s)\n", path, countOf(u.Total, "revision"), what)
		if u.Created {
			fmt.Fprintf(e.Stdout, "commit it: without a --base, the operation rules of retort lint now skip the revisions it records, and check new and edited ones\n")
		}
	}
	return ExitOK
}

func countOf(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
