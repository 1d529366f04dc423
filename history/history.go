package history

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// Snapshot makes a snapshot of the revision files of one source (a base
// ref, a folder in a test).
func Snapshot(name string, files []*revision.File) *lint.Snapshot {
	g := revision.NewGraph(files)
	s := &lint.Snapshot{Name: name, Revisions: map[string]*lint.BaseRevision{}, Heads: g.Heads, Graph: g}
	for id, r := range g.Revs {
		s.Revisions[id] = &lint.BaseRevision{ID: id, Path: r.File.Path, File: r.File}
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
func New(proj *revision.Project, base, tip, sum *lint.Snapshot, applied string) (*lint.History, error) {
	if tip == nil {
		tip = base
	}
	h := &lint.History{Base: base, Tip: tip, Sum: sum, Changes: Changes, Hash: Hash}
	if base != nil {
		h.Added, h.Edited = addedAndEdited(proj, base)
	}
	if applied != "" {
		set, err := appliedSet(proj, []*lint.Snapshot{tip, base}, applied)
		if err != nil {
			return nil, err
		}
		h.Applied = set
	}
	return h, nil
}

func addedAndEdited(proj *revision.Project, base *lint.Snapshot) (added, edited []string) {
	for id, r := range proj.Graph.Revs {
		b := base.Revisions[id]
		switch {
		case b == nil:
			added = append(added, id)
		case b.File != nil:
			if what, _ := Changes(b.File, r.File); what != nil {
				edited = append(edited, id)
			}
		}
	}
	sort.Strings(added)
	sort.Strings(edited)
	return
}

// appliedSet returns ref and its ancestors, looked up in the project's
// graph joined with the graphs of the snapshots (for revisions whose
// files are gone).
func appliedSet(proj *revision.Project, snaps []*lint.Snapshot, ref string) (map[string]bool, error) {
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

// Scope returns which files the operation rules look at: with a base, the
// files whose revision this change adds or edits (and files without a
// revision id); with --applied and no base, the revisions not applied; else
// nil, which means every file.
func Scope(proj *revision.Project, h *lint.History) func(*revision.File) bool {
	if h == nil {
		return nil
	}
	if h.Base != nil {
		in := map[string]bool{}
		for _, id := range h.Added {
			in[id] = true
		}
		for _, id := range h.Edited {
			in[id] = true
		}
		return func(f *revision.File) bool {
			if !f.HasRevision {
				return true
			}
			if r := proj.Graph.Revs[f.Revision]; r != nil && r.File != f {
				return true // a duplicate: the graph rules say so; check it
			}
			return in[f.Revision]
		}
	}
	if h.Applied != nil {
		return func(f *revision.File) bool { return !f.HasRevision || !h.Applied[f.Revision] }
	}
	return nil
}

// DisplayPath shows an absolute path relative to the working directory
// when it lies below it, as the revision package shows revision files.
func DisplayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return p
	}
	return rel
}
