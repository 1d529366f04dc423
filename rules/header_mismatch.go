package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/retortdev/retort/lint"
)

// HeaderMismatch reports a docstring header that disagrees with the
// revision's variables.
var HeaderMismatch = &lint.Rule{
	ID:       "header-mismatch",
	Severity: lint.Notice,
	Scope:    lint.PerFile,
	Category: lint.CategoryGraph,
	Run: func(p *lint.Pass) {
		f := p.File
		h := f.Header
		if !f.HasRevision {
			return
		}
		if h.RevisionID != "" && h.RevisionID != f.Revision {
			p.Report(h.RevisionPos, "docstring says Revision ID %q but revision is %q; readers and grep find the wrong file", h.RevisionID, f.Revision).Hint =
				fmt.Sprintf("update the docstring to Revision ID: %s", f.Revision)
		}
		if h.HasRevises && !f.IsUnevaluated("down_revision") && !sameSet(h.Revises, f.DownRevisions) {
			p.Report(h.RevisesPos, "docstring says Revises %s but down_revision is %s; the header no longer describes the history",
				describeIDs(h.Revises), describeIDs(f.DownRevisions)).Hint =
				fmt.Sprintf("update the docstring to Revises: %s", strings.Join(f.DownRevisions, ", "))
		}
	},
}

// sameSet reports whether a and b hold the same ids, in any order. The
// usual header names one parent, as down_revision does: compared at once.
func sameSet(a, b []string) bool {
	if slices.Equal(a, b) {
		return true
	}
	x := append([]string(nil), a...)
	y := append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	return strings.Join(x, "\x00") == strings.Join(y, "\x00")
}

func describeIDs(ids []string) string {
	if len(ids) == 0 {
		return "nothing"
	}
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	return strings.Join(q, ", ")
}
