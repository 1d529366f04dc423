package revision

import (
	"strings"
	"testing"
)

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

// stringValueBefore is StringValue as it was before it read the token as
// a string and copied bodies without escapes whole, kept to check that
// the values did not change.
func stringValueBefore(tok string) (value string, ok bool) {
	raw := []byte(tok)
	prefix := 0
	for prefix < len(raw) && raw[prefix] != '"' && raw[prefix] != '\'' {
		prefix++
	}
	if prefix == len(raw) || prefix > 2 || !isStringPrefix(raw[:prefix]) || hasF(raw[:prefix]) {
		return "", false
	}
	q := raw[prefix]
	n := 1
	if len(raw)-prefix >= 6 && raw[prefix+1] == q && raw[prefix+2] == q {
		n = 3
	}
	if len(raw)-prefix < 2*n {
		return "", false
	}
	for i := 0; i < n; i++ {
		if raw[len(raw)-1-i] != q {
			return "", false
		}
	}
	body := raw[prefix+n : len(raw)-n]
	if hasR(raw[:prefix]) {
		return strings.ReplaceAll(strings.ReplaceAll(string(body), "\r\n", "\n"), "\r", "\n"), true
	}
	var b strings.Builder
	decodeEscapes(&b, body)
	return b.String(), true
}

// TestStringValueAgrees compares StringValue with stringValueBefore on
// every string token of the test data, and on the text around them.
func TestStringValueAgrees(t *testing.T) {
	n := 0
	for name, src := range testdataPython(t) {
		toks, _, _ := Tokenize(src)
		for _, tok := range toks {
			for _, text := range []string{string(src[tok.Start:tok.End]), string(src[tok.Start:min(int(tok.End)+2, len(src))])} {
				got, ok := StringValue(text)
				want, wantOK := stringValueBefore(text)
				if got != want || ok != wantOK {
					t.Errorf("%s: StringValue(%q) = %q, %v; before %q, %v", name, text, got, ok, want, wantOK)
				}
				n++
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d tokens compared", n)
	}
}
