package revision

import "testing"

func TestStringValue(t *testing.T) {
	for _, c := range []struct {
		tok   string
		value string
		ok    bool
	}{
		{`"abc"`, "abc", true},
		{`'abc'`, "abc", true},
		{`"""abc"""`, "abc", true},
		{`'''a"b'''`, `a"b`, true},
		{`u"abc"`, "abc", true},
		{`U'abc'`, "abc", true},
		{`"it\'s"`, "it's", true},
		{`'say "hi"'`, `say "hi"`, true},
		{`"\x61\n"`, "a\n", true},
		{`"\u00e9"`, "é", true},
		{`r"\d+"`, `\d+`, true},
		{`R'\n'`, `\n`, true},
		{`b"x"`, "x", true},
		{`rb'\x'`, `\x`, true},
		{`""`, "", true},
		{`''''''`, "", true},
		{"\"\"\"a\r\nb\"\"\"", "a\nb", true},
		{`f"{x}"`, "", false},
		{`rf'{x}'`, "", false},
		{`"abc`, "", false},
		{`abc`, "", false},
		{`x"a"`, "", false},
		{`"`, "", false},
	} {
		got, ok := StringValue(c.tok)
		if got != c.value || ok != c.ok {
			t.Errorf("StringValue(%s) = %q, %v; want %q, %v", c.tok, got, ok, c.value, c.ok)
		}
	}
}
