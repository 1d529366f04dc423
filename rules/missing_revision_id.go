package rules

import (
	"github.com/retortdev/retort/lint"
)

// MissingRevisionID reports a file in a versions folder that declares no
// revision id.
var MissingRevisionID = &lint.Rule{
	ID:       "missing-revision-id",
	Severity: lint.Error,
	Scope:    lint.PerFile,
	Run: func(p *lint.Pass) {
		f := p.File
		if f.HasRevision || len(f.Errors) > 0 {
			return
		}
		if pos, ok := f.Assigned["revision"]; ok {
			p.Report(pos, "revision is not a non-empty string; Alembic cannot load this file").Hint =
				"assign the revision id as a string literal: revision = \"1a2b3c4d5e6f\""
			return
		}
		p.Report(firstCodePos(f), "file declares no revision; Alembic refuses to load a versions folder holding it").Hint =
			"add revision = \"<id>\" and down_revision, or move this file out of the versions folder"
	},
}
