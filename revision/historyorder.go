package revision

import (
	"slices"
	"strings"
)

// HistoryOrder returns the revisions in the order `alembic history` prints
// them, newest first: Alembic's topological sort, which walks down from
// the heads one line at a time, leaves a revision until every other head
// that descends from it has been walked down to it, and breaks ties by
// the order of its revision map (files sorted by name). With a cycle,
// which Alembic refuses, it is Order reversed.
//
// Alembic keeps the set of ancestors of each head it walks, and computes
// it again at each merge: on a long history with many merges that is
// quadratic. Here each set is an ancestorSet, expanded only as far down
// as the questions asked of it need.
func (g *Graph) HistoryOrder() []*Rev {
	fallback := func() []*Rev {
		out := make([]*Rev, len(g.order))
		for i := range out {
			out[i] = g.order[len(g.order)-1-i]
		}
		return out
	}
	if len(g.Cycles) > 0 {
		return fallback()
	}
	n := len(g.byID)
	rank := g.ranks()
	down := g.normalizedDown(rank)
	higher := rankedHigher(rank)
	downOf := func(i int32) []int32 {
		if d, ok := down[i]; ok {
			return d
		}
		return g.byID[i].par
	}
	todo := make([]bool, n)
	for i := range todo {
		todo[i] = true
	}
	inHeads := make([]bool, n)
	var heads []int32
	for _, r := range g.byID {
		if r.IsHead() && len(r.Dependents) == 0 {
			heads = append(heads, r.n)
			inHeads[r.n] = true
		}
	}
	// the revision map's order: files sorted by name
	slices.SortFunc(heads, func(a, b int32) int {
		ra, rb := g.byID[a], g.byID[b]
		if c := strings.Compare(ra.File.Path, rb.File.Path); c != 0 {
			return c
		}
		return strings.Compare(ra.ID, rb.ID)
	})
	anc := make([]*ancestorSet, len(heads))
	for i, h := range heads {
		anc[i] = newAncestorSet(h, higher, downOf)
	}
	out := make([]*Rev, 0, n)
	cur := 0
	for steps := 0; len(heads) > 0; steps++ {
		if steps > 4*n*n+64 {
			return fallback() // cannot happen on a DAG; never loop forever
		}
		cand := heads[cur]
		moved := false
		for i, a := range anc {
			if i != cur && a.has(cand) {
				cur, moved = i, true // another head descends from it: walk that one first
				break
			}
		}
		if moved {
			continue
		}
		// Alembic also drops cand from the set of its head here: a
		// revision walked is never a candidate again, so that cannot
		// change an answer, and is left out
		if todo[cand] {
			out = append(out, g.byID[cand])
			todo[cand] = false
		}
		var add []int32
		for _, d := range downOf(cand) {
			if todo[d] && !inHeads[d] {
				add = append(add, d)
			}
		}
		inHeads[cand] = false
		for _, d := range add {
			inHeads[d] = true
		}
		switch {
		case len(add) == 0:
			heads = append(heads[:cur], heads[cur+1:]...)
			anc = append(anc[:cur], anc[cur+1:]...)
			if cur > 0 {
				cur--
			}
		case len(downOf(cand)) == len(g.byID[cand].par) && len(g.byID[cand].Parents) == 1:
			heads[cur] = add[0]
		default:
			heads[cur] = add[0]
			heads = append(heads, add[1:]...)
			anc[cur] = newAncestorSet(add[0], higher, downOf)
			for _, h := range add[1:] {
				anc = append(anc, newAncestorSet(h, higher, downOf))
			}
		}
	}
	if len(out) != n {
		return fallback()
	}
	return out
}

