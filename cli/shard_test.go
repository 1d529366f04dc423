package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/retortdev/retort/replay"
)

// TestReplayShardUsage: bad --shard, --timings, --from and --to are usage
// errors naming the value, before any database starts.
func TestReplayShardUsage(t *testing.T) {
	chdirRoot(t)
	dir := t.TempDir()
	lintOut := filepath.Join(dir, "lint.json")
	os.WriteFile(lintOut, []byte(`{"diagnostics": [], "summary": {}}`), 0o644)
	sample := filepath.Join("testdata", "replay", "sample")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"replay", "--shard", "5/4", sample}, `--shard "5/4": want i/n`},
		{[]string{"replay", "--shard", "two", sample}, `--shard "two"`},
		{[]string{"replay", "--plan", "changed", "--base", "HEAD", "--shard", "1/2", sample}, "go with the full and stairway plans"},
		{[]string{"replay", "--timings", lintOut, sample}, "goes with --shard"},
		{[]string{"replay", "--shard", "1/2", "--timings", lintOut, sample}, "lint.json: no replay steps"},
		{[]string{"replay", "--shard", "1/2", "--timings", filepath.Join(dir, "none.json"), sample}, "none.json"},
		{[]string{"replay", "--from", "nope", sample}, "--from nope: no such revision among the 13 files"},
		{[]string{"replay", "--to", "00", sample}, "--to 00: ambiguous"},
		{[]string{"check", "--replay", "stairway", "--from", "0099", sample}, "--from 0099: no such revision"},
	} {
		code, _, stderr := run(t, nil, c.args...)
		if code != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, want %d and %q:\n%s", c.args, code, ExitUsage, c.want, stderr)
		}
	}
}

// TestReplayShardsLocalCLI runs a stairway in three shards through the
// command line, merges their JSON with retort report, and requires the
// unsharded run's findings and steps; the second run balances by the
// first one's timings.
func TestReplayShardsLocalCLI(t *testing.T) {
	needLocalReplay(t)
	chdirRoot(t)
	dir := t.TempDir()
	project := filepath.Join("testdata", "replay", "forgets-enum")
	type doc struct {
		Diagnostics []map[string]any
		Summary     map[string]any
		Steps       []struct{ Phase, Action, Revision string }
	}
	replayJSON := func(name string, args ...string) doc {
		code, out, stderr := run(t, nil, append(append([]string{"replay", "--db", "local", "--plan", "stairway", "--format", "json"}, args...), project)...)
		if code != ExitFindings && code != ExitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		os.WriteFile(filepath.Join(dir, name), []byte(out), 0o644)
		var d doc
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	whole := replayJSON("whole.json")
	for _, timings := range [][]string{nil, {"--timings", filepath.Join(dir, "whole.json")}} {
		var files []string
		for _, sh := range []string{"1/3", "2/3", "3/3"} {
			name := "retort-" + sh[:1] + ".json"
			d := replayJSON(name, append([]string{"--shard", sh}, timings...)...)
			if d.Summary["shard"] != sh {
				t.Errorf("shard %s: summary.shard is %v", sh, d.Summary["shard"])
			}
			files = append(files, filepath.Join(dir, name))
		}
		code, out, stderr := run(t, nil, append([]string{"report", "--format", "json"}, files...)...)
		if code != ExitFindings || stderr != "" {
			t.Fatalf("report: exit %d\n%s", code, stderr)
		}
		var merged doc
		if err := json.Unmarshal([]byte(out), &merged); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(merged.Diagnostics, whole.Diagnostics) {
			t.Errorf("%v: merged findings\n%v\nunsharded\n%v", timings, merged.Diagnostics, whole.Diagnostics)
		}
		// the same steps, but for the upgrades that bring a fresh database
		// back after a leftover blocked a revision: a slice that ends at
		// that revision has nothing left to bring back
		var ms, ws []string
		for _, s := range merged.Steps {
			if s.Phase != "reset" {
				ms = append(ms, s.Action+" "+s.Revision)
			}
		}
		for _, s := range whole.Steps {
			if s.Phase != "reset" {
				ws = append(ws, s.Action+" "+s.Revision)
			}
		}
		if !reflect.DeepEqual(ms, ws) {
			t.Errorf("%v: merged steps\n%v\nunsharded\n%v", timings, ms, ws)
		}
		if merged.Summary["shards"] != 3.0 || merged.Summary["replayed"] != whole.Summary["replayed"] {
			t.Errorf("merged summary %v", merged.Summary)
		}
	}
}

// needLocalReplay skips a test that needs PostgreSQL binaries and a python
// with alembic.
func needLocalReplay(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs PostgreSQL binaries; skipped under -short")
	}
	if _, err := replay.FindPostgresBin(); err != nil {
		t.Skipf("needs PostgreSQL binaries: %v", err)
	}
	if _, err := replay.FindPython(context.Background(), "", ""); err != nil {
		t.Skipf("needs python with alembic: %v", err)
	}
}
