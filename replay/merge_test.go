package replay_test

// In package replay_test: it merges shards with package report, which
// imports replay.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/report"
)

// asDoc is a replay's JSON output read back, as retort report reads it.
func asDoc(t *testing.T, res *replay.Result) *report.Doc {
	t.Helper()
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	d, err := report.ReadDoc("shard.json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func diagLines(ds []lint.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s:%d:%d %s %s [%s] %s\n", d.Path, d.Line, d.Column, d.Severity, d.Message, d.Rule, d.Revision)
	}
	return b.String()
}

// TestShardsMergeLocal replays the sample and its variants with both plans
// unsharded and in shards, merges the shards' JSON as retort report does,
// and requires exactly the unsharded findings (and, for a clean stairway,
// the same steps).
func TestShardsMergeLocal(t *testing.T) {
	py, srv := replay.LocalServer(t)
	run := func(t *testing.T, project, plan string, w replay.Window) *replay.Result {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		res, err := replay.Run(ctx, replay.Config{Provider: replay.Shared(srv), Python: py, Project: replay.TestProject(t, project), Plan: replay.Plan(plan), StepTimeout: time.Minute, Window: w})
		if err != nil {
			t.Fatalf("replay %s %+v: %v", plan, w, err)
		}
		lint.Sort(res.Diagnostics)
		return res
	}
	t.Run("cases", func(t *testing.T) { // parallel cases end before the server stops
		for _, tc := range replay.Cases() {
			for _, plan := range []string{"full", "stairway"} {
				t.Run(tc.Project+"/"+plan, func(t *testing.T) {
					if tc.Needs != "" {
						if err := exec.Command(py, "-c", "import "+tc.Needs).Run(); err != nil {
							t.Skipf("needs the python module %s in %s", tc.Needs, py)
						}
					}
					t.Parallel()
					whole := run(t, tc.Project, plan, replay.Window{})
					var stairway *replay.Result
					stairs := func(t *testing.T) *replay.Result {
						if stairway == nil {
							stairway = run(t, tc.Project, "stairway", replay.Window{})
						}
						return stairway
					}
					ns := []int{3}
					if tc.Project == "sample" || tc.Project == "forgets-enum" {
						ns = []int{2, 3, 5}
					}
					for _, n := range ns {
						var docs []*report.Doc
						var steps []string
						for i := 1; i <= n; i++ {
							res := run(t, tc.Project, plan, replay.Window{Shard: i, Shards: n})
							if res.Summary.Shard != fmt.Sprintf("%d/%d", i, n) {
								t.Errorf("shard %d/%d: summary says %q", i, n, res.Summary.Shard)
							}
							docs = append(docs, asDoc(t, res))
							for _, s := range res.Steps {
								steps = append(steps, s.Action+" "+s.Revision)
							}
						}
						merged := report.MergeDocs(docs)
						if plan == "stairway" {
							if got, want := diagLines(merged.Diagnostics), diagLines(whole.Diagnostics); got != want {
								t.Errorf("%d shards: merged findings\n%s\nunsharded\n%s", n, got, want)
							}
						} else {
							fullCovers(t, n, merged.Diagnostics, whole.Diagnostics, stairs(t))
						}
						if plan == "stairway" && len(whole.Diagnostics) == 0 {
							var want []string
							for _, s := range whole.Steps {
								want = append(want, s.Action+" "+s.Revision)
							}
							if !reflect.DeepEqual(steps, want) {
								t.Errorf("%d shards: steps\n%v\nunsharded\n%v", n, steps, want)
							}
						}
						if whole.Summary.Completed && merged.Int("replayed") != whole.Summary.Replayed {
							t.Errorf("%d shards replayed %d revisions, unsharded %d", n, merged.Int("replayed"), whole.Summary.Replayed)
						}
					}
				})
			}
		}
	})
}

// fullCovers requires the merged shards of the full plan to report every
// finding of the unsharded plan (the same rule, place and object; the
// shards word where they downgraded to), and only findings beyond them
// that the stairway plan confirms: a shard checks the round trip of its
// slice, so it sees what a later downgrade hides in the whole chain.
func fullCovers(t *testing.T, n int, merged, whole []lint.Diagnostic, stairway *replay.Result) {
	t.Helper()
	key := func(d lint.Diagnostic) string {
		msg, _, _ := strings.Cut(d.Message, " after downgrade to ")
		return fmt.Sprintf("%s:%d %s %s", d.Path, d.Line, d.Rule, msg)
	}
	got := map[string]bool{}
	for _, d := range merged {
		got[key(d)] = true
	}
	for _, d := range whole {
		if !got[key(d)] {
			t.Errorf("%d shards miss the unsharded finding %s", n, key(d))
		}
	}
	want, confirmed := map[string]bool{}, map[string]bool{}
	for _, d := range whole {
		want[key(d)] = true
	}
	for _, d := range stairway.Diagnostics {
		confirmed[d.Rule+" "+d.Revision] = true
	}
	for _, d := range merged {
		if !want[key(d)] && !confirmed[d.Rule+" "+d.Revision] {
			t.Errorf("%d shards report %s, which neither the unsharded full nor the stairway plan finds", n, key(d))
		}
	}
}
