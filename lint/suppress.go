package lint

import (
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
