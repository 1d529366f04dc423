package rules

import (
	"github.com/retortdev/retort/lint"
)

// UnknownDownRevision reports a down_revision that names no revision.
var UnknownDownRevision = &lint.Rule{
	ID:       "unknown-down-revision",
	Severity: lint.Error,
	Scope:    lint.PerProject,
	Category: lint.CategoryGraph,
	Run: func(p *lint.Pass) {
		for _, d := range p.Graph.Missing {
			if d.DependsOn {
				continue
			}
			f := d.From.File
			p.ReportFile(f, assignPos(f, "down_revision"),
				"down_revision names %q, which no revision file declares; Alembic fails to build the revision map and no command runs",
				d.Target).Hint = "point down_revision at an existing revision (alembic heads lists them) or restore the missing file"
		}
	},
}
