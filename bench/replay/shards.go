package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/retortdev/retort/migration"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/report"
	"github.com/retortdev/retort/revision"
)

// runShards times the unsharded plan on a synthetic project of n
// revisions, then its shards one after another, balanced each way modes
// names: "estimate" (no --timings: retort's estimate, which grows with the
// schema) and "timings" (the unsharded run's --timings). Every run starts
// its own local cluster, as a job of a CI matrix would. With out set, each
// run's JSON output is written there.
func runShards(n, shards int, plan string, modes []string, out string, st stack) error {
	ctx := context.Background()
	dir, interp, err := setup(ctx, n, st)
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	good := filepath.Join(dir, "good")
	one := func(name string, w replay.Window) (*replay.Result, time.Duration, error) {
		t0 := time.Now()
		res, err := replay.Run(ctx, replay.Config{Provider: &replay.Local{}, Python: interp.Path, PythonEnv: st.env, Project: proj(good), Plan: replay.Plan(plan), Window: w})
		d := time.Since(t0)
		if err == nil && len(res.Diagnostics) > 0 {
			err = fmt.Errorf("unexpected finding %v", res.Diagnostics[0])
		}
		if err == nil && !res.Summary.Completed {
			err = fmt.Errorf("the plan stopped early")
		}
		if err == nil && out != "" {
			err = save(filepath.Join(out, name+".json"), res)
		}
		return res, d, err
	}
	fmt.Printf("load average %s at the start\n", loadavg())
	c0 := cpu()
	whole, wd, err := one("unsharded", replay.Window{})
	if err != nil {
		return err
	}
	wholeCPU := cpu() - c0
	fmt.Printf("synthetic project: %d revisions, %s plan, local cluster per run; %s\n", n, plan, report.Stack(whole.Summary))
	fmt.Printf("unsharded: %.1fs, CPU %.1fs (database %.1fs, plan %.1fs, %d steps, %d snapshots in %.1fs); load average %s\n",
		wd.Seconds(), wholeCPU, whole.Summary.DatabaseSeconds, whole.Summary.PlanSeconds, whole.Summary.Steps, whole.Summary.Snapshots, whole.Summary.SnapshotSeconds, loadavg())
	b, err := json.Marshal(whole)
	if err != nil {
		return err
	}
	timings, err := replay.ReadTimings("unsharded.json", bytes.NewReader(b))
	if err != nil {
		return err
	}
	loaded, err := revision.Load(good)
	if err != nil {
		return err
	}
	objects := migration.ProjectObjects(loaded) // as retort replay --shard computes them
	for _, mode := range modes {
		var t *replay.Timings
		var objs map[string]int
		switch mode {
		case "estimate":
			objs = objects
			fmt.Printf("\n%d shards, balanced by retort's estimate (no --timings), run one after another:\n", shards)
		case "position":
			fmt.Printf("\n%d shards, balanced by an estimate that grows with the position alone (no --timings, no static model), run one after another:\n", shards)
		case "timings":
			t = timings
			fmt.Printf("\n%d shards, balanced by the unsharded run's timings (--timings), run one after another:\n", shards)
		default:
			return fmt.Errorf("-modes: no mode %q (estimate, position, timings)", mode)
		}
		fmt.Printf("| shard | slice | revisions | wall | setup (cluster, driver, jump) | jump | slice work | CPU | load |\n|---|---|--:|--:|--:|--:|--:|--:|--:|\n")
		var slowest, sum time.Duration
		var slowestCPU float64
		for i := 1; i <= shards; i++ {
			c0 := cpu()
			res, d, err := one(fmt.Sprintf("%s-%d", mode, i), replay.Window{Shard: i, Shards: shards, Timings: t, Objects: objs})
			c := cpu() - c0
			if err != nil {
				return fmt.Errorf("shard %d/%d: %v", i, shards, err)
			}
			s := res.Summary
			work := s.PlanSeconds - s.JumpSeconds
			fmt.Printf("| %s | %s | %d | %.1fs | %.1fs | %.1fs (%d revisions) | %.1fs | %.1fs | %s |\n",
				s.Shard, s.Slice, s.Replayed, d.Seconds(), d.Seconds()-work, s.JumpSeconds, s.JumpSteps, work, c, loadavg())
			slowestCPU = max(slowestCPU, c)
			slowest, sum = max(slowest, d), sum+d
		}
		fmt.Printf("critical path (slowest shard) %.1fs = %.2fx the unsharded %.1fs (target <= 0.35x); all shards together %.1fs = %.2fx\n",
			slowest.Seconds(), slowest.Seconds()/wd.Seconds(), wd.Seconds(), sum.Seconds(), sum.Seconds()/wd.Seconds())
		fmt.Printf("in CPU time (retort, python and postgres): slowest shard %.1fs = %.2fx the unsharded %.1fs\n",
			slowestCPU, slowestCPU/wholeCPU, wholeCPU)
	}
	return nil
}

// save writes a run's JSON output, as retort replay --format json would.
func save(name string, res *replay.Result) error {
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	return os.WriteFile(name, b, 0o644)
}

// loadavg is the machine's 1-minute load average ("?" where unknown).
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}
