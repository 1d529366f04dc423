package revision

// This file keeps the graph as it was before it worked on indices, string
// ids and maps throughout, as the reference the graph is compared with.

import (
	"sort"
	"strings"
)

// refRev is one revision in the graph.
type refRev struct {
	ID         string
	File       *File
	Parents    []string // down_revision, in file order
	Children   []string // sorted
	DependsOn  []string // resolved revision ids
	Dependents []string // revisions whose depends_on names this one, sorted
	// BranchLabels are the labels in effect: declared here, or inherited
	// from an ancestor or descendant on the same unbranched line, as
	// Alembic shows them.
	BranchLabels []string
}

// IsHead reports whether no revision names r in down_revision.
func (r *refRev) IsHead() bool { return len(r.Children) == 0 }

// IsMerge reports whether the revision has more than one parent.
func (r *refRev) IsMerge() bool { return len(r.Parents) > 1 }

// IsBranchPoint reports whether more than one revision descends from r.
func (r *refRev) IsBranchPoint() bool { return len(r.Children) > 1 }

// refGraph is the revision graph of a project, with Alembic's semantics: a
// head is a revision that no other revision names in down_revision
// (depends_on does not count), a base has no down_revision.
type refGraph struct {
	Revs  map[string]*refRev
	Heads []string // sorted
	Bases []string // sorted
	// Duplicates maps a revision id declared by more than one file to those
	// files; Revs holds the first by path.
	Duplicates map[string][]*File
	// Missing lists references to revisions that do not exist.
	Missing []refDangling
	// Cycles lists the revision cycles found, each as a path of ids.
	Cycles [][]string
	// Labels maps branch labels to the revisions declaring them.
	Labels map[string][]string
	order  []*refRev
}

// refDangling is a down_revision or depends_on that names no revision.
type refDangling struct {
	From      *refRev
	Target    string
	DependsOn bool
}

