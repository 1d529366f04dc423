package report

import (
	"encoding/json"
	"io"

	"github.com/retortdev/retort/lint"
)

// JSON writes {"diagnostics":[...],"summary":{...}}; with a replay, the
// summary holds the replay's fields too, and "steps" follows.
func JSON(w io.Writer, r *Result) error {
	r = r.shown()
	diags := r.Diagnostics
	if diags == nil {
		diags = []lint.Diagnostic{}
	}
	if r.Replay != nil {
		return writeReplayJSON(w, r, diags)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Diagnostics []lint.Diagnostic `json:"diagnostics"`
		Summary     Summary           `json:"summary"`
	}{diags, r.Summarize()})
}
