package rules

import (
	"path/filepath"
	"sort"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// DeletedAppliedRevision reports an applied revision (present at the base
// or in retort.sum) that no file declares any more. A renamed file keeps
// its revision id and is not a deletion.
var DeletedAppliedRevision = &lint.Rule{
	ID:       "deleted-applied-revision",
	Severity: lint.Error,
	Scope:    lint.PerProject,
	Category: lint.CategoryHistory,
	Run: func(p *lint.Pass) {
		h := p.History
		if h == nil {
			return
		}
		present := map[string]bool{}
		unread := map[string]bool{} // files whose revision id cannot be read
		for _, f := range p.Project.Files {
			if f.HasRevision {
				present[f.Revision] = true
			} else if abs, err := filepath.Abs(f.Path); err == nil {
				unread[abs] = true
			}
		}
		gone := map[string]*lint.BaseRevision{}
		source := map[string]string{}
		for _, s := range []*lint.Snapshot{h.Sum, h.Base} { // the base wins: it has the file
			if s == nil {
				continue
			}
			for id, b := range s.Revisions {
				if !present[id] && h.IsApplied(id) {
					gone[id], source[id] = b, where(s)
				}
			}
		}
		ids := make([]string, 0, len(gone))
		for id := range gone {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			b := gone[id]
			if abs, err := filepath.Abs(b.Path); err == nil && unread[abs] {
				continue // still there, but unreadable: missing-revision-id or unparsable-revision says so
			}
			hint := "restore " + b.Path + "; to undo what it did, add a new revision that reverses it"
			referenced := false
			for _, f := range p.Project.Files {
				for _, name := range []string{"down_revision", "depends_on"} {
					refs := f.DownRevisions
					if name == "depends_on" {
						refs = f.DependsOn
					}
					for _, r := range refs {
						if r == id {
							referenced = true
							p.ReportFile(f, assignPos(f, name),
								"%s names %q, an applied revision (%s) whose file %s was deleted; databases at %q fail every alembic command with \"Can't locate revision\"",
								name, id, source[id], b.Path, id).Hint = hint
						}
					}
				}
			}
			if referenced {
				continue
			}
			f := b.File
			if f == nil {
				f = &revision.File{Path: b.Path, Revision: id, HasRevision: true}
			}
			p.ReportFile(f, revision.Pos{},
				"applied revision %q (%s) was deleted; databases at %q fail every alembic command with \"Can't locate revision\"",
				id, source[id], id).Hint = hint
		}
	},
}

// where says how a snapshot knows a revision: "it exists at origin/main"
// or "recorded in migrations/retort.sum".
func where(s *lint.Snapshot) string {
	if s.Graph == nil {
		return "recorded in " + s.Name
	}
	return "it exists at " + s.Name
}
