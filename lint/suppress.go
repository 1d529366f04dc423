package lint

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/retortdev/retort/revision"
)

// A suppression is "# retort: ignore[rule-a, rule-b] reason". It silences
// those rules on its own line, or, on a line of its own, on the next line
// of code; and, on any line of a statement that spans several (a call
// black splits, with the comment after its closing parenthesis) or on the
// line above it, anywhere in that statement.
type suppression struct {
	revision.Pos
	Rules  []string
	Reason string
	Target int // the line it applies to besides its own
	// From and To are the first and last lines of the statement the
	// comment sits in or precedes (0 when none)
	From, To int
}

var suppressRE = regexp.MustCompile(`^#\s*retort\s*:\s*ignore(?:\[([^\]]*)\])?\s*(.*)$`)

func suppressions(f *revision.File) []suppression {
	var out []suppression
	var spans [][2]int
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
		if spans == nil {
			spans = statementSpans(f)
		}
		// the statement the comment sits in, or, on a line of its own
		// between statements, the statement it precedes
		for _, line := range []int{c.Line, s.Target} {
			if i := sort.Search(len(spans), func(i int) bool { return spans[i][1] >= line }); i < len(spans) && spans[i][0] <= line {
				s.From, s.To = spans[i][0], spans[i][1]
				break
			}
		}
		out = append(out, s)
	}
	return out
}

// statementSpans returns the first and last lines of each logical line
// (simple statement or compound statement header) of f, in order: from its
// first token to the Newline that ends it.
func statementSpans(f *revision.File) [][2]int {
	spans := [][2]int{}
	first := 0
	for _, t := range f.Tokens() {
		switch t.Kind {
		case revision.Indent, revision.Dedent, revision.EOF:
		case revision.Newline:
			if first != 0 {
				spans = append(spans, [2]int{first, int(t.Line)})
			}
			first = 0
		default:
			if first == 0 {
				first = int(t.Line)
			}
		}
	}
	return spans
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
	if line != s.Line && line != s.Target && (line < s.From || line > s.To) {
		return false
	}
	for _, id := range s.Rules {
		if id == rule {
			return true
		}
	}
	return false
}

// unusedSuppressions returns the findings of unused, the
// unused-suppression rule (nil when it is not among the rules run), when
// it is enabled. A suppression silences nothing when a rule it names ran
// on the file and found nothing on the lines it covers. It is conservative: only the per-file
// rules that ran on a file count (not the project, history or replay
// rules, not a rule the configuration turned off, not a file out of
// scope), and a suppression in downgrade() counts only with
// lint-downgrade, since the operation rules read downgrade() only then.
func unusedSuppressions(proj *revision.Project, sups *Suppressions, diags []Diagnostic, cfg *Config, unused *Rule, perFile []*Rule, checked map[string]bool) []Diagnostic {
	if unused == nil || !cfg.Enabled(unused) || len(checked) == 0 || sups.none() {
		return nil
	}
	ran := map[string]bool{}
	for _, r := range perFile {
		if r.ID != InvalidSuppressionID && r.ID != UnusedSuppressionID {
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
		for _, s := range sups.of(f.Path) {
			if s.Reason == "" || (!cfg.LintDowngrade && inDowngrade(f, s.Line)) {
				continue
			}
			for _, id := range s.Rules {
				if !ran[id] || silencesAny(s, id, found[f.Path]) {
					continue
				}
				out = append(out, Diagnostic{Rule: unused.ID, Severity: cfg.SeverityOf(unused), Path: f.Path,
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
