package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/report"
)

// runShards times the unsharded plan on a synthetic project of n
// revisions, then its shards one after another: first balanced by
// revision count, then by the unsharded run's timings. Every run starts
// its own local cluster, as a job of a CI matrix would.
func runShards(n, shards int, plan string, st stack) error {
	ctx := context.Background()
	dir, interp, err := setup(ctx, n, st)
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	good := filepath.Join(dir, "good")
	one := func(w replay.Window) (*replay.Result, time.Duration, error) {
		t0 := time.Now()
		res, err := replay.Run(ctx, replay.Config{Provider: &replay.Local{}, Python: interp.Path, PythonEnv: st.env, Project: proj(good), Plan: replay.Plan(plan), Window: w})
		d := time.Since(t0)
		if err == nil && len(res.Diagnostics) > 0 {
			err = fmt.Errorf("unexpected finding %v", res.Diagnostics[0])
		}
		if err == nil && !res.Summary.Completed {
			err = fmt.Errorf("the plan stopped early")
		}
		return res, d, err
	}
	c0 := cpu()
	whole, wd, err := one(replay.Window{})
	if err != nil {
		return err
	}
	wholeCPU := cpu() - c0
	fmt.Printf("synthetic project: %d revisions, %s plan, local cluster per run; %s\n", n, plan, report.Stack(whole.Summary))
	fmt.Printf("unsharded: %.1fs, CPU %.1fs (database %.1fs, plan %.1fs, %d steps, %d snapshots in %.1fs)\n",
		wd.Seconds(), wholeCPU, whole.Summary.DatabaseSeconds, whole.Summary.PlanSeconds, whole.Summary.Steps, whole.Summary.Snapshots, whole.Summary.SnapshotSeconds)
	b, err := json.Marshal(whole)
	if err != nil {
		return err
	}
	timings, err := replay.ReadTimings("unsharded.json", bytes.NewReader(b))
	if err != nil {
		return err
	}
	for _, mode := range []struct {
		name string
		t    *replay.Timings
	}{{"by revision count", nil}, {"by the unsharded run's timings (--timings)", timings}} {
		fmt.Printf("\n%d shards, balanced %s, run one after another:\n", shards, mode.name)
		fmt.Printf("| shard | slice | revisions | wall | setup (cluster, driver, jump) | jump | slice work | CPU |\n|---|---|--:|--:|--:|--:|--:|--:|\n")
		var slowest, sum time.Duration
		var slowestCPU float64
		for i := 1; i <= shards; i++ {
			c0 := cpu()
			res, d, err := one(replay.Window{Shard: i, Shards: shards, Timings: mode.t})
			c := cpu() - c0
			if err != nil {
				return fmt.Errorf("shard %d/%d: %v", i, shards, err)
			}
			s := res.Summary
			work := s.PlanSeconds - s.JumpSeconds
			fmt.Printf("| %s | %s | %d | %.1fs | %.1fs | %.1fs (%d revisions) | %.1fs | %.1fs |\n",
				s.Shard, s.Slice, s.Replayed, d.Seconds(), d.Seconds()-work, s.JumpSeconds, s.JumpSteps, work, c)
			slowestCPU = max(slowestCPU, c)
			slowest, sum = max(slowest, d), sum+d
		}
		fmt.Printf("critical path (slowest shard) %.1fs = %.2fx the unsharded %.1fs (target <= 0.35x); all shards together %.1fs = %.2fx\n",
			slowest.Seconds(), slowest.Seconds()/wd.Seconds(), wd.Seconds(), sum.Seconds(), sum.Seconds()/wd.Seconds())
		fmt.Printf("in CPU time (retort, python and postgres; steadier on a shared machine): slowest shard %.1fs = %.2fx the unsharded %.1fs\n",
			slowestCPU, slowestCPU/wholeCPU, wholeCPU)
	}
	return nil
}
