package revision

import (
	"slices"
	"sort"
	"strings"
)

// Rev is one revision in the graph.
type Rev struct {
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

	// the same edges as indices in Graph.byID: the graph algorithms work
	// on those, so that a long history costs no hashing of ids per step
	n    int32   // this revision
	par  []int32 // the Parents that exist, in Parents order
	kids []int32 // Children
	deps []int32 // DependsOn
}

// IsHead reports whether no revision names r in down_revision.
func (r *Rev) IsHead() bool { return len(r.Children) == 0 }

// IsMerge reports whether the revision has more than one parent.
func (r *Rev) IsMerge() bool { return len(r.Parents) > 1 }

// IsBranchPoint reports whether more than one revision descends from r.
func (r *Rev) IsBranchPoint() bool { return len(r.Children) > 1 }

// Graph is the revision graph of a project, with Alembic's semantics: a
// head is a revision that no other revision names in down_revision
// (depends_on does not count), a base has no down_revision.
type Graph struct {
	Revs  map[string]*Rev
	Heads []string // sorted
	Bases []string // sorted
	// Duplicates maps a revision id declared by more than one file to those
	// files; Revs holds the first by path.
	Duplicates map[string][]*File
	// Missing lists references to revisions that do not exist.
	Missing []Dangling
	// Cycles lists the revision cycles found, each as a path of ids.
	Cycles [][]string
	// Labels maps branch labels to the revisions declaring them.
	Labels map[string][]string
	order  []*Rev
	// byID holds the revisions sorted by id: Rev.n is the index of a
	// revision in it
	byID []*Rev
}

// Dangling is a down_revision or depends_on that names no revision.
type Dangling struct {
	From      *Rev
	Target    string
	DependsOn bool
}

// NewGraph builds the graph of the files that declare a revision id.
func NewGraph(files []*File) *Graph {
	g := &Graph{Duplicates: map[string][]*File{}, Labels: map[string][]string{}}
	g.addRevs(byPath(files))
	named := g.link()
	for _, r := range g.byID {
		if !named[r.n] {
			g.Heads = append(g.Heads, r.ID)
		}
	}
	g.order, g.Cycles = g.topo()
	g.inheritLabels()
	return g
}

// byPath returns files sorted by path, stably: files itself when it is
// sorted already, as a project's files are.
func byPath(files []*File) []*File {
	if slices.IsSortedFunc(files, func(a, b *File) int { return strings.Compare(a.Path, b.Path) }) {
		return files
	}
	sorted := append([]*File(nil), files...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	return sorted
}

// addRevs fills g.byID, g.Revs, g.Duplicates and g.Labels from the files
// sorted by path: the first file that declares an id is its revision.
// The revisions are allocated together, sorted by id with the files of
// an id in path order, so that duplicates come next to each other and
// g.Revs is only written.
func (g *Graph) addRevs(sorted []*File) {
	var declaring []*File
	parents := 0
	for _, f := range sorted {
		if f.HasRevision {
			declaring = append(declaring, f)
			parents += len(f.DownRevisions)
		}
	}
	slab := make([]Rev, len(declaring))
	names := make([]string, 0, parents) // the Parents of every revision
	for i, f := range declaring {
		ps := f.DownRevisions
		if f.IsUnevaluated("down_revision") && f.Header.HasRevises {
			// down_revision names another module's constants: the
			// docstring's Revises line is the best reading there is
			ps = append(append([]string(nil), ps...), f.Header.Revises...)
		}
		start := len(names)
		names = appendNew(names, start, ps)
		slab[i] = Rev{ID: f.Revision, File: f, n: int32(i)}
		if len(names) > start {
			slab[i].Parents = names[start:len(names):len(names)]
		}
	}
	all := make([]*Rev, len(slab))
	for i := range slab {
		all[i] = &slab[i]
	}
	// n is the place in path order until the revisions are numbered
	slices.SortFunc(all, func(a, b *Rev) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return int(a.n - b.n)
	})
	g.byID = all[:0]
	for i, r := range all {
		if i > 0 && r.ID == all[i-1].ID {
			first := g.byID[len(g.byID)-1]
			if len(g.Duplicates[r.ID]) == 0 {
				g.Duplicates[r.ID] = []*File{first.File}
			}
			g.Duplicates[r.ID] = append(g.Duplicates[r.ID], r.File)
			continue
		}
		g.byID = append(g.byID, r)
	}
	g.Revs = make(map[string]*Rev, len(g.byID))
	for i, r := range g.byID {
		r.n = int32(i)
		g.Revs[r.ID] = r
	}
	for _, f := range declaring {
		if len(f.BranchLabels) == 0 {
			continue
		}
		if r := g.Revs[f.Revision]; r.File == f {
			for _, l := range f.BranchLabels {
				g.Labels[l] = append(g.Labels[l], r.ID)
			}
		}
	}
}

