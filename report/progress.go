package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/revision"
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

// ReplayNote words the notes of a replay's summary, "; " between them; a
// summary read back from JSON has them in words already.
func ReplayNote(s replay.Summary) string {
	var out []string
	if s.Note != "" {
		out = append(out, s.Note)
	}
	for _, n := range s.Notes {
		switch n.Kind {
		case replay.NoteLocalFallback:
			out = append(out, fmt.Sprintf("replayed on a local cluster: %s", n.Err))
		case replay.NoteDriftBaseline:
			out = append(out, fmt.Sprintf("wrote drift baseline %s (%d entries); commit it", revision.DisplayPath(n.Path), n.N))
		case replay.NoteSeedSQL:
			out = append(out, fmt.Sprintf("seed-sql %s failed at the last seeding: %s", revision.DisplayPath(n.Path), n.Err))
		case replay.NoteJumpFailed:
			out = append(out, fmt.Sprintf("upgrade of %q, before this shard's slice, fails: its shard reports it", n.Revision))
		}
	}
	return strings.Join(out, "; ")
}
