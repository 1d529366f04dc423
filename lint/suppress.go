package lint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/retortdev/retort/revision"
)

// A suppression is "# retort: ignore[rule-a, rule-b] reason". It silences
// those rules on its own line, or, on a line of its own, on the next line
// of code.
type suppression struct {
	revision.Pos
	Rules  []string
	Reason string
	Target int // the line it applies to besides its own
}

var suppressRE = regexp.MustCompile(`^#\s*retort\s*:\s*ignore(?:\[([^\]]*)\])?\s*(.*)$`)

func suppressions(f *revision.File) []suppression {
	var out []suppression
	for _, c := range f.Comments {
		if !strings.Contains(c.Text, "retort") {
			continue
		}
		m := suppressRE.FindStringSubmatch(c.Text)
		if m == nil {
			continue
		}
		reason := m[2]
		if i := strings.IndexByte(reason, '#'); i >= 0 {
			reason = reason[:i] // a second comment is not the reason
		}
		s := suppression{Pos: c.Pos, Reason: strings.TrimSpace(reason), Target: c.Line}
		for _, id := range strings.Split(m[1], ",") {
			if id = strings.TrimSpace(id); id != "" {
				s.Rules = append(s.Rules, id)
			}
		}
		if strings.TrimSpace(f.Line(c.Line))[0] == '#' {
			s.Target = nextCodeLine(f, c.Line)
		}
		out = append(out, s)
	}
	return out
}

func nextCodeLine(f *revision.File, line int) int {
	for _, t := range f.Tokens() {
		if int(t.Line) > line && t.Kind != revision.Newline && t.Kind != revision.Indent && t.Kind != revision.Dedent {
			return int(t.Line)
		}
	}
	return line + 1
}

// silences reports whether s covers a finding of rule on line.
func (s suppression) silences(rule string, line int) bool {
	if line != s.Line && line != s.Target {
		return false
	}
	for _, id := range s.Rules {
		if id == rule {
			return true
		}
	}
	return false
}

// UnusedSuppression reports a suppression that silences nothing: a rule it
// names ran on the file and found nothing on the lines it covers. It is
// run by the runner, after every other rule.
var UnusedSuppression = &Rule{
	ID:       "unused-suppression",
	Severity: Notice,
	Scope:    PerFile,
	Run:      func(*Pass) {},
}

// unusedSuppressions returns the unused-suppression findings, when that
// rule is among rules and enabled. It is conservative: only the per-file
// rules that ran on a file count (not the project, history or replay
// rules, not a rule the configuration turned off, not a file out of
// scope), and a suppression in downgrade() counts only with
// lint-downgrade, since the operation rules read downgrade() only then.
func unusedSuppressions(proj *revision.Project, diags []Diagnostic, cfg *Config, rules, perFile []*Rule, checked map[string]bool) []Diagnostic {
	on := false
	for _, r := range rules {
		on = on || r == UnusedSuppression
	}
	if !on || !cfg.Enabled(UnusedSuppression) || len(checked) == 0 {
		return nil
	}
	ran := map[string]bool{}
	for _, r := range perFile {
		if r != InvalidSuppression && r != UnusedSuppression {
			ran[r.ID] = true
		}
	}
	found := map[string][]Diagnostic{}
	for _, d := range diags {
		found[d.Path] = append(found[d.Path], d)
	}
	var out []Diagnostic
	for _, f := range proj.Files {
		if !checked[f.Path] {
			continue
		}
		for _, s := range suppressions(f) {
			if s.Reason == "" || (!cfg.LintDowngrade && inDowngrade(f, s.Line)) {
				continue
			}
			for _, id := range s.Rules {
				if !ran[id] || silencesAny(s, id, found[f.Path]) {
					continue
				}
				out = append(out, Diagnostic{Rule: UnusedSuppression.ID, Severity: cfg.SeverityOf(UnusedSuppression), Path: f.Path,
					Line: s.Line, Column: s.Col, Revision: f.Revision,
					Message: fmt.Sprintf("suppression of %q silences nothing: the rule reports nothing on this line", id),
					Hint:    fmt.Sprintf("remove %q from the comment (or the comment); a stale suppression would hide a future finding on this line", id)})
			}
		}
	}
	return out
}

func silencesAny(s suppression, id string, ds []Diagnostic) bool {
	for _, d := range ds {
		if d.Rule == id && s.silences(id, d.Line) {
			return true
		}
	}
	return false
}

// inDowngrade reports whether a line is inside downgrade() or one of the
// downgrade_<engine>() functions.
func inDowngrade(f *revision.File, line int) bool {
	for name, fn := range f.Funcs {
		if (name == "downgrade" || strings.HasPrefix(name, "downgrade_")) && line >= fn.Line-1 && line <= fn.EndLine {
			return true
		}
	}
	return false
}
