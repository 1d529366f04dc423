package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/retortdev/retort/replay"
)

// Progress returns what writes a replay's progress to w (replay.Config's
// Progress): a line when the stack is known, one per step, one for the
// upgrade to a shard's slice. nil when w is nil.
func Progress(w io.Writer) func(replay.Event) {
	if w == nil {
		return nil
	}
	return func(e replay.Event) {
		switch e := e.(type) {
		case replay.Started:
			fmt.Fprintf(w, "replay: %s\n", Stack(e.Summary))
		case replay.StepDone:
			status := ""
			if !e.OK {
				status = " FAILED"
			}
			fmt.Fprintf(w, "[%d/%d] %s %s %s %.2fs%s\n", e.Done, e.Total, e.Action, e.Revision, e.Doc, e.Seconds, status)
		case replay.Jumped:
			fmt.Fprintf(w, "upgraded to the start of the slice (%d revisions) in %.2fs\n", e.Revisions, e.Seconds)
		}
	}
}

// Stack names what runs a replay: the interpreter and why it was chosen,
// alembic, SQLAlchemy and the database driver.
func Stack(s replay.Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "python %s %s (%s)", s.Python.Version, s.Python.Path, s.Python.Source)
	if s.Alembic != "" {
		fmt.Fprintf(&b, ", alembic %s", s.Alembic)
	}
	if s.SQLAlchemy != "" {
		fmt.Fprintf(&b, ", SQLAlchemy %s", s.SQLAlchemy)
	}
	if s.Driver != "" {
		fmt.Fprintf(&b, ", driver %s", s.Driver)
		if s.DriverReason != "" {
			fmt.Fprintf(&b, " (%s)", s.DriverReason)
		}
	}
	return b.String()
}