// appendNew appends to names the strings of ss that are not in it from
// start on yet: a revision's parents, each once, in file order.
func appendNew(names []string, start int, ss []string) []string {
	for _, s := range ss {
		if !slices.Contains(names[start:], s) {
			names = append(names, s)
		}
	}
	return names
}

// link resolves the parents and depends_on of every revision, in id
// order: it sets the edges of both directions, g.Missing and g.Bases, and
// returns which revisions some revision names as a parent. The edges of
// all revisions share a few arrays, each revision's slices capped.
func (g *Graph) link() []bool {
	edges := 0
	for _, r := range g.byID {
		edges += len(r.Parents)
	}
	par := make([]int32, 0, edges)
	nkids := make([]int32, len(g.byID))
	for _, r := range g.byID {
		start := len(par)
		for _, p := range r.Parents {
			if parent, ok := g.Revs[p]; ok {
				par = append(par, parent.n)
				nkids[parent.n]++
			}
		}
		if len(par) > start {
			r.par = par[start:len(par):len(par)]
		}
	}
	kids := make([]int32, len(par))
	children := make([]string, len(par))
	at := 0
	for i, r := range g.byID {
		if k := int(nkids[i]); k > 0 { // else nil, as a revision with none always had
			r.kids, r.Children = kids[at:at:at+k], children[at:at:at+k]
			at += k
		}
	}
	named := make([]bool, len(g.byID))
	for _, r := range g.byID {
		// children are added in id order: sorted as they come
		for _, p := range r.par {
			parent := g.byID[p]
			parent.kids = append(parent.kids, r.n)
			parent.Children = append(parent.Children, r.ID)
			named[p] = true
		}
		if len(r.par) < len(r.Parents) {
			for _, p := range r.Parents {
				if _, ok := g.Revs[p]; !ok {
					g.Missing = append(g.Missing, Dangling{From: r, Target: p})
				}
			}
		}
		for _, d := range r.File.DependsOn {
			if target, ok := g.Resolve(d); ok {
				t := g.Revs[target]
				r.DependsOn = append(r.DependsOn, target)
				r.deps = append(r.deps, t.n)
				t.Dependents = append(t.Dependents, r.ID) // in id order too
			} else {
				g.Missing = append(g.Missing, Dangling{From: r, Target: d, DependsOn: true})
			}
		}
		if len(r.Parents) == 0 {
			g.Bases = append(g.Bases, r.ID)
		}
	}
	return named
}

// inheritLabels spreads each declared branch label to the revisions that
// descend from its revision, and to its ancestors up to the nearest branch
// point or merge, as Alembic's revision map does. A revision's labels come
// in the order they reach it: by the Order of the revision declaring them.
func (g *Graph) inheritLabels() {
	type key struct {
		n     int32
		label string
	}
	have := map[key]bool{}
	add := func(r *Rev, label string) {
		if k := (key{r.n, label}); !have[k] {
			have[k] = true
			r.BranchLabels = append(r.BranchLabels, label)
		}
	}
	var w walker
	for _, r := range g.order {
		for _, l := range r.File.BranchLabels {
			w.reset(len(g.byID))
			for _, d := range w.reach(g, []int32{r.n}, func(r *Rev) []int32 { return r.kids }, nil) {
				add(g.byID[d], l)
			}
			for p := r; len(p.Parents) == 1 && len(p.par) == 1; {
				parent := g.byID[p.par[0]]
				if len(parent.Children) > 1 || parent.IsMerge() || parent == r {
					break // parent == r: r is on a cycle, labelled all round
				}
				add(parent, l)
				p = parent
			}
		}
	}
}

// walker finds the revisions reachable from some, by indices; one walker
// serves many walks, without clearing its marks between them.
type walker struct {
	mark  []uint32 // mark[n] == pass: n was reached in this pass
	pass  uint32
	stack []int32
	out   []int32
}

func (w *walker) reset(n int) {
	if len(w.mark) != n || w.pass == ^uint32(0) {
		w.mark, w.pass = make([]uint32, n), 0
	}
	w.pass++
}

// reach returns start and the revisions reachable from it through next
// and, when it is not nil, through more, in the order found. The result
// is reused by the next walk.
func (w *walker) reach(g *Graph, start []int32, next, more func(*Rev) []int32) []int32 {
	w.out = w.out[:0]
	w.stack = append(w.stack[:0], start...)
	for len(w.stack) > 0 {
		n := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		if w.mark[n] == w.pass {
			continue
		}
		w.mark[n] = w.pass
		w.out = append(w.out, n)
		r := g.byID[n]
		w.stack = append(w.stack, next(r)...)
		if more != nil {
			w.stack = append(w.stack, more(r)...)
		}
	}
	return w.out
}

