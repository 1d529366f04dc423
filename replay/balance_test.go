package replay

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

// shardTimes are the shards' times under costs cut at cuts: each jumps
// over the revisions before its slice, then replays its slice.
func shardTimes(costs []Cost, cuts []int) []float64 {
	out := make([]float64, len(cuts)-1)
	for k := range out {
		for i := 0; i < cuts[k+1]; i++ {
			if i < cuts[k] {
				out[k] += costs[i].Jump
			} else {
				out[k] += costs[i].Plan
			}
		}
	}
	return out
}

func slowest(costs []Cost, cuts []int) float64 {
	worst := 0.0
	for _, t := range shardTimes(costs, cuts) {
		worst = max(worst, t)
	}
	return worst
}

// bestSlowest tries every cut into n slices, each keeping a revision when
// there are enough, and returns the fastest slowest shard.
func bestSlowest(costs []Cost, n int) float64 {
	m := len(costs)
	best := math.Inf(1)
	cuts := make([]int, n+1)
	cuts[n] = m
	var try func(k int)
	try = func(k int) { // cuts[0..k-1] are set
		if k == n {
			if m < n || cuts[n-1] < m {
				best = min(best, slowest(costs, cuts))
			}
			return
		}
		for c := cuts[k-1]; c <= m; c++ {
			if m >= n && c == cuts[k-1] {
				continue // an empty slice
			}
			cuts[k] = c
			try(k + 1)
		}
	}
	try(1)
	return best
}

// growing is a history whose revisions cost more the later they come
// (plan), with a jump cost per revision.
func growing(m int, base, slope, jump float64) []Cost {
	cs := make([]Cost, m)
	for i := range cs {
		cs[i] = Cost{Plan: base + slope*float64(i), Jump: jump}
	}
	return cs
}

// TestPartitionBalances cuts known costs and requires the expected cuts,
// whose slowest shard no other cut beats.
func TestPartitionBalances(t *testing.T) {
	for _, c := range []struct {
		name  string
		costs []Cost
		n     int
		want  []int
	}{
		{"equal costs, no jump: by count", growing(12, 1, 0, 0), 4, []int{0, 3, 6, 9, 12}},
		// 1, 2, ..., 12: 21, 15, 19, 23; the later slices are shorter
		{"growing, no jump", growing(12, 1, 1, 0), 4, []int{0, 6, 8, 10, 12}},
		// plan 2, jump 1: 12, 6+6, 9+4, 11+2; the first shard, which does
		// not jump, takes the most revisions
		{"equal costs, jump", growing(12, 2, 0, 1), 4, []int{0, 6, 9, 11, 12}},
		{"growing and jump", growing(16, 1, 0.5, 0.5), 4, []int{0, 8, 11, 14, 16}},
		// a data migration weighs on the shard that replays it (23) and on
		// every shard that jumps over it (22.5, 22)
		{"slow revision", []Cost{{1, .5}, {1, .5}, {1, .5}, {20, 18}, {1, .5}, {1, .5}, {1, .5}, {1, .5}}, 3, []int{0, 4, 7, 8}},
		{"one shard", growing(5, 1, 1, 1), 1, []int{0, 5}},
		{"as many shards as revisions", growing(4, 1, 1, 1), 4, []int{0, 1, 2, 3, 4}},
		{"more shards than revisions", growing(2, 1, 0, 0), 4, []int{0, 0, 1, 1, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Partition(c.costs, c.n)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Partition = %v (shards %v), want %v (shards %v)", got, shardTimes(c.costs, got), c.want, shardTimes(c.costs, c.want))
			}
			if got == nil {
				return
			}
			if s, best := slowest(c.costs, got), bestSlowest(c.costs, c.n); s > best+1e-9 {
				t.Errorf("Partition's slowest shard takes %.3f, the best cut's %.3f", s, best)
			}
		})
	}
}

// TestPartitionOptimalGrid checks the cut against every other on
// histories of growing revisions with jumps, for 2 to 4 shards.
func TestPartitionOptimalGrid(t *testing.T) {
	for _, m := range []int{4, 9, 17} {
		for _, slope := range []float64{0, 0.1, 1} {
			for _, jump := range []float64{0, 0.3, 1} {
				for n := 2; n <= 4; n++ {
					costs := growing(m, 1, slope, jump)
					for i := range costs {
						costs[i].Plan += float64((i*7)%5) / 4 // uneven
					}
					cuts := Partition(costs, n)
					if s, best := slowest(costs, cuts), bestSlowest(costs, n); s > best+1e-9 {
						t.Errorf("m=%d slope=%v jump=%v n=%d: cuts %v, slowest %.3f, best %.3f", m, slope, jump, n, cuts, s, best)
					}
				}
			}
		}
	}
}