// NewGraph builds the graph of the files that declare a revision id.
func newRefGraph(files []*File) *refGraph {
	g := &refGraph{Revs: map[string]*refRev{}, Duplicates: map[string][]*File{}, Labels: map[string][]string{}}
	sorted := append([]*File(nil), files...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, f := range sorted {
		if !f.HasRevision {
			continue
		}
		if prev, dup := g.Revs[f.Revision]; dup {
			if len(g.Duplicates[f.Revision]) == 0 {
				g.Duplicates[f.Revision] = []*File{prev.File}
			}
			g.Duplicates[f.Revision] = append(g.Duplicates[f.Revision], f)
			continue
		}
		parents := f.DownRevisions
		if f.IsUnevaluated("down_revision") && f.Header.HasRevises {
			// down_revision names another module's constants: the
			// docstring's Revises line is the best reading there is
			parents = append(append([]string(nil), parents...), f.Header.Revises...)
		}
		r := &refRev{ID: f.Revision, File: f, Parents: refDedupe(parents)}
		g.Revs[r.ID] = r
		for _, l := range f.BranchLabels {
			g.Labels[l] = append(g.Labels[l], r.ID)
		}
	}
	named := map[string]bool{}
	for _, id := range g.ids() {
		r := g.Revs[id]
		for _, p := range r.Parents {
			named[p] = true
			if parent, ok := g.Revs[p]; ok {
				parent.Children = append(parent.Children, r.ID)
			} else {
				g.Missing = append(g.Missing, refDangling{From: r, Target: p})
			}
		}
		for _, d := range r.File.DependsOn {
			if target, ok := g.Resolve(d); ok {
				r.DependsOn = append(r.DependsOn, target)
				g.Revs[target].Dependents = append(g.Revs[target].Dependents, r.ID)
			} else {
				g.Missing = append(g.Missing, refDangling{From: r, Target: d, DependsOn: true})
			}
		}
		if len(r.Parents) == 0 {
			g.Bases = append(g.Bases, id)
		}
	}
	for _, id := range g.ids() {
		if !named[id] {
			g.Heads = append(g.Heads, id)
		}
		sort.Strings(g.Revs[id].Children)
		sort.Strings(g.Revs[id].Dependents)
	}
	g.order, g.Cycles = g.topo()
	g.inheritLabels()
	return g
}

// inheritLabels spreads each declared branch label to the revisions that
// descend from its revision, and to its ancestors up to the nearest branch
// point or merge, as Alembic's revision map does.
func (g *refGraph) inheritLabels() {
	have := map[string]map[string]bool{}
	add := func(id, label string) {
		if have[id] == nil {
			have[id] = map[string]bool{}
		}
		if !have[id][label] {
			have[id][label] = true
			g.Revs[id].BranchLabels = append(g.Revs[id].BranchLabels, label)
		}
	}
	for _, r := range g.order {
		for _, l := range r.File.BranchLabels {
			desc := g.Descendants(r.ID)
			for _, d := range g.order {
				if desc[d.ID] {
					add(d.ID, l)
				}
			}
			for p := r; len(p.Parents) == 1; {
				parent, ok := g.Revs[p.Parents[0]]
				if !ok || len(parent.Children) > 1 || parent.IsMerge() || parent == r {
					break // parent == r: added since, main looped here for ever
				}
				add(parent.ID, l)
				p = parent
			}
		}
	}
}

func refDedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func (g *refGraph) ids() []string {
	ids := make([]string, 0, len(g.Revs))
	for id := range g.Revs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Resolve finds the revision a depends_on entry names: a revision id or a
// branch label (which names the revision declaring it), as Alembic's
// revision map does.
func (g *refGraph) Resolve(ref string) (string, bool) {
	if _, ok := g.Revs[ref]; ok {
		return ref, true
	}
	if ids := g.Labels[ref]; len(ids) == 1 {
		return ids[0], true
	}
	return "", false
}

// Order returns the revisions with every parent before its children, and
// otherwise by id; revisions on a cycle come last.
func (g *refGraph) Order() []*refRev { return g.order }

func (g *refGraph) topo() ([]*refRev, [][]string) {
	indeg := map[string]int{}
	for id, r := range g.Revs {
		for _, p := range r.Parents {
			if _, ok := g.Revs[p]; ok {
				indeg[id]++
			}
		}
	}
	var ready []string
	for _, id := range g.ids() {
		if indeg[id] == 0 {
			ready = append(ready, id)
		}
	}
	out := make([]*refRev, 0, len(g.Revs))
	for len(ready) > 0 {
		sort.Strings(ready)
		id := ready[0]
		ready = ready[1:]
		r := g.Revs[id]
		out = append(out, r)
		for _, c := range r.Children {
			indeg[c]--
			if indeg[c] == 0 {
				ready = append(ready, c)
			}
		}
	}
	if len(out) == len(g.Revs) {
		return out, nil
	}
	done := map[string]bool{}
	for _, r := range out {
		done[r.ID] = true
	}
	var rest []string
	for _, id := range g.ids() {
		if !done[id] {
			rest = append(rest, id)
			out = append(out, g.Revs[id])
		}
	}
	return out, g.findCycles(rest)
}

// findCycles returns one cycle per strongly connected component among ids
// (the revisions the topological sort could not place).
func (g *refGraph) findCycles(ids []string) [][]string {
	var cycles [][]string
	inCycle := map[string]bool{}
	for _, start := range ids {
		if inCycle[start] {
			continue
		}
		// walk parents from start until a revision repeats
		path := []string{}
		at := map[string]int{}
		id := start
		for {
			if i, seen := at[id]; seen {
				cyc := append([]string(nil), path[i:]...)
				for _, c := range cyc {
					inCycle[c] = true
				}
				cycles = append(cycles, refRotateMin(cyc))
				break
			}
			if inCycle[id] {
				break
			}
			at[id] = len(path)
			path = append(path, id)
			next := ""
			for _, p := range g.Revs[id].Parents {
				if _, ok := g.Revs[p]; ok && contains(ids, p) {
					next = p
					break
				}
			}
			if next == "" {
				break
			}
			id = next
		}
	}
	sort.Slice(cycles, func(i, j int) bool { return cycles[i][0] < cycles[j][0] })
	return refDedupeCycles(cycles)
}

func refDedupeCycles(cs [][]string) [][]string {
	var out [][]string
	seen := map[string]bool{}
	for _, c := range cs {
		k := strings.Join(c, " ")
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

func refRotateMin(c []string) []string {
	m := 0
	for i := range c {
		if c[i] < c[m] {
			m = i
		}
	}
	return append(append([]string(nil), c[m:]...), c[:m]...)
}

// Ancestors returns ids and every revision they descend from, through
// down_revision and depends_on, as Alembic upgrades them.
func (g *refGraph) Ancestors(ids ...string) map[string]bool {
	return g.reach(ids, func(r *refRev) []string { return append(append([]string(nil), r.Parents...), r.DependsOn...) })
}

// Descendants returns id and every revision that descends from it through
// down_revision.
func (g *refGraph) Descendants(id string) map[string]bool {
	return g.reach([]string{id}, func(r *refRev) []string { return r.Children })
}

// reach returns the revisions reachable from start through next,
// start included (when it exists).
func (g *refGraph) reach(start []string, next func(*refRev) []string) map[string]bool {
	seen := map[string]bool{}
	stack := append([]string(nil), start...)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[id] {
			continue
		}
		r, ok := g.Revs[id]
		if !ok {
			continue
		}
		seen[id] = true
		stack = append(stack, next(r)...)
	}
	return seen
}

// HistoryOrder returns the revisions in the order `alembic history` prints
// them, newest first: Alembic's topological sort, which walks down from
// the heads one line at a time, leaves a revision until every other head
// that descends from it has been walked down to it, and breaks ties by
// the order of its revision map (files sorted by name). With a cycle,
// which Alembic refuses, it is Order reversed.
func (g *refGraph) HistoryOrder() []*refRev {
	rev := func(i int) *refRev { return g.order[len(g.order)-1-i] }
	fallback := func() []*refRev {
		out := make([]*refRev, len(g.order))
		for i := range out {
			out[i] = rev(i)
		}
		return out
	}
	if len(g.Cycles) > 0 {
		return fallback()
	}
	ids := make([]string, 0, len(g.Revs))
	for id := range g.Revs {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		pi, pj := g.Revs[ids[i]].File.Path, g.Revs[ids[j]].File.Path
		if pi != pj {
			return pi < pj
		}
		return ids[i] < ids[j]
	})
	// down is Alembic's _normalized_down_revisions: down_revision, then the
	// depends_on entries that no versioned ancestor depends on already.
	down := map[string][]string{}
	normDeps := map[string]int{}
	for _, id := range ids {
		r := g.Revs[id]
		var ds []string
		for _, p := range r.Parents {
			if _, ok := g.Revs[p]; ok {
				ds = append(ds, p)
			}
		}
		if len(r.DependsOn) > 0 {
			inherited := map[string]bool{}
			seen := map[string]bool{id: true}
			stack := append([]string(nil), r.Parents...)
			for len(stack) > 0 {
				a := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				ar, ok := g.Revs[a]
				if !ok || seen[a] {
					continue
				}
				seen[a] = true
				for _, d := range ar.DependsOn {
					inherited[d] = true
				}
				stack = append(stack, ar.Parents...)
			}
			for _, d := range r.DependsOn {
				if !inherited[d] && !contains(ds, d) {
					ds = append(ds, d)
					normDeps[id]++
				}
			}
		}
		down[id] = ds
	}
	ancestors := func(id string) map[string]bool {
		out := map[string]bool{}
		stack := []string{id}
		for len(stack) > 0 {
			a := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if out[a] {
				continue
			}
			out[a] = true
			stack = append(stack, down[a]...)
		}
		return out
	}
	todo := make(map[string]bool, len(ids))
	for _, id := range ids {
		todo[id] = true
	}
	var heads []string
	for _, id := range ids { // already in revision map order
		if r := g.Revs[id]; r.IsHead() && len(r.Dependents) == 0 {
			heads = append(heads, id)
		}
	}
	anc := make([]map[string]bool, len(heads))
	for i, h := range heads {
		anc[i] = ancestors(h)
	}
	out := make([]*refRev, 0, len(ids))
	cur := 0
	for steps := 0; len(heads) > 0; steps++ {
		if steps > 4*len(ids)*len(ids)+64 {
			return fallback() // cannot happen on a DAG; never loop forever
		}
		cand := heads[cur]
		moved := false
		for i, a := range anc {
			if i != cur && a[cand] {
				cur, moved = i, true // another head descends from it: walk that one first
				break
			}
		}
		if moved {
			continue
		}
		if todo[cand] {
			out = append(out, g.Revs[cand])
			delete(todo, cand)
		}
		var add []string
		for _, d := range down[cand] {
			if todo[d] && !contains(heads, d) {
				add = append(add, d)
			}
		}
		switch {
		case len(add) == 0:
			heads = append(heads[:cur], heads[cur+1:]...)
			anc = append(anc[:cur], anc[cur+1:]...)
			if cur > 0 {
				cur--
			}
		case normDeps[cand] == 0 && len(g.Revs[cand].Parents) == 1:
			heads[cur] = add[0]
			delete(anc[cur], cand)
		default:
			heads[cur] = add[0]
			heads = append(heads, add[1:]...)
			anc[cur] = ancestors(add[0])
			for _, h := range add[1:] {
				anc = append(anc, ancestors(h))
			}
		}
	}
	if len(out) != len(ids) {
		return fallback()
	}
	return out
}