// ranks numbers the revisions so that every parent and every depends_on
// ranks below the revision naming it (a post-order of a depth-first walk
// down those edges). When depends_on closes a cycle there is no such
// numbering: every rank is then 0, and an ancestorSet expands in full.
func (g *Graph) ranks() []int32 {
	const (
		unseen = iota
		open
		done
	)
	state := make([]uint8, len(g.byID))
	rank := make([]int32, len(g.byID))
	next := int32(0)
	type frame struct {
		n    int32
		edge int
	}
	var stack []frame
	for _, root := range g.byID {
		if state[root.n] != unseen {
			continue
		}
		state[root.n] = open
		stack = append(stack[:0], frame{root.n, 0})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			r := g.byID[f.n]
			if f.edge < len(r.par)+len(r.deps) {
				var m int32
				if f.edge < len(r.par) {
					m = r.par[f.edge]
				} else {
					m = r.deps[f.edge-len(r.par)]
				}
				f.edge++
				switch state[m] {
				case open:
					return make([]int32, len(g.byID))
				case unseen:
					state[m] = open
					stack = append(stack, frame{m, 0})
				}
				continue
			}
			state[f.n] = done
			rank[f.n] = next
			next++
			stack = stack[:len(stack)-1]
		}
	}
	return rank
}

// normalizedDown returns Alembic's _normalized_down_revisions where they
// differ from the parents that exist: down_revision, then the depends_on
// entries that no ancestor (through down_revision) depends on already.
func (g *Graph) normalizedDown(rank []int32) map[int32][]int32 {
	down := map[int32][]int32{}
	dependents := map[int32][]int32{} // by index, for the revisions depended on
	for _, r := range g.byID {
		for _, d := range r.deps {
			dependents[d] = append(dependents[d], r.n)
		}
	}
	parents := func(i int32) []int32 { return g.byID[i].par }
	higher := rankedHigher(rank)
	for _, r := range g.byID {
		if len(r.deps) == 0 {
			continue
		}
		var a *ancestorSet
		// d is inherited when a revision below r depends on it too
		inherited := func(d int32) bool {
			for _, o := range dependents[d] {
				if o == r.n || rank[o] > rank[r.n] {
					continue // not below r
				}
				if a == nil {
					a = newAncestorSet(r.n, higher, parents)
				}
				if a.has(o) {
					return true
				}
			}
			return false
		}
		ds := append([]int32(nil), r.par...)
		for _, d := range r.deps {
			if !slices.Contains(ds, d) && !inherited(d) {
				ds = append(ds, d)
			}
		}
		if len(ds) > len(r.par) {
			down[r.n] = ds
		}
	}
	return down
}

// ancestorSet is the set of the ancestors of a revision (itself
// included) through edges, expanded lazily in decreasing rank: once every
// revision ranked at or above r has been expanded, whether r is in the
// set is known. Asking about the revisions just below the root, as a walk
// down a history does, so costs what lies between them, not the history.
type ancestorSet struct {
	edges    func(int32) []int32
	seen     map[int32]bool
	frontier heap32 // reached, not expanded: highest rank first
}

// newAncestorSet returns the ancestors of root; higher compares ranks
// (see rankedHigher).
func newAncestorSet(root int32, higher func(a, b int32) bool, edges func(int32) []int32) *ancestorSet {
	return &ancestorSet{edges: edges, seen: map[int32]bool{root: true}, frontier: heap32{s: []int32{root}, before: higher}}
}

// rankedHigher reports whether a ranks above b; made once per rank
// slice, it serves all the ancestorSets of that ranking.
func rankedHigher(rank []int32) func(a, b int32) bool {
	return func(a, b int32) bool { return rank[a] > rank[b] }
}

// has reports whether r is in the set.
func (a *ancestorSet) has(r int32) bool {
	for len(a.frontier.s) > 0 && !a.frontier.before(r, a.frontier.s[0]) {
		top := a.frontier.pop()
		for _, e := range a.edges(top) {
			if !a.seen[e] {
				a.seen[e] = true
				a.frontier.push(e)
			}
		}
	}
	return a.seen[r]
}
