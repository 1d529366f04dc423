package revision

import (
	"strings"
	"testing"
)

// TestPathological feeds inputs that break naive recursive parsers.
func TestPathological(t *testing.T) {
	for name, src := range map[string]string{
		"parens":   "x = " + strings.Repeat("(", 200000) + "1" + strings.Repeat(")", 200000) + "\n",
		"unclosed": "x = " + strings.Repeat("[", 200000) + "\n",
		"unary":    "x = " + strings.Repeat("-", 200000) + "1\n",
		"not":      "x = " + strings.Repeat("not ", 200000) + "y\n",
		"lambda":   "x = " + strings.Repeat("lambda: ", 100000) + "1\n",
		"attrs":    "x = a" + strings.Repeat(".b", 200000) + "\n",
		"calls":    "x = f" + strings.Repeat("()", 200000) + "\n",
		"indent":   buildIndent(3000),
		"power":    "x = 2" + strings.Repeat(" ** 2", 100000) + "\n",
		"ternary":  "x = " + strings.Repeat("a if b else ", 100000) + "c\n",
		"await":    "x = " + strings.Repeat("await ", 200000) + "c\n",
	} {
		t.Run(name, func(t *testing.T) {
			Parse("deep.py", []byte(src))
		})
	}
}

func buildIndent(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(" ", i) + "if x:\n")
	}
	b.WriteString(strings.Repeat(" ", n) + "pass\n")
	return b.String()
}
