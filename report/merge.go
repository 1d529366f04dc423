package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
)

// Doc is retort's JSON output, of lint, replay, check or a shard of a
// replay: the findings, a summary, and for a replay its steps.
type Doc struct {
	Diagnostics []lint.Diagnostic `json:"diagnostics"`
	Summary     map[string]any    `json:"summary"`
	Steps       []replay.Step     `json:"steps,omitempty"`
}

// ReadDoc reads one JSON output; an error names the file and the line.
func ReadDoc(name string, r io.Reader) (*Doc, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	var d Doc
	if err := json.Unmarshal(b, &d); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("%s:%d: not retort's JSON output: %v", name, lineAt(b, se.Offset), err)
		case errors.As(err, &te):
			return nil, fmt.Errorf("%s:%d: not retort's JSON output: %s has the wrong type", name, lineAt(b, te.Offset), te.Field)
		}
		return nil, fmt.Errorf("%s: not retort's JSON output: %v", name, err)
	}
	if d.Diagnostics == nil && d.Summary == nil {
		return nil, fmt.Errorf("%s: not retort's JSON output: no \"diagnostics\" or \"summary\"", name)
	}
	if d.Summary == nil {
		d.Summary = map[string]any{}
	}
	return &d, nil
}

func lineAt(b []byte, off int64) int {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	return 1 + strings.Count(string(b[:off]), "\n")
}

// summed are the replay summary's counts and durations that add up
// across shards; maxed are those where the largest is the truth (the
// shards of one project read the same revisions and run side by side).
var (
	summed = map[string]bool{"replayed": true, "steps": true, "snapshots": true, "snapshot_seconds": true, "plan_seconds": true, "jump_seconds": true, "jump_steps": true}
	maxed  = map[string]bool{"revisions": true, "total_seconds": true, "database_start_seconds": true, "first_finding_seconds": true}
)

// MergeDocs merges outputs into one: findings deduplicated and sorted,
// steps in input order, heads united, counts added or maxed, and the
// severity counts recomputed.
func MergeDocs(docs []*Doc) *Doc {
	out := &Doc{Diagnostics: []lint.Diagnostic{}, Summary: map[string]any{}}
	seen := map[lint.Diagnostic]bool{}
	heads := map[string]bool{}
	completed, hasCompleted := true, false
	shards := map[string]int{} // "i/n" -> outputs
	for _, d := range docs {
		if sh, _ := d.Summary["shard"].(string); sh != "" {
			shards[sh]++
		}
		for _, diag := range d.Diagnostics {
			if !seen[diag] {
				seen[diag] = true
				out.Diagnostics = append(out.Diagnostics, diag)
			}
		}
		out.Steps = append(out.Steps, d.Steps...)
		for k, v := range d.Summary {
			switch x := v.(type) {
			case float64:
				prev, _ := out.Summary[k].(float64)
				switch {
				case summed[k]:
					out.Summary[k] = prev + x
				case maxed[k] || out.Summary[k] == nil:
					out.Summary[k] = max(prev, x)
				}
			case bool:
				if k == "completed" {
					completed, hasCompleted = completed && x, true
				} else if _, ok := out.Summary[k]; !ok {
					out.Summary[k] = x
				}
			case map[string]any:
				// seed: rows, tables and seconds add up; revision_seconds:
				// the shards' are disjoint; python and the like: the same
				m, _ := out.Summary[k].(map[string]any)
				if m == nil {
					m = map[string]any{}
					out.Summary[k] = m
				}
				for kk, vv := range x {
					if n, ok := vv.(float64); ok && k == "seed" {
						prev, _ := m[kk].(float64)
						m[kk] = prev + n
					} else {
						m[kk] = vv
					}
				}
			case []any:
				if k == "heads" {
					for _, h := range x {
						if s, ok := h.(string); ok {
							heads[s] = true
						}
					}
				}
			case string:
				if prev, _ := out.Summary[k].(string); prev == "" {
					out.Summary[k] = x
				} else if x != "" && x != prev && !strings.Contains(prev, x) && k != "note" {
					out.Summary[k] = prev + ", " + x
				}
			}
		}
	}
	if hasCompleted {
		out.Summary["completed"] = completed
	}
	if len(shards) > 0 {
		mergeShards(out, shards)
	}
	lint.Sort(out.Diagnostics)
	hs := make([]string, 0, len(heads))
	for h := range heads {
		hs = append(hs, h)
	}
	sort.Strings(hs)
	out.Summary["heads"] = hs
	e, w, n := lint.Count(out.Diagnostics)
	out.Summary["errors"], out.Summary["warnings"], out.Summary["notices"] = e, w, n
	return out
}

