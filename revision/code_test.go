package revision

import "testing"

// TestCodes checks that the tokenizer's switches give every operator and
// keyword the code of the tables, and that the tokens carry them.
func TestCodes(t *testing.T) {
	for s, c := range opCodes {
		if got := opCode([]byte(s)); got != c || codeText[c] != s {
			t.Errorf("operator %q: code %d, text %q; want %d", s, got, codeText[got], c)
		}
	}
	for s, c := range keywords {
		if got := kwCode([]byte(s)); got != c || codeText[c] != s {
			t.Errorf("keyword %q: code %d, text %q; want %d", s, got, codeText[got], c)
		}
	}
	for _, s := range []string{"x", "sa", "op", "iff", "Import", "lambdas", "notin", "None_"} {
		if c := kwCode([]byte(s)); c != cNone {
			t.Errorf("name %q has the code of %q", s, codeText[c])
		}
	}
	src := "a = b ** -c // d; e[1:2] @= f ... g != h <> i -> j := k\nif not x in y: pass\n"
	toks, _, _ := Tokenize([]byte(src))
	for _, tok := range toks {
		text := src[tok.Start:tok.End]
		want := cNone
		switch tok.Kind {
		case Op:
			want = opCodes[text]
			if want == cNone {
				t.Errorf("operator %q has no code", text)
			}
		case Name:
			want = keywords[text]
		}
		if tok.code != want {
			t.Errorf("token %q: code %d, want %d", text, tok.code, want)
		}
	}
}
