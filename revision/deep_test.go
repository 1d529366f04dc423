package revision

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestPathological feeds inputs that break naive recursive parsers. Each
// must end in the syntax errors listed, without a crash or a stack
// overflow, and the statement after it must still be read, except where
// the input leaves a bracket open (the rest of the file is inside it).
func TestPathological(t *testing.T) {
	const tooDeep = "expression nested too deeply"
	for _, tc := range []struct {
		name, src string
		errs      []string // "line: message"
		after     bool     // the revision assigned after the input is read
	}{
		{"parens", "x = " + strings.Repeat("(", 200000) + "1" + strings.Repeat(")", 200000) + "\n", []string{"1: " + tooDeep}, true},
		{"unclosed", "x = " + strings.Repeat("[", 200000) + "\n", []string{"1: '[' was never closed", "1: " + tooDeep}, false},
		{"unary", "x = " + strings.Repeat("-", 200000) + "1\n", []string{"1: " + tooDeep}, true},
		{"not", "x = " + strings.Repeat("not ", 200000) + "y\n", []string{"1: " + tooDeep}, true},
		{"lambda", "x = " + strings.Repeat("lambda: ", 100000) + "1\n", []string{"1: " + tooDeep}, true},
		{"attrs", "x = a" + strings.Repeat(".b", 200000) + "\n", nil, true},
		{"calls", "x = f" + strings.Repeat("()", 200000) + "\n", nil, true},
		{"indent", buildIndent(3000), []string{"202: too deeply nested"}, true},
		{"power", "x = 2" + strings.Repeat(" ** 2", 100000) + "\n", []string{"1: " + tooDeep}, true},
		{"ternary", "x = " + strings.Repeat("a if b else ", 100000) + "c\n", []string{"1: " + tooDeep}, true},
		{"await", "x = " + strings.Repeat("await ", 200000) + "c\n", []string{"1: " + tooDeep}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse("deep.py", []byte(tc.src+"revision = 'after'\n"))
			var errs []string
			for _, e := range f.Errors {
				errs = append(errs, strconv.Itoa(e.Line)+": "+e.Msg)
			}
			if !reflect.DeepEqual(errs, tc.errs) {
				t.Errorf("errors %q, want %q", errs, tc.errs)
			}
			if got := f.Revision == "after"; got != tc.after {
				t.Errorf("revision %q read after the input: %v, want %v", f.Revision, got, tc.after)
			}
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