// JSON writes the merged output as retort's JSON.
func (d *Doc) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// Result is the merged output as a Result for the other formats: the
// findings, the counts, the steps and the replay's summary. Source reads
// the findings' lines.
func (d *Doc) Result(source func(path string, line int) string) *Result {
	return &Result{
		Diagnostics: d.Diagnostics,
		Revisions:   d.Int("revisions"),
		Heads:       d.Heads(),
		Steps:       d.Steps,
		Replay:      d.replay(),
		Shards:      d.Int("shards"),
		Source:      source,
	}
}

// replay reads the replay's fields of the summary; nil when no replay ran
// (or they cannot be read).
func (d *Doc) replay() *replay.Summary {
	b, err := json.Marshal(d.Summary)
	if err != nil {
		return nil
	}
	var s replay.Summary
	if json.Unmarshal(b, &s) != nil || s.Provider == "" {
		return nil
	}
	return &s
}

// Int returns a number of the summary.
func (d *Doc) Int(key string) int {
	switch x := d.Summary[key].(type) {
	case float64:
		return int(x)
	case int:
		return x
	}
	return 0
}

// Heads returns the summary's heads.
func (d *Doc) Heads() []string {
	switch x := d.Summary["heads"].(type) {
	case []string:
		return x
	case []any:
		var out []string
		for _, h := range x {
			if s, ok := h.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// mergeShards replaces the shards' "shard" and "slice" with how many
// shards there are, and lists the ones missing or given twice.
func mergeShards(out *Doc, shards map[string]int) {
	n := 0
	for sh := range shards {
		var i, m int
		if _, err := fmt.Sscanf(sh, "%d/%d", &i, &m); err == nil {
			n = max(n, m)
		}
	}
	if n == 0 {
		return
	}
	delete(out.Summary, "shard")
	delete(out.Summary, "slice")
	out.Summary["shards"] = n
	missing, twice := []string{}, []string{}
	for i := 1; i <= n; i++ {
		sh := fmt.Sprintf("%d/%d", i, n)
		switch {
		case shards[sh] == 0:
			missing = append(missing, sh)
		case shards[sh] > 1:
			twice = append(twice, sh)
		}
	}
	if len(missing) > 0 {
		out.Summary["missing_shards"] = missing
	}
	if len(twice) > 0 {
		out.Summary["repeated_shards"] = twice
	}
}

// ShardProblems says which shards a merge lacks or has twice, "" when
// none: a missing shard's revisions were not replayed.
func (d *Doc) ShardProblems() string {
	var out []string
	list := func(key string) []string {
		var l []string
		switch x := d.Summary[key].(type) {
		case []string:
			l = x
		case []any:
			for _, v := range x {
				if s, ok := v.(string); ok {
					l = append(l, s)
				}
			}
		}
		return l
	}
	if m := list("missing_shards"); len(m) > 0 {
		out = append(out, fmt.Sprintf("shard %s missing: the revisions of its slice were not replayed", strings.Join(m, ", ")))
	}
	if c, _ := d.Summary["cut"].(string); strings.Contains(c, ",") {
		out = append(out, "the shards cut the revisions differently (other revisions or another --timings file): some were replayed twice or not at all")
	}
	if m := list("repeated_shards"); len(m) > 0 {
		out = append(out, fmt.Sprintf("shard %s given more than once: its steps count twice", strings.Join(m, ", ")))
	}
	return strings.Join(out, "; ")
}
