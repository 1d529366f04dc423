package history

import (
	"fmt"
	"sort"

	"github.com/retortdev/retort/revision"
)

// History is what was released before this change: the revisions of a
// base git ref (the merge base of the change), the base branch's heads, and
// the revisions recorded in retort.sum. It reaches the history rules
// through lint.Pass.History; nil means neither a base nor a retort.sum is
// known.
type History struct {
	// Base is the project at the merge base of this change and the base
	// branch; nil without a base.
	Base *Snapshot
	// Tip is the project at the tip of the base branch, whose heads a new
	// revision must descend from; it is Base when the change is up to date.
	Tip *Snapshot
	// Sum is what retort.sum records; nil when the project has none.
	Sum *Snapshot
	// Applied holds the revisions production is known to run (--applied);
	// nil means every revision of Base and of Sum.
	Applied map[string]bool
	// AppliedAt is the --applied revision Applied was computed from.
	AppliedAt string
	// Added and Edited list, sorted, the revisions this change adds and
	// edits relative to Base.
	Added, Edited []string

	memo *memo // what New compared, so that no file is normalized twice
}

// Snapshot is a set of revisions known from one source.
type Snapshot struct {
	// Name says where it came from: a git ref ("origin/main"), or the
	// path of retort.sum as it was found (revision.DisplayPath shows it).
	Name string
	// Revisions maps revision ids to what the source knows about them.
	Revisions map[string]*BaseRevision
	// Heads are the heads of the source's graph, sorted; nil for retort.sum.
	Heads []string
	// Graph is the source's revision graph; nil for retort.sum.
	Graph *revision.Graph
}

// BaseRevision is one revision as a snapshot knows it.
type BaseRevision struct {
	ID   string
	Path string         // the file's path in the working tree: the project's path for it while the file is there, else absolute
	File *revision.File // the file's content there; nil for retort.sum
	Hash string         // its normalized token hash; set for retort.sum
}

// IsApplied reports whether revision id counts as applied: in the
// --applied set when one was given, else present in Base or Sum.
func (h *History) IsApplied(id string) bool {
	if h == nil {
		return false
	}
	if h.Applied != nil {
		return h.Applied[id]
	}
	if h.Base != nil && h.Base.Revisions[id] != nil {
		return true
	}
	return h.Sum != nil && h.Sum.Revisions[id] != nil
}

// Changes compares two versions of a revision file. It returns nothing
// when their normalized token streams are equal, else what changed
// ("upgrade() changed") and the first changed position in b. The
// comparisons New made are not made again.
func (h *History) Changes(a, b *revision.File) (what []string, at revision.Pos) {
	if a == b {
		return nil, revision.Pos{} // a file the base shares with the project: unchanged
	}
	if h.memo != nil {
		if c, ok := h.memo.changes[b]; ok && c.base == a {
			return c.what, c.at
		}
	}
	return Changes(a, b)
}

// Hash is the hash of a file's normalized token stream, as retort.sum
// records it; the files New hashed are not hashed again.
func (h *History) Hash(f *revision.File) string {
	if h.memo != nil {
		if x := h.memo.loaded.of(f); x != "" {
			return x
		}
		if x, ok := h.memo.hashes[f]; ok {
			return x
		}
	}
	return Hash(f)
}

// NewSnapshot makes a snapshot of the revision files of one source (a
// base ref, a folder in a test).
func NewSnapshot(name string, files []*revision.File) *Snapshot {
	return snapshotOf(name, revision.NewGraph(files))
}

// snapshotOf makes a snapshot of a graph.
func snapshotOf(name string, g *revision.Graph) *Snapshot {
	s := &Snapshot{Name: name, Revisions: make(map[string]*BaseRevision, len(g.Revs)), Heads: g.Heads, Graph: g}
	slab := make([]BaseRevision, 0, len(g.Revs)) // one allocation, not one per revision
	for id, r := range g.Revs {
		slab = append(slab, BaseRevision{ID: id, Path: r.File.Path, File: r.File})
		s.Revisions[id] = &slab[len(slab)-1]
	}
	if s.Heads == nil {
		s.Heads = []string{}
	}
	return s
}

// New builds the history of proj from what is known: the merge base and
// tip of the base branch (either may be nil; a nil tip is the base), the
// entries of retort.sum (nil without one), and --applied (a revision id, a
// unique prefix, a branch label or "head"; "" for none).
func New(proj *revision.Project, base, tip, sum *Snapshot, applied string) (*History, error) {
	return newHistory(proj, base, tip, sum, applied, nil)
}

// newHistory is New with the hashes recorded at load, if any.
func newHistory(proj *revision.Project, base, tip, sum *Snapshot, applied string, hashes *Hashes) (*History, error) {
	if tip == nil {
		tip = base
	}
	h := &History{Base: base, Tip: tip, Sum: sum}
	h.memo = compare(proj, base, sum, hashes)
	if base != nil {
		h.Added, h.Edited = h.memo.added, h.memo.edited
	}
	if applied != "" {
		set, err := appliedSet(proj, []*Snapshot{tip, base}, applied)
		if err != nil {
			return nil, err
		}
		h.Applied, h.AppliedAt = set, applied
	}
	return h, nil
}

