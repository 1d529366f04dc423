package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
)

// ReplayLine is the one-line summary of r's replay: "full plan completed
// on container (database ready in 1.2s): 8 steps, 3 snapshots in 4.0s,
// 5.3s in all"; "" when no replay ran.
func (r *Result) ReplayLine() string {
	if r.Replay == nil || r.Replay.Provider == "" {
		return ""
	}
	s := r.Replay
	status := "completed"
	if !s.Completed {
		status = "stopped early"
	}
	plan := s.Plan
	if s.Shard != "" {
		plan += " (shard " + s.Shard
		if s.Slice != "" {
			plan += ": " + s.Slice
		}
		plan += ")"
	}
	line := fmt.Sprintf("%s plan %s on %s (database ready in %.1fs): %d steps, %d snapshots in %.1fs, %.1fs in all",
		plan, status, s.Provider, s.DatabaseSeconds, s.Steps, s.Snapshots, s.PlanSeconds, s.TotalSeconds)
	if s.JumpSteps > 0 {
		line += fmt.Sprintf(", %.1fs of it upgrading %d revisions to the start", s.JumpSeconds, s.JumpSteps)
	}
	if s.Seed != nil {
		tables := "tables"
		if s.Seed.Tables == 1 {
			tables = "table"
		}
		line += fmt.Sprintf("; seeded %d rows into %d %s in %.1fs", s.Seed.Rows, s.Seed.Tables, tables, s.Seed.Seconds)
	}
	if r.Shards > 0 {
		line += fmt.Sprintf(" (%d shards merged: steps and snapshots added, the slowest shard's time)", r.Shards)
	}
	return line
}

// ReplayText is Text for a replay (retort replay, retort check): the
// findings and counts, then the traceback of each failed step that a
// finding explains, the locks each traced upgrade took, and the replay's
// summary line and what ran it.
func ReplayText(w io.Writer, r *Result, colored bool) error {
	if err := text(w, r, colored); err != nil {
		return err
	}
	explained := map[string]bool{} // revisions with a failed-step finding
	for _, d := range r.Diagnostics {
		if d.Severity != lint.Notice && (d.Rule == replay.RuleUpgradeFailed || d.Rule == replay.RuleUpgradeFailedWithRows || d.Rule == replay.RuleDowngradeFailed || d.Rule == replay.RuleRoundtripDrift) {
			explained[d.Revision] = true
		}
	}
	for _, st := range r.Steps {
		if !st.OK && st.Traceback != "" && explained[st.Revision] {
			fmt.Fprintf(w, "\n%s failed:\n%s", strings.TrimSpace(st.Action+" "+st.Revision), indent(replay.ShortTraceback(st.Traceback)))
		}
	}
	if err := LockSummary(w, r.Steps); err != nil {
		return err
	}
	line := r.ReplayLine()
	if line == "" {
		return nil
	}
	if _, err := fmt.Fprintf(w, "replay: %s\n", line); err != nil {
		return err
	}
	if r.Replay.Alembic == "" {
		return nil
	}
	_, err := fmt.Fprintf(w, "replay: %s\n", Stack(*r.Replay))
	return err
}

func indent(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString("    " + line + "\n")
	}
	return b.String()
}

// replayDoc is the JSON output of a replay: lint's shape, with the
// replay's summary fields after lint's counts and the steps.
type replayDoc struct {
	Diagnostics []lint.Diagnostic `json:"diagnostics"`
	Summary     replaySummary     `json:"summary"`
	Steps       []replay.Step     `json:"steps"`
}

// replaySummary is one summary of lint's counts and the replay's fields.
// Lint's are shallower, so that where both have a key (revisions) lint's
// is the one written.
type replaySummary struct {
	Summary
	replayFields
}

type replayFields struct{ replay.Summary }

// writeReplayJSON is JSON for a result with a replay.
func writeReplayJSON(w io.Writer, r *Result, diags []lint.Diagnostic) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	s := *r.Replay
	s.Note = ReplayNote(s)
	return enc.Encode(replayDoc{
		Diagnostics: diags,
		Summary:     replaySummary{r.Summarize(), replayFields{s}},
		Steps:       r.Steps,
	})
}
