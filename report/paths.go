package report

import (
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/revision"
)

// shown returns r as it is shown: every path of a finding, a replayed
// statement and the retort.sum scope made relative to r.Dir when it lies
// below it. The paths travel as they were found (absolute with %(here)s,
// from git and from replay); this is the one place they are made
// relative. Source still reads a line by the path it was found under.
func (r *Result) shown() *Result {
	if r.Dir == "" {
		return r
	}
	s := *r
	s.Dir = "" // shown already
	found := map[string]string{}
	show := func(p string) string {
		q := revision.DisplayPathIn(r.Dir, p)
		if q != p {
			found[q] = p
		}
		return q
	}
	s.Diagnostics = make([]lint.Diagnostic, len(r.Diagnostics))
	for i, d := range r.Diagnostics {
		d.Path = show(d.Path)
		s.Diagnostics[i] = d
	}
	if r.Steps != nil {
		s.Steps = make([]replay.Step, len(r.Steps))
		for i, st := range r.Steps {
			if len(st.Statements) > 0 {
				ss := make([]replay.Statement, len(st.Statements))
				for j, x := range st.Statements {
					x.Path = show(x.Path)
					ss[j] = x
				}
				st.Statements = ss
			}
			s.Steps[i] = st
		}
	}
	if r.Scope != nil && r.Scope.Basis == "sum" {
		sc := *r.Scope
		sc.Ref = show(sc.Ref)
		s.Scope = &sc
	}
	if src := r.Source; src != nil {
		s.Source = func(p string, line int) string {
			if q, ok := found[p]; ok {
				p = q
			}
			return src(p, line)
		}
	}
	return &s
}
