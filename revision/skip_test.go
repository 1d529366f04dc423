package revision

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// skipCases are bodies that the tokenizer drops in a header parse (or
// must not), in the shapes that could make it drop too much or too little.
var skipCases = map[string]string{
	"plain":          "revision = 'a'\ndef upgrade():\n    op.f()\n    op.g(\n        1)\n\n\ndef downgrade() -> None:\n    pass\n",
	"docstring":      "def upgrade():\n    \"\"\"doc\n    more\"\"\"\n    op.f()\n",
	"docstring-semi": "def upgrade():\n    \"doc\"; op.f()\n    op.g()\n",
	"one-line-body":  "def upgrade():\n    pass\nx = 1\n",
	"inline":         "def upgrade(): op.f(); x = (\n  1)\ndef downgrade():\n    pass\n",
	"no-indent":      "def upgrade():\nop.x()\ndown_revision = 'b'\n",
	"eof-in-body":    "revision = 'a'\ndef upgrade():\n    op.x(\n        1",
	"eof-open":       "def upgrade():\n    op.x(\n",
	"eof-nl":         "def upgrade():\n    op.x()\n    op.y()",
	"eof-backslash":  "def upgrade():\n    \\",
	"nested":         "def upgrade():\n    def inner():\n        if x:\n            return 1\n    class K:\n        def m(self):\n            pass\n    op.f()\n# after\ny = 2\n",
	"class":          "class T(sa.types.TypeDecorator):\n    impl = sa.Text\n    def process(self, v):\n        return v\n\ndef upgrade():\n    pass\n",
	"class-error":    "class C:\n    def m(self):\n        y = 2\n        x = = 1\n    def n(self): pass\n",
	"nested-error":   "def upgrade():\n    def inner():\n        x = = 1\n",
	"class-inline":   "class C: pass\n    def f():\n        x\n",
	"decorated":      "@dec\ndef upgrade():\n    op.f()\n@dec(1)\nasync def downgrade():\n    await op.g()\n",
	"async-for":      "async for x in y:\n    def f():\n        pass\n",
	"if-try":         "try:\n    def upgrade():\n        \"\"\"up\"\"\"\n        op.f()\nexcept ImportError:\n    pass\nif x:\n    def downgrade():\n        pass\nelse:\n    revision = 'zz'\n",
	"lambda":         "def upgrade(f=lambda: 1):\n    op.f()\n",
	"colon-late":     "def upgrade() -> x[1:2]:\n    op.f()\n",
	"colon-twice":    "def upgrade(): x:\n    op.f()\n    y = = 1\n",
	"no-colon":       "def upgrade()\n    op.f()\n    y = = 1\n",
	"no-name":        "def (x):\n    op.f()\n    y = = 1\n",
	"keyword-name":   "def if():\n    op.f()\n",
	"crlf":           "def upgrade():\r\n    op.f()\r\n\r\n    op.g()\r\ndef downgrade():\r\n    pass\r\n",
	"cr":             "def upgrade():\r    op.f()\r    op.g()\rx = 1\r",
	"tabs":           "def upgrade():\n\tif x:\n\t\top.f()\n\top.g()\n",
	"mixed-indent":   "def upgrade():\n        a\n    b\n  c\nd\n",
	"unindent":       "def upgrade():\n    if x:\n        a\n      b\n    c\nz = 1\n",
	"deep-dedent":    "if a:\n    if b:\n        def f():\n            if c:\n                x\ny = 1\n",
	"backslash":      "def upgrade():\n    x = 1 + \\\n2\n    op.f()\nrevision = \\\n  'a'\n",
	"bad-backslash":  "def upgrade():\n    x = 1 \\ 2\n    op.f()\n",
	"fstrings":       "def upgrade():\n    op.execute(f\"\"\"{x:'>9}\n{ {'a': 1}['a'] }\n\"\"\")\n    y = rf'{a!r}' f'{f\"{b}\"}'\n  # odd\nrevision = 'a'\n",
	"strings":        "def upgrade():\n    s = '''\ndef inner():\n    pass\n'''\n    t = \"a\\\nb\"\n    u = b'x' rb\"y\" Rb'''z'''\nz = 1\n",
	"unterminated":   "def upgrade():\n    s = 'abc\n    op.f()\nz = 1\n",
	"unterminated3":  "def upgrade():\n    s = '''abc\n    op.f()\n",
	"illegal":        "def upgrade():\n    x = $y ? `z`\n    op.f()\n",
	"unicode":        "def upgrade():\n    café = 'é'\n    x = a\u00a0b\n    op.f()\n",
	"leading-zero":   "def upgrade():\n    x = 0777 + 00 + 0_0 + 1if x else 2\n",
	"dot-number":     "def upgrade():\n    x = .05 + 1.05\n    y = a.b\n    z = 0\n",
	"unmatched":      "def upgrade():\n    x = 1)\n    op.f(]\n",
	"comments":       "def upgrade():\n    # retort: ignore[some-rule] why\n    op.f()  # retort: ignore[other] because\n\n# top\ndef downgrade():\n    pass  # trailing\n",
	"syntax-module":  "revision = \ndown_revision: = 'x'\ndef upgrade():\n    pass\n)\nbranch_labels = ('a',\n",
	"blank-lines":    "def upgrade():\n\n    \n    op.f()\n   \n\n\ndef downgrade():\n\n    pass\n",
	"semicolon-def":  "x = 1; def f():\n    op.f()\n",
	"match":          "match x:\n    case 1:\n        def f():\n            pass\n",
	"type-alias":     "type X = int\ndef upgrade():\n    pass\n",
	"indented-file":  "    def upgrade():\n        op.f()\nx = 1\n",
	"bom":            "\xef\xbb\xbfdef upgrade():\n    op.f()\n",
	"latin1":         "# -*- coding: latin-1 -*-\ndef upgrade():\n    s = '\xe9'\n    op.f()\n",
	"bad-utf8":       "def upgrade():\n    s = '\xe9'\n    op.f()\n",
	"deep":           "def upgrade():\n" + strings.Repeat(" ", 4) + strings.Repeat("(", 300) + strings.Repeat(")", 300) + "\n",
}