// linearRunner is a runner over a linear history of m revisions whose
// window is every revision after the first floor ones.
func linearRunner(m, floor int) *runner {
	r := &runner{}
	for i := 0; i < m; i++ {
		id := fmt.Sprintf("r%03d", i)
		r.order = append(r.order, id)
		if i >= floor {
			r.w.ids = append(r.w.ids, id)
		}
	}
	return r
}

// TestCostsEstimate: without timings, a revision costs more the more
// revisions lie before it, floor included, and jumping costs less than
// replaying.
func TestCostsEstimate(t *testing.T) {
	cs := linearRunner(10, 4).costs(nil)
	if len(cs) != 6 {
		t.Fatalf("%d costs for 6 revisions", len(cs))
	}
	if want := 1 + 4.0/estimateGrowth; cs[0].Plan != want {
		t.Errorf("the first after a floor of 4 costs %v, want %v", cs[0].Plan, want)
	}
	for i := 1; i < len(cs); i++ {
		if cs[i].Plan <= cs[i-1].Plan || cs[i].Jump >= cs[i].Plan {
			t.Errorf("costs %v: want growing plans, jumps below them", cs)
		}
	}
	// 1,000 revisions: the first shard takes the most, the last the fewest
	cuts := Partition(linearRunner(1000, 0).costs(nil), 4)
	for k := 1; k < 4; k++ {
		if cuts[k+1]-cuts[k] >= cuts[k]-cuts[k-1] {
			t.Errorf("cuts %v: want every slice shorter than the one before", cuts)
		}
	}
}

// TestCostsTimings: measured times; a revision the timings lack costs
// what the nearest known one before it cost (after it, for the first
// ones); a jump costs the revision's first upgrade, at most its plan.
func TestCostsTimings(t *testing.T) {
	r := linearRunner(7, 0)
	tm := &Timings{
		Seconds: map[string]float64{"r001": 2, "r002": 3, "r003": 40, "r004": 5, "r005": 6},
		Upgrade: map[string]float64{"r001": 0.5, "r002": 1, "r003": 30, "r004": 9},
	}
	got := r.costs(tm)
	// r004's upgrade (9) is more than its plan (5): replaying includes
	// it; r005 has no upgrade: the median one (9)
	want := []Cost{{2, 0.5}, {2, 0.5}, {3, 1}, {40, 30}, {5, 5}, {6, 6}, {6, 6}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("costs = %v, want %v", got, want)
	}
	tm.Overhead = 1
	if got := r.costs(tm); got[1].Plan != 3 || got[6].Plan != 7 {
		t.Errorf("with an overhead of 1 per revision: %v", got)
	}
}

// TestCostsObjects: with the static model's counts, a revision costs more
// by the schema the revisions before it left, not by its position: a
// history that adds nothing costs the same per revision, and drops shrink
// the cost.
func TestCostsObjects(t *testing.T) {
	flat := linearRunner(1000, 0)
	flat.w.objects = map[string]int{}
	for i, c := range flat.costs(nil) {
		if c != (Cost{Plan: 1, Jump: estimateJump}) {
			t.Fatalf("a history that adds no object: cost %d = %+v, want every plan 1", i, c)
		}
	}
	r := linearRunner(6, 2)
	r.w.objects = map[string]int{"r000": 4, "r001": 400, "r002": -200, "r003": 0, "r004": 800}
	got := r.costs(nil)
	want := []float64{1 + 404.0/estimateObjects, 1 + 204.0/estimateObjects, 1 + 204.0/estimateObjects, 1 + 1004.0/estimateObjects}
	for i, c := range got {
		if c.Plan != want[i] || c.Jump != estimateJump {
			t.Errorf("cost %d = %+v, want plan %v", i, c, want[i])
		}
	}
	steep := linearRunner(1000, 0)
	steep.w.objects = map[string]int{}
	for _, id := range steep.order {
		steep.w.objects[id] = 4
	}
	cuts := Partition(steep.costs(nil), 4)
	for k := 1; k < 4; k++ {
		if cuts[k+1]-cuts[k] >= cuts[k]-cuts[k-1] {
			t.Errorf("a growing schema: cuts %v, want every slice shorter than the one before", cuts)
		}
	}
}
