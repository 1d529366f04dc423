package revision

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"
)

// TestValueSize keeps Value and Call small: a file's calls hold their
// arguments as Values, and a history parses hundreds of thousands.
func TestValueSize(t *testing.T) {
	if n := unsafe.Sizeof(Value{}); n > 56 {
		t.Errorf("Value is %d bytes, want at most 56", n)
	}
	if n := unsafe.Sizeof(Call{}); n > 128 {
		t.Errorf("Call is %d bytes, want at most 128", n)
	}
}

// posAtParts is PosAt as it reads v.Parts: the reference for the compact
// form of a string read from one literal (Value.lit).
func posAtParts(v Value, off int) Pos {
	parts := v.Parts()
	if len(parts) == 0 {
		return v.Pos
	}
	p := parts[0]
	for _, q := range parts[1:] {
		if q.Offset > off {
			break
		}
		p = q
	}
	if !p.Triple {
		return p.Pos
	}
	end := min(off, len(v.Text))
	seg := v.Text[p.Offset:end]
	n := strings.Count(seg, "\n")
	if n == 0 {
		return Pos{p.Line, p.Col + len(seg)}
	}
	return Pos{p.Line + n, len(seg) - strings.LastIndexByte(seg, '\n')}
}

// eachValue calls fn with every Value a parsed file holds.
func eachValue(f *File, fn func(Value)) {
	var walk func(v Value)
	walk = func(v Value) {
		fn(v)
		for _, list := range [][]Value{v.Items(), v.Keys(), v.Tmpl()} {
			for _, it := range list {
				walk(it)
			}
		}
		if c := v.Call; c != nil {
			if c.Recv != nil {
				walk(*c.Recv)
			}
			for _, a := range c.Args {
				walk(a)
			}
			for _, k := range c.Kwargs {
				walk(k.Value)
			}
		}
	}
	for _, v := range f.Consts {
		walk(v)
	}
	for _, fn := range f.Funcs {
		for _, c := range fn.Calls {
			walk(Value{Kind: CallV, Pos: c.Pos, Call: c})
			for _, w := range c.With {
				walk(w.Expr)
			}
		}
		for _, r := range fn.Raises {
			walk(r)
		}
	}
}

// TestStringParts checks where the strings of the test corpora say their
// literals are: each literal's content starts just after a quote, and
// PosAt maps every offset as the Parts do, for strings read from one
// literal (kept in a compact form) and from several alike.
func TestStringParts(t *testing.T) {
	var paths []string
	for _, glob := range []string{"../rules/testdata/*/*.py", "../rules/testdata/*/*/*.py", "../testdata/*/migrations/versions/*.py", "../testdata/*/*/migrations/versions/*.py"} {
		m, _ := filepath.Glob(glob)
		paths = append(paths, m...)
	}
	srcs := map[string]string{
		"inline.py": `SQL = "select 1"
OTHER = ("a"
    'b')
def upgrade():
    op.execute(SQL)
    op.execute(r"x\y" "z")
    op.execute(b'bytes')
    op.execute("""
        create table t (
            id int
        )""")
    op.execute('''one''' + "two" + rb"three")
    op.execute(f"{SQL} and more")
    op.execute(u"unicode", "\x41\n")
    for name in ["a", "b"]:
        op.execute(name)
`,
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs[p] = string(b)
	}
	strs := 0
	for path, src := range srcs {
		f := Parse(path, []byte(src))
		lines := strings.SplitAfter(src, "\n")
		eachValue(f, func(v Value) {
			if v.Kind != Str {
				return
			}
			strs++
			for _, p := range v.Parts() {
				if p.Line < 1 || p.Line > len(lines) || p.Col < 2 || p.Col-2 >= len(lines[p.Line-1]) {
					t.Errorf("%s: %q: literal at %v, outside the source", path, v.Text, p.Pos)
					continue
				}
				if c := lines[p.Line-1][p.Col-2]; c != '"' && c != '\'' {
					t.Errorf("%s: %q: literal at %v does not follow a quote but %q", path, v.Text, p.Pos, c)
				}
			}
			for off := 0; off <= len(v.Text)+1; off++ {
				if got, want := v.PosAt(off), posAtParts(v, off); got != want {
					t.Errorf("%s: %q: PosAt(%d) = %v, the parts say %v", path, v.Text, off, got, want)
				}
			}
		})
	}
	if strs < 1000 {
		t.Errorf("only %d strings checked", strs)
	}
}

// TestBoundStringParts checks that a name bound to a string stands for it
// at the name's position, while its Parts still point at the literal.
func TestBoundStringParts(t *testing.T) {
	f := Parse("x.py", []byte("SQL = 'select 1'\n\ndef upgrade():\n    op.execute(SQL)\n"))
	v := f.Upgrade.Calls[0].Args[0]
	if v.Kind != Str || v.Name() != "SQL" || v.Pos != (Pos{4, 16}) {
		t.Fatalf("argument %+v, want the string bound to SQL at 4:16", v)
	}
	if parts := v.Parts(); len(parts) != 1 || parts[0].Pos != (Pos{1, 8}) {
		t.Errorf("parts %+v, want one at 1:8", parts)
	}
	if got := v.PosAt(3); got != (Pos{1, 8}) {
		t.Errorf("PosAt(3) = %v, want 1:8", got)
	}
	if c := f.Consts["SQL"]; c.Pos != (Pos{1, 7}) || c.Name() != "SQL" || c.PosAt(0) != (Pos{1, 8}) {
		t.Errorf("constant %+v, want the literal at 1:7 named SQL", c)
	}
}
