package main

import (
	"context"
	"fmt"
	"time"

	"github.com/retortdev/retort/replay"
)

var (
	seedOnly    bool
	seedChanged int
)

// seededBench times the changed and stairway plans with and without
// seeded rows (3 per table, as retort replays by default), interleaved.
func seededBench(ctx context.Context, srv *replay.Server, py pyStack, good string, n, runs int) error {
	k := min(max(seedChanged, 1), n)
	var base []string
	for i := 1; i <= n-k; i++ {
		base = append(base, fmt.Sprintf("r%04d", i))
	}
	url := &replay.URLServer{URL: srv.URL}
	var seedSecs = map[string][]float64{}
	plan := func(plan string, rows int) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			t0 := time.Now()
			res, err := replay.Run(ctx, replay.Config{Provider: url, Python: py.path, PythonEnv: py.env, Project: proj(good),
				Plan: replay.Plan(plan), Base: base, Seed: replay.Seed{Rows: rows}})
			if err != nil {
				return 0, err
			}
			if len(res.Diagnostics) > 0 {
				return 0, fmt.Errorf("%s: unexpected finding %v", plan, res.Diagnostics[0])
			}
			if rows > 0 {
				if res.Summary.Seed == nil || res.Summary.Seed.Tables == 0 {
					return 0, fmt.Errorf("%s: nothing seeded", plan)
				}
				seedSecs[plan] = append(seedSecs[plan], res.Summary.Seed.Seconds)
			}
			return time.Since(t0), nil
		}
	}
	ms := interleave(runs, plan("changed", 0), plan("changed", 3), plan("stairway", 0), plan("stairway", 3))
	for _, m := range ms {
		if m.err != nil {
			return m.err
		}
	}
	med := func(xs []float64) float64 {
		s := append([]float64{}, xs...)
		for i := range s {
			for j := i + 1; j < len(s); j++ {
				if s[j] < s[i] {
					s[i], s[j] = s[j], s[i]
				}
			}
		}
		return s[len(s)/2]
	}
	fmt.Printf("seeded replay (3 rows per empty table before each revision under test), %d revisions:\n", n)
	fmt.Printf("changed plan (last %d of %d):  unseeded %6.2fs  seeded %6.2fs (seeding %.2fs)  %.2fx (target <= 1.5x)\n",
		k, n, ms[0].d.Seconds(), ms[1].d.Seconds(), med(seedSecs["changed"]), ms[1].d.Seconds()/ms[0].d.Seconds())
	fmt.Printf("stairway plan:                 unseeded %6.2fs  seeded %6.2fs (seeding %.2fs)  %.2fx (target <= 2x)\n",
		ms[2].d.Seconds(), ms[3].d.Seconds(), med(seedSecs["stairway"]), ms[3].d.Seconds()/ms[2].d.Seconds())
	return nil
}
