package revision

import (
	"fmt"
	"math/rand"
	"os"
	"reflect"
	"slices"
	"testing"
)

// contains is the helper the tests of this package share; the graph,
// which used it, now works on indices.
func contains(ss []string, s string) bool { return slices.Contains(ss, s) }

// randomFiles makes the files of a small random history: parents earlier
// or later (cycles), missing, repeated; labels shared by several
// revisions; depends_on by id, by label, on a descendant, missing;
// duplicate ids; paths in no order of the graph's.
func randomFiles(r *rand.Rand) []*File {
	n := 1 + r.Intn(40)
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%02x", r.Intn(256))
	}
	labels := []string{"a", "b", "c", "d"}
	any := func() string {
		switch k := r.Intn(20); {
		case k == 0:
			return "missing"
		case k == 1:
			return labels[r.Intn(len(labels))]
		}
		return ids[r.Intn(n)]
	}
	cyclic := r.Intn(3) == 0
	earlier := func(i int) string {
		if i == 0 || r.Intn(10) == 0 {
			if cyclic {
				return any()
			}
			return "missing"
		}
		return ids[i-1-r.Intn(min(i, 4))]
	}
	var files []*File
	for i, id := range ids {
		f := &File{Path: fmt.Sprintf("v/%03d.py", r.Intn(1000)), Revision: id, HasRevision: r.Intn(30) != 0}
		switch k := r.Intn(10); {
		case k == 0 && i > 0:
		case k < 3:
			f.DownRevisions = []string{earlier(i), earlier(i)}
		case k == 3 && cyclic:
			f.DownRevisions = []string{any()}
		default:
			f.DownRevisions = []string{earlier(i)}
		}
		if r.Intn(8) == 0 {
			f.BranchLabels = append(f.BranchLabels, labels[r.Intn(len(labels))], labels[r.Intn(len(labels))])
		}
		if r.Intn(5) == 0 {
			f.DependsOn = append(f.DependsOn, any())
			if r.Intn(3) == 0 {
				f.DependsOn = append(f.DependsOn, any())
			}
		}
		if r.Intn(15) == 0 {
			f.Unevaluated = []Unevaluated{{Var: "down_revision"}}
			f.Header.HasRevises, f.Header.Revises = true, []string{earlier(i)}
		}
		files = append(files, f)
	}
	return files
}

// TestGraphMatchesReference builds random histories both with NewGraph
// and with the graph as it was on string ids (graph_ref_test.go), and
// compares every result.
func TestGraphMatchesReference(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var cycles, dependsCycles, normalized int // what the histories made
	for i := 0; i < 3000; i++ {
		files := randomFiles(r)
		got, want := NewGraph(files), newRefGraph(files)
		if len(got.Cycles) > 0 {
			cycles++
		} else if rank := got.ranks(); len(rank) > 1 && !slices.ContainsFunc(rank, func(n int32) bool { return n != 0 }) {
			dependsCycles++
		} else if len(got.normalizedDown(rank)) > 0 {
			normalized++
		}
		diff := func(what string, g, w any) {
			if !reflect.DeepEqual(g, w) {
				t.Fatalf("history %d: %s: got %v, want %v", i, what, g, w)
			}
		}
		diff("heads", got.Heads, want.Heads)
		diff("bases", got.Bases, want.Bases)
		diff("cycles", got.Cycles, want.Cycles)
		diff("labels", got.Labels, want.Labels)
		diff("duplicates", got.Duplicates, want.Duplicates)
		diff("missing", danglings(got.Missing), refDanglings(want.Missing))
		diff("order", revIDs(got.Order()), refRevIDs(want.Order()))
		diff("history order", revIDs(got.HistoryOrder()), refRevIDs(want.HistoryOrder()))
		diff("revisions", len(got.Revs), len(want.Revs))
		for id, w := range want.Revs {
			g := got.Revs[id]
			diff(id+" file", g.File, w.File)
			diff(id+" parents", g.Parents, w.Parents)
			diff(id+" children", g.Children, w.Children)
			diff(id+" depends_on", g.DependsOn, w.DependsOn)
			diff(id+" dependents", g.Dependents, w.Dependents)
			diff(id+" branch labels", g.BranchLabels, w.BranchLabels)
			diff(id+" ancestors", got.Ancestors(id, "missing"), want.Ancestors(id, "missing"))
			diff(id+" descendants", got.Descendants(id), want.Descendants(id))
		}
	}
	if cycles == 0 || dependsCycles == 0 || normalized == 0 {
		t.Errorf("the histories made %d cycles, %d cycles through depends_on, %d normalized depends_on: each must be tried", cycles, dependsCycles, normalized)
	}
	t.Logf("%d cycles, %d cycles through depends_on, %d normalized depends_on", cycles, dependsCycles, normalized)
}

func danglings(ds []Dangling) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprint(d.From.ID, d.Target, d.DependsOn))
	}
	return out
}

func refDanglings(ds []refDangling) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprint(d.From.ID, d.Target, d.DependsOn))
	}
	return out
}

func revIDs(rs []*Rev) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func refRevIDs(rs []*refRev) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

// BenchmarkGraphReference builds the graph of RETORT_BENCH_DIR as it was
// built on string ids, for comparison with BenchmarkNewGraph.
func BenchmarkGraphReference(b *testing.B) {
	dir := os.Getenv("RETORT_BENCH_DIR")
	if dir == "" {
		b.Skip("RETORT_BENCH_DIR names no history")
	}
	p, err := LoadHeaders(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		newRefGraph(p.Files)
	}
}
