package replay

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseShard(t *testing.T) {
	for _, c := range []struct {
		in   string
		i, n int
		bad  bool
	}{{"1/1", 1, 1, false}, {"2/4", 2, 4, false}, {" 3 / 3 ", 3, 3, false}, {"0/4", 0, 0, true}, {"5/4", 0, 0, true}, {"2", 0, 0, true}, {"a/b", 0, 0, true}, {"1/0", 0, 0, true}} {
		i, n, err := ParseShard(c.in)
		if (err != nil) != c.bad || i != c.i || n != c.n {
			t.Errorf("ParseShard(%q) = %d, %d, %v", c.in, i, n, err)
		}
	}
}

func TestPartition(t *testing.T) {
	uniform := func(m int) []Cost {
		cs := make([]Cost, m)
		for i := range cs {
			cs[i] = Cost{Plan: 1}
		}
		return cs
	}
	for _, c := range []struct {
		name  string
		costs []Cost
		n     int
		want  []int
	}{
		{"count", uniform(10), 4, []int{0, 2, 5, 7, 10}},
		{"count, one shard", uniform(5), 1, []int{0, 5}},
		{"more shards than revisions", uniform(2), 4, []int{0, 0, 1, 1, 2}},
		// one slow revision gets a shard to itself
		{"time", []Cost{{1, 0}, {1, 0}, {1, 0}, {9, 0}, {1, 0}, {1, 0}}, 3, []int{0, 3, 4, 6}},
		// jumping is not free: later shards take fewer revisions
		{"jump", []Cost{{2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}}, 2, []int{0, 5, 8}},
	} {
		got := Partition(c.costs, c.n)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: Partition = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestPartitionOptimal checks the balanced cut against every cut of a
// small history into three: none has a faster slowest shard.
func TestPartitionOptimal(t *testing.T) {
	costs := []Cost{{3, 1}, {1, .5}, {4, 2}, {1, .1}, {5, 1}, {9, 3}, {2, 1}, {6, 2}, {5, 1}, {3, 1}}
	slowest := func(cuts []int) float64 {
		worst := 0.0
		for k := 0; k+1 < len(cuts); k++ {
			t := 0.0
			for i := 0; i < cuts[k+1]; i++ {
				if i < cuts[k] {
					t += costs[i].Jump
				} else {
					t += costs[i].Plan
				}
			}
			worst = max(worst, t)
		}
		return worst
	}
	got := slowest(Partition(costs, 3))
	m := len(costs)
	for a := 1; a < m; a++ {
		for b := a + 1; b < m; b++ {
			if s := slowest([]int{0, a, b, m}); s < got-1e-9 {
				t.Errorf("cut 0,%d,%d,%d has slowest shard %.2f, Partition's %.2f", a, b, m, s, got)
			}
		}
	}
}

func TestReadTimings(t *testing.T) {
	doc := `{"diagnostics":[],"summary":{"replayed":2,"plan_seconds":10,"jump_seconds":1},
	"steps":[{"action":"upgrade","revision":"a","seconds":1},{"action":"downgrade","revision":"a","seconds":0.5},{"action":"upgrade","revision":"a","seconds":1.5},
	{"action":"upgrade","revision":"b","seconds":2}]}`
	tm, err := ReadTimings("t.json", strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if tm.Seconds["a"] != 3 || tm.Seconds["b"] != 2 || tm.Upgrade["a"] != 1 || tm.Upgrade["b"] != 2 || tm.Overhead != 2 {
		t.Errorf("timings %+v", tm)
	}
	// a stairway's own time per revision wins over its steps
	tm, err = ReadTimings("s.json", strings.NewReader(`{"summary":{"replayed":2,"plan_seconds":10,"revision_seconds":{"a":4,"b":6}},
	"steps":[{"action":"upgrade","revision":"a","seconds":1},{"action":"upgrade","revision":"b","seconds":2}]}`))
	if err != nil || tm.Seconds["a"] != 4 || tm.Seconds["b"] != 6 || tm.Overhead != 0 || tm.Upgrade["b"] != 2 {
		t.Errorf("timings %+v, %v", tm, err)
	}
	// a jump pays a traced step's statements, not the trace's queries
	tm, err = ReadTimings("t.json", strings.NewReader(`{"summary":{"revision_seconds":{"a":4}},
	"steps":[{"action":"upgrade","revision":"a","seconds":1,"statements":[{"sql":"create table t ()","seconds":0.25},{"sql":"create index i on t (x)","seconds":0.125}]}]}`))
	if err != nil || tm.Upgrade["a"] != 0.375 {
		t.Errorf("timings %+v, %v", tm, err)
	}
	if _, err := ReadTimings("lint.json", strings.NewReader(`{"diagnostics":[],"summary":{}}`)); err == nil || !strings.Contains(err.Error(), "lint.json") {
		t.Errorf("a JSON without steps: %v", err)
	}
	if _, err := ReadTimings("x.json", strings.NewReader(`{`)); err == nil || !strings.Contains(err.Error(), "x.json") {
		t.Errorf("broken JSON: %v", err)
	}
}

// TestWindowLocal bounds replays with --from and --to.
func TestWindowLocal(t *testing.T) {
	py, srv := localServer(t)
	run := func(plan string, w Window) (*Result, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		return Run(ctx, Config{Provider: shared{srv}, Python: py, Project: testdata(t, "forgets-enum"), Plan: Plan(plan), StepTimeout: time.Minute, Window: w})
	}
	for _, c := range []struct {
		plan     string
		w        Window
		replayed int
		wants    []want
	}{
		// the floor just below the bad revisions: both are found
		{"stairway", Window{From: "0013a3b4c5d6"}, 2, []want{
			{RuleDowngradeNotInverse, "0014e1a2b3c4", `type "priority" still exists after downgrade to "0013a3b4c5d6"`, 22},
			{RuleDowngradeNotInverse, "0015e1a2b3c4", `index "ix_posts_priority" on "posts" still exists after downgrade to "0014e1a2b3c4"`, 21}}},
		// a prefix names a revision; the floor above 0014 leaves it out
		{"stairway", Window{From: "0014e"}, 1, []want{
			{RuleDowngradeNotInverse, "0015e1a2b3c4", `index "ix_posts_priority" on "posts" still exists after downgrade to "0014e1a2b3c4"`, 21}}},
		// the ceiling below them: nothing to find
		{"stairway", Window{To: "0013a3b4c5d6"}, 13, nil},
		{"stairway", Window{From: "0005e5f6a7b8", To: "0009c9d0e1f2"}, 4, nil},
		// full: the downgrade stops at the floor
		{"full", Window{From: "0012f2a3b4c5"}, 3, []want{
			{RuleDowngradeNotInverse, "0014e1a2b3c4", `type "priority" still exists after downgrade to "0012f2a3b4c5"`, 22}}},
		{"full", Window{To: "0013a3b4c5d6"}, 13, nil},
		// a floor on one side of the merge: the other branch is after it
		{"full", Window{From: "0006f6a7b8c9", To: "0013a3b4c5d6"}, 7, nil},
		// of the 7, shard 2 gets 3: it also jumps over the first shard's
		{"stairway", Window{From: "0006f6a7b8c9", To: "0013a3b4c5d6", Shard: 2, Shards: 2}, 3, nil},
	} {
		t.Run(fmt.Sprintf("%s %+v", c.plan, c.w), func(t *testing.T) {
			res, err := run(c.plan, c.w)
			if err != nil {
				t.Fatal(err)
			}
			check(t, res, c.wants)
			if res.Summary.Replayed != c.replayed || (len(c.wants) == 0 && !res.Summary.Completed) {
				t.Errorf("replayed %d revisions (want %d), completed %v", res.Summary.Replayed, c.replayed, res.Summary.Completed)
			}
			if c.w.From != "" && res.Summary.JumpSteps == 0 {
				t.Errorf("no jump to the floor: %+v", res.Summary.Bounds)
			}
		})
	}
	for _, w := range []Window{{From: "nope"}, {To: "0099"}, {From: "0015e1a2b3c4"}, {From: "00"}} {
		if _, err := run("stairway", w); err == nil {
			t.Errorf("%+v: no error", w)
		} else {
			t.Logf("%+v: %v", w, err)
		}
	}
}

// localServer starts a local cluster that the test's replays share (each
// in its own scratch database); it stops when the test ends.
func localServer(t *testing.T) (python string, srv *Server) {
	t.Helper()
	needLocal(t)
	python = needPython(t)
	srv, err := (&Local{}).Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop(context.Background()) })
	return python, srv
}