// Resolve finds the revision a depends_on entry names: a revision id or a
// branch label (which names the revision declaring it), as Alembic's
// revision map does.
func (g *Graph) Resolve(ref string) (string, bool) {
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
func (g *Graph) Order() []*Rev { return g.order }

// topo sorts the revisions as Order says: of the revisions whose parents
// are all placed, the smallest id comes next, which is the smallest index.
func (g *Graph) topo() ([]*Rev, [][]string) {
	indeg := make([]int32, len(g.byID))
	ready := &heap32{before: func(a, b int32) bool { return a < b }} // smallest first
	for _, r := range g.byID {
		indeg[r.n] = int32(len(r.par))
		if indeg[r.n] == 0 {
			ready.push(r.n)
		}
	}
	out := make([]*Rev, 0, len(g.byID))
	for len(ready.s) > 0 {
		r := g.byID[ready.pop()]
		out = append(out, r)
		for _, c := range r.kids {
			indeg[c]--
			if indeg[c] == 0 {
				ready.push(c)
			}
		}
	}
	if len(out) == len(g.byID) {
		return out, nil
	}
	var rest []int32
	for _, r := range g.byID {
		if indeg[r.n] > 0 {
			rest = append(rest, r.n)
			out = append(out, r)
		}
	}
	return out, g.findCycles(rest)
}

// heap32 is a priority queue of revision indices: pop returns the one
// that before puts first (of those it puts level, any).
type heap32 struct {
	s      []int32
	before func(a, b int32) bool
}

func (h *heap32) push(n int32) {
	h.s = append(h.s, n)
	s := h.s
	for i := len(s) - 1; i > 0; {
		up := (i - 1) / 2
		if !h.before(s[i], s[up]) {
			break
		}
		s[up], s[i] = s[i], s[up]
		i = up
	}
}

func (h *heap32) pop() int32 {
	s := h.s
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	for i := 0; ; {
		m, l, r := i, 2*i+1, 2*i+2
		if l < len(s) && h.before(s[l], s[m]) {
			m = l
		}
		if r < len(s) && h.before(s[r], s[m]) {
			m = r
		}
		if m == i {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
	h.s = s
	return top
}

// findCycles returns one cycle per strongly connected component among
// rest, sorted indices (the revisions the topological sort could not
// place): walking first parents in rest from each, in order, until a
// revision repeats. A walk that reaches a revision an earlier walk took
// would go on as that one did, and finds nothing new: it stops there.
func (g *Graph) findCycles(rest []int32) [][]string {
	inRest := make([]bool, len(g.byID))
	for _, n := range rest {
		inRest[n] = true
	}
	walkOf := make([]int32, len(g.byID)) // 1 + the walk that took a revision
	at := make([]int32, len(g.byID))     // its place on that walk's path
	var cycles [][]string
	var path []int32
	for w, start := range rest {
		walk := int32(w) + 1
		path = path[:0]
		for n := start; n >= 0; {
			if walkOf[n] == walk {
				cyc := make([]string, 0, len(path)-int(at[n]))
				for _, c := range path[at[n]:] {
					cyc = append(cyc, g.byID[c].ID)
				}
				cycles = append(cycles, rotateMin(cyc))
				break
			}
			if walkOf[n] != 0 {
				break
			}
			walkOf[n], at[n] = walk, int32(len(path))
			path = append(path, n)
			next := int32(-1)
			for _, p := range g.byID[n].par {
				if inRest[p] {
					next = p
					break
				}
			}
			n = next
		}
	}
	sort.Slice(cycles, func(i, j int) bool { return cycles[i][0] < cycles[j][0] })
	return dedupeCycles(cycles)
}

func dedupeCycles(cs [][]string) [][]string {
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

func rotateMin(c []string) []string {
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
func (g *Graph) Ancestors(ids ...string) map[string]bool {
	return g.reach(ids, func(r *Rev) []int32 { return r.par }, func(r *Rev) []int32 { return r.deps })
}

// DownAncestors returns ids and their ancestors through down_revision
// alone (Ancestors follows depends_on too).
func (g *Graph) DownAncestors(ids ...string) map[string]bool {
	return g.reach(ids, func(r *Rev) []int32 { return r.par }, nil)
}

// Descendants returns id and every revision that descends from it through
// down_revision.
func (g *Graph) Descendants(id string) map[string]bool {
	return g.reach([]string{id}, func(r *Rev) []int32 { return r.kids }, nil)
}

// reach returns the revisions reachable from start through next and more,
// start included (when it exists).
func (g *Graph) reach(start []string, next, more func(*Rev) []int32) map[string]bool {
	var from []int32
	for _, id := range start {
		if r, ok := g.Revs[id]; ok {
			from = append(from, r.n)
		}
	}
	var w walker
	w.reset(len(g.byID))
	found := w.reach(g, from, next, more)
	seen := make(map[string]bool, len(found))
	for _, n := range found {
		seen[g.byID[n].ID] = true
	}
	return seen
}
