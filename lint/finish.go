package lint

import (
	"fmt"

	"github.com/retortdev/retort/revision"
)

// Suppressions are the "# retort: ignore[rule] reason" comments of a
// project's files, read once per run: the runner reports the invalid and
// the unused ones, and Finish applies them to every finding, lint's and
// replay's.
type Suppressions struct {
	byPath map[string][]suppression
}

// ReadSuppressions reads the suppression comments of proj's files. Only
// the files that have some are kept: most have none.
func ReadSuppressions(proj *revision.Project) *Suppressions {
	s := &Suppressions{byPath: map[string][]suppression{}}
	// the paths seen, from the first file that has some: of two files
	// with one path, the first one's comments count
	var seen map[string]bool
	for i, f := range proj.Files {
		if seen != nil {
			if seen[f.Path] {
				continue
			}
			seen[f.Path] = true
		}
		sups := suppressions(f)
		if len(sups) == 0 {
			continue
		}
		if seen == nil {
			seen = make(map[string]bool, len(proj.Files))
			for _, g := range proj.Files[:i] {
				seen[g.Path] = true
			}
			if seen[f.Path] {
				continue
			}
			seen[f.Path] = true
		}
		s.byPath[f.Path] = sups
	}
	return s
}

// none reports whether no file has a suppression comment.
func (s *Suppressions) none() bool { return s == nil || len(s.byPath) == 0 }

// of returns the suppressions of the file at path.
func (s *Suppressions) of(path string) []suppression {
	if s == nil {
		return nil
	}
	return s.byPath[path]
}

// Finish is the one last step of every finding, lint's and replay's: the
// findings of disabled rules and of ignored revisions go, a configured
// severity replaces the rule's own (a notice, such as an irreversible
// downgrade, stays a notice), the suppression comments silence theirs (an
// invalid-suppression finding is never silenced by the comment it is
// about), and what is left is sorted and deduplicated. sups may be nil:
// nothing is suppressed.
func Finish(cfg *Config, sups *Suppressions, ds []Diagnostic) []Diagnostic {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	kept := ds[:0]
	for _, d := range ds {
		if !cfg.enabled(d.Rule) || (d.Revision != "" && cfg.IgnoresRevision(d.Revision)) {
			continue
		}
		if s, ok := cfg.Severity[d.Rule]; ok && d.Severity != Notice {
			d.Severity = s
		}
		if d.Rule != InvalidSuppressionID && suppressed(sups.of(d.Path), d) {
			continue
		}
		kept = append(kept, d)
	}
	Sort(kept)
	return dedupe(kept)
}

// invalidSuppressions reports, as invalid (the invalid-suppression rule;
// nil when it does not run), the suppressions of proj's files that name no
// rule, an unknown rule, or give no reason.
func invalidSuppressions(proj *revision.Project, sups *Suppressions, known map[string]bool, cfg *Config, invalid *Rule) []Diagnostic {
	if invalid == nil || !cfg.Enabled(invalid) || sups.none() {
		return nil
	}
	var out []Diagnostic
	for _, f := range proj.Files {
		for _, s := range sups.of(f.Path) {
			bad := func(format string, args ...any) {
				out = append(out, Diagnostic{Rule: invalid.ID, Severity: cfg.SeverityOf(invalid), Path: f.Path,
					Line: s.Line, Column: s.Col, Revision: f.Revision, Message: fmt.Sprintf(format, args...),
					Hint: "write it as `# retort: ignore[rule-id] why this is safe`"})
			}
			switch {
			case len(s.Rules) == 0:
				bad("suppression names no rule, so it silences nothing")
			case s.Reason == "":
				bad("suppression of %s gives no reason, so it silences nothing", quoteList(s.Rules))
			default:
				for _, id := range s.Rules {
					if !known[id] {
						bad("suppression names unknown rule %q", id)
					}
				}
			}
		}
	}
	return out
}

func suppressed(sups []suppression, d Diagnostic) bool {
	for _, s := range sups {
		if s.Reason != "" && s.silences(d.Rule, d.Line) {
			return true
		}
	}
	return false
}

func quoteList(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", id)
	}
	return s
}
