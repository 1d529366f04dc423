package rules

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// UnparsableRevision reports a revision file that Python would refuse, or
// whose graph variables retort cannot read.
var UnparsableRevision = &lint.Rule{
	ID:       "unparsable-revision",
	Severity: lint.Error,
	Scope:    lint.PerFile,
	Category: lint.CategoryGraph,
	Run: func(p *lint.Pass) {
		f := p.File
		if len(f.Errors) > 0 {
			e := f.Errors[0]
			for _, x := range f.Errors[1:] {
				if x.Line < e.Line || (x.Line == e.Line && x.Col < e.Col) {
					e = x
				}
			}
			p.Report(e.Pos, "%s; Alembic fails to import this file and every command stops", e.Msg).Hint =
				"fix the syntax error (python -m py_compile shows it too)"
			return
		}
		// the severity is the rule's (retort rules says it); names of
		// other modules' constants are not reported here: see
		// File.Unevaluated and the graph rules
		for _, pr := range f.Problems {
			p.Report(pr.Pos, "%s, so its place in the graph is unknown", pr.Msg).Hint =
				"assign revision identifiers as literals; retort never runs the file"
		}
	},
}

// firstCodePos is the position of the first token that is not a comment
// or docstring, or line 1.
func firstCodePos(f *revision.File) revision.Pos {
	for _, t := range f.Tokens() {
		if t.Kind == revision.Name {
			return t.Pos()
		}
	}
	return revision.Pos{Line: 1, Col: 1}
}
