package rules

import (
	"github.com/retortdev/retort/lint"
)

// UnknownDependsOn reports a depends_on entry that names no revision or
// branch label.
var UnknownDependsOn = &lint.Rule{
	ID:       "unknown-depends-on",
	Severity: lint.Error,
	Scope:    lint.PerProject,
	Category: lint.CategoryGraph,
	Run: func(p *lint.Pass) {
		for _, d := range p.Graph.Missing {
			if !d.DependsOn {
				continue
			}
			f := d.From.File
			p.ReportFile(f, assignPos(f, "depends_on"),
				"depends_on names %q, which is neither a revision nor a branch label; Alembic fails to build the revision map",
				d.Target).Hint = "name an existing revision id or branch label, or remove the dependency"
		}
	},
}
