package rules

import (
	"strings"

	"github.com/retortdev/retort/lint"
)

// EditedAppliedRevision reports a revision that was already applied (it
// exists at the base, or retort.sum records it) and whose normalized token
// stream changed. It also reports, once, that a requested base could not
// be read.
var EditedAppliedRevision = &lint.Rule{
	ID:       "edited-applied-revision",
	Severity: lint.Error,
	Scope:    lint.PerProject,
	Category: lint.CategoryHistory,
	Run: func(p *lint.Pass) {
		h := p.History
		if h == nil {
			return
		}
		for _, f := range p.Project.Files {
			if !f.HasRevision || !h.IsApplied(f.Revision) {
				continue
			}
			if h.Base != nil {
				if b := h.Base.Revisions[f.Revision]; b != nil && b.File != nil {
					if what, at := h.Changes(b.File, f); what != nil {
						p.ReportFile(f, at, "revision %q is already applied (%s) but was edited: %s; databases that ran it never run the edit, so they differ from fresh installs",
							f.Revision, where(h.Base), strings.Join(what, ", ")).Hint = editedHint
					}
					continue
				}
			}
			if h.Sum != nil {
				if e := h.Sum.Revisions[f.Revision]; e != nil && e.Hash != h.Hash(f) {
					p.ReportFile(f, assignPos(f, "revision"), "revision %q was edited after %s recorded it as applied; databases that ran it never run the edit, so they differ from fresh installs",
						f.Revision, h.Sum.Name).Hint = editedHint + "; if the edit is deliberate and harmless, record it with `retort sum --force`"
				}
			}
		}
	},
}

const editedHint = "restore the revision as it was applied and make the change in a new revision (alembic revision -m \"...\")"
