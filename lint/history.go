package lint

import "github.com/retortdev/retort/revision"

// History is what was released before this change: the revisions of a
// base git ref (the merge base of the change), the base branch's heads, and
// the revisions recorded in retort.sum. It reaches the history rules
// through Pass.History; nil means neither a base nor a retort.sum is known.
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
	// Changes compares two versions of a revision file. It returns nothing
	// when their normalized token streams are equal, else what changed
	// ("upgrade() changed") and the first changed position in b.
	Changes func(a, b *revision.File) (what []string, at revision.Pos)
	// Hash is the hash of a file's normalized token stream, as retort.sum
	// records it.
	Hash func(*revision.File) string
}

// Snapshot is a set of revisions known from one source.
type Snapshot struct {
	// Name says where it came from: "origin/main" or the path of retort.sum.
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
	Path string         // the file's path there, shown as a path in the working tree
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
