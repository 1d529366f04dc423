package revision

import (
	"strings"
	"testing"
)

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

// TestSkipAnnotation checks that whenever skipAnnotation steps over an
// annotation, expr would have stopped at the same token without an error.
func TestSkipAnnotation(t *testing.T) {
	anns := []string{
		"str", "None", "Union[str, Sequence[str], None]", "Optional[Union[str, Sequence[str]]]",
		"typing.Union[str, None]", "Callable[[int], str]", "Callable[[], None]", "Tuple[()]",
		"list[int]", "x.y.z", "type", "match[case]", "a[b][c]", "a[b, ]", "a[b c]", "a[", "a[b",
		"a.", "a.if", "a | None", "not a", "lambda: 1", "a if b else c", "'str'", "1", "a()",
		"a[1:2]", "a[*b]", "a[b := 1]", "Literal['a', 'b']", "[a, b]", "[]", "[[a]]", "a[[b], [c, d]]",
		"Union[" + strings.Repeat("Union[", 20) + "a" + strings.Repeat("]", 21), "a[b]]", "a]", "",
	}
	for _, ann := range anns {
		for _, tail := range []string{" = 1\n", "\n", "", " += 1\n", "; y = 2\n", " if x else y\n"} {
			src := []byte("x: " + ann + tail)
			toks, _, _ := Tokenize(src)
			f := &File{Src: src, Consts: map[string]Value{}}
			skip, full := newParser(f, toks), newParser(&File{Src: src, Consts: map[string]Value{}}, toks)
			skip.p, full.p = 2, 2
			if !skip.skipAnnotation() {
				if skip.p != 2 {
					t.Errorf("%q: skipAnnotation moved to %d and reported false", src, skip.p)
				}
				continue
			}
			full.expr()
			if skip.p != full.p || len(full.f.Errors) > 0 {
				t.Errorf("%q: skipAnnotation stops at token %d, expr at %d with errors %v", src, skip.p, full.p, full.f.Errors)
			}
		}
	}
}