// TestHeaderSkipAgrees checks that a header parse that drops the tokens
// of function bodies gives exactly the File of a header parse that reads
// every token (a caller that sees the tokens), over the repository's test
// data, the fuzz corpus, a synthetic history, the cases above, and
// variants of all of them (line breaks, tabs, truncations).
func TestHeaderSkipAgrees(t *testing.T) {
	srcs := testdataPython(t)
	for name, src := range skipCases {
		srcs[name] = []byte(src)
	}
	corpus, _ := filepath.Glob("testdata/fuzz/FuzzParse/*")
	for _, p := range corpus {
		if src, ok := fuzzInput(t, p); ok {
			srcs[p] = src
		}
	}
	if len(corpus) == 0 {
		t.Fatal("no fuzz corpus")
	}
	for i, src := range synthSources(t, 60) {
		srcs["synth"+strconv.Itoa(i)] = src
	}
	dropped := 0
	for name, src := range srcs {
		for vname, v := range variants(src) {
			dropped += checkHeaderSkip(t, name+" "+vname, v)
		}
	}
	if dropped < len(srcs) {
		t.Errorf("only %d bodies dropped over %d files: the fast path is not taken", dropped, len(srcs))
	}
}

// variants returns src and sources derived from it that move line
// breaks, indentation and the end of the file.
func variants(src []byte) map[string][]byte {
	out := map[string][]byte{
		"":       src,
		"crlf":   bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n")),
		"tabs":   bytes.ReplaceAll(src, []byte("    "), []byte("\t")),
		"ragged": bytes.ReplaceAll(src, []byte("\n        "), []byte("\n      ")),
	}
	for k := 1; k < 8; k++ {
		n := len(src) * k / 8
		out["cut"+strconv.Itoa(n)] = src[:n]
	}
	return out
}

// checkHeaderSkip compares both header parses of src and returns how
// many bodies the tokenizer dropped.
func checkHeaderSkip(t *testing.T, name string, src []byte) int {
	t.Helper()
	var all []Token
	want := parseSeeing("x.py", src, true, func(_ *File, toks []Token) { all = append(all[:0], toks...) })
	var s scanner
	s.headers = true
	s.scan(nil, want.Src)
	got := ParseHeaders("x.py", src)
	if !sameFile(got, want) || !reflect.DeepEqual(got.Errors, want.Errors) {
		t.Errorf("%s: a header parse that drops function bodies differs from one that reads them:\n got %s\nwant %s", name, describeFile(got), describeFile(want))
	}
	for _, sk := range s.hs.skips {
		if int(sk.dedent) >= len(s.toks) || s.toks[sk.dedent].Kind != Dedent {
			t.Errorf("%s: dropped body closed at token %d, which is no Dedent", name, sk.dedent)
		}
	}
	if len(s.toks) > len(all) {
		t.Errorf("%s: %d tokens kept of %d", name, len(s.toks), len(all))
	}
	return len(s.hs.skips)
}

func describeFile(f *File) string {
	var b strings.Builder
	b.WriteString("errors " + strconv.Quote(strings.Join(errStrings(f.Errors), "|")))
	for _, e := range f.Errors {
		b.WriteString(" " + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col))
	}
	for n, fn := range f.Funcs {
		b.WriteString(" func " + n + " " + strconv.Itoa(fn.Line) + "-" + strconv.Itoa(fn.EndLine) + " " + strconv.Quote(fn.Docstring))
	}
	b.WriteString(" comments " + strconv.Itoa(len(f.Comments)))
	b.WriteString(" revision " + f.Revision + " down " + strings.Join(f.DownRevisions, ","))
	return b.String()
}

// fuzzInput reads the input of a file of Go's fuzz corpus.
func fuzzInput(t *testing.T, path string) ([]byte, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[1], "[]byte(") {
		return nil, false
	}
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return []byte(s), true
}

// FuzzHeaderSkip asserts, for any input, what TestHeaderSkipAgrees
// asserts for its files: dropping the function bodies' tokens changes
// nothing of a header parse.
func FuzzHeaderSkip(f *testing.F) {
	for _, src := range skipCases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkHeaderSkip(t, "fuzz", src)
	})
}
