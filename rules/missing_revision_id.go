package rules

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/retortdev/retort/lint"
)

// MissingRevisionID reports a file in a versions folder that declares no
// revision id, or one that no command line or report can name: whitespace,
// control characters, backticks, or the characters Alembic itself refuses.
var MissingRevisionID = &lint.Rule{
	ID:       "missing-revision-id",
	Severity: lint.Error,
	Scope:    lint.PerFile,
	Category: lint.CategoryGraph,
	Run: func(p *lint.Pass) {
		f := p.File
		if len(f.Errors) > 0 {
			return
		}
		if f.HasRevision {
			if what, alembic := badRevisionChar(f.Revision); what != "" {
				consequence := "commands cannot name it and it breaks the lines of logs and reports"
				if alembic {
					consequence = "Alembic does not allow it in a revision id and refuses to load the versions folder"
				}
				p.Report(f.Assigned["revision"], "revision id %q holds %s; %s", f.Revision, what, consequence).Hint =
					"use letters, digits and underscores: revision = \"1a2b3c4d5e6f\" (and update the down_revision that names it)"
			}
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

// badRevisionChar describes the first character of id that a revision id
// must not hold ("" when none), and whether Alembic itself refuses it.
func badRevisionChar(id string) (what string, alembic bool) {
	for _, r := range id {
		switch {
		case strings.ContainsRune("@-+", r):
			return fmt.Sprintf("%q", r), true
		case r == '`':
			return "a backtick", false
		case r == '\n' || r == '\r':
			return "a line break", false
		case unicode.IsSpace(r):
			return "whitespace", false
		case unicode.IsControl(r) || !unicode.IsPrint(r):
			return fmt.Sprintf("the control character %U", r), false
		}
	}
	return "", false
}