// memo holds what compare found, so that the rules do not normalize a
// file twice.
type memo struct {
	added, edited []string
	// changes holds the comparisons of the files the base does not share
	// with the project; a shared file is unchanged (History.Changes)
	changes map[*revision.File]change
	// hashes holds the hashes compare made; the ones made at load stay in
	// loaded
	hashes map[*revision.File]string
	loaded *Hashes
}

type change struct {
	base *revision.File
	what []string
	at   revision.Pos
}

// compare compares every revision of the project with the base and, when
// there is a retort.sum, hashes the ones it records that were not hashed
// at load and that the base has no file for (with a base, the rest are
// compared with their file there, never with their hash); on all cores.
// A revision the base shares with the project (its file did not change)
// costs a look-up.
func compare(proj *revision.Project, base, sum *Snapshot, hashes *Hashes) *memo {
	m := &memo{changes: map[*revision.File]change{}, hashes: map[*revision.File]string{}, loaded: hashes}
	revs := make([]*revision.Rev, 0, len(proj.Graph.Revs))
	for _, r := range proj.Graph.Revs {
		revs = append(revs, r)
	}
	type result struct {
		changed *change // nil unless the base has the revision in a file of its own
		hash    string  // "" unless hashed here
	}
	results := make([]result, len(revs))
	parallel(len(revs), func(i int, _ *blobHasher) {
		f, res := revs[i].File, &results[i]
		var b *BaseRevision
		if base != nil {
			b = base.Revisions[revs[i].ID]
		}
		baseHasFile := b != nil && b.File != nil
		if baseHasFile && b.File != f {
			what, at := Changes(b.File, f)
			res.changed = &change{b.File, what, at}
		}
		if sum != nil && sum.Revisions[revs[i].ID] != nil && !baseHasFile && hashes.of(f) == "" {
			res.hash = Hash(f)
		}
	})
	for i, r := range revs {
		res := &results[i]
		if base != nil && base.Revisions[r.ID] == nil {
			m.added = append(m.added, r.ID)
		}
		if c := res.changed; c != nil {
			m.changes[r.File] = *c
			if c.what != nil {
				m.edited = append(m.edited, r.ID)
			}
		}
		if res.hash != "" {
			m.hashes[r.File] = res.hash
		}
	}
	sort.Strings(m.added)
	sort.Strings(m.edited)
	return m
}

// appliedSet returns ref and its ancestors, looked up in the project's
// graph joined with the graphs of the snapshots (for revisions whose
// files are gone).
func appliedSet(proj *revision.Project, snaps []*Snapshot, ref string) (map[string]bool, error) {
	files := append([]*revision.File(nil), proj.Files...)
	for _, s := range snaps {
		if s == nil || s.Graph == nil {
			continue
		}
		for id, r := range s.Graph.Revs {
			if proj.Graph.Revs[id] == nil {
				files = append(files, r.File)
			}
		}
	}
	g := proj.Graph
	if len(files) != len(proj.Files) {
		g = revision.NewGraph(files)
	}
	if ref == "head" || ref == "heads" {
		return g.Ancestors(g.Heads...), nil
	}
	id, ok := g.Resolve(ref)
	if !ok {
		return nil, fmt.Errorf("--applied %q names no revision of the project (give a revision id, a unique prefix of one, a branch label or \"head\")", ref)
	}
	return g.Ancestors(id), nil
}

// Scope returns which files the operation rules look at, by precedence:
// with a base, the files whose revision this change adds or edits; with
// --applied and no base, the revisions not applied; with retort.sum alone,
// the revisions it does not record or whose hash changed since. Files
// without a revision id and duplicates are always in scope. nil means
// every file.
func Scope(proj *revision.Project, h *History) func(*revision.File) bool {
	var in func(f *revision.File) bool
	switch BasisOf(h).Kind {
	case BasisBase:
		set := map[string]bool{}
		for _, id := range h.Added {
			set[id] = true
		}
		for _, id := range h.Edited {
			set[id] = true
		}
		in = func(f *revision.File) bool { return set[f.Revision] }
	case BasisApplied:
		in = func(f *revision.File) bool { return !h.Applied[f.Revision] }
	case BasisSum:
		in = func(f *revision.File) bool {
			e := h.Sum.Revisions[f.Revision]
			return e == nil || e.Hash != h.Hash(f)
		}
	default:
		return nil
	}
	return func(f *revision.File) bool {
		if !f.HasRevision {
			return true
		}
		if r := proj.Graph.Revs[f.Revision]; r != nil && r.File != f {
			return true // a duplicate: the graph rules say so; check it
		}
		return in(f)
	}
}

// What decides the scope of the operation rules.
const (
	BasisBase    = "base"    // a git base: --base or the pull request's
	BasisApplied = "applied" // --applied
	BasisSum     = "sum"     // retort.sum
	BasisNone    = "none"    // nothing: every revision
)

// Basis says what decided which revisions the operation rules check: its
// kind and the ref, the --applied revision or the retort.sum path.
type Basis struct{ Kind, Ref string }

// BasisOf returns what Scope uses for h.
func BasisOf(h *History) Basis {
	switch {
	case h == nil:
		return Basis{Kind: BasisNone}
	case h.Base != nil:
		return Basis{BasisBase, h.Base.Name}
	case h.Applied != nil:
		return Basis{BasisApplied, h.AppliedAt}
	case h.Sum != nil:
		return Basis{BasisSum, h.Sum.Name}
	}
	return Basis{Kind: BasisNone}
}
