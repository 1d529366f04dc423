package revision

import (
	"fmt"
	"strings"
	"testing"
)

// TestValidPython holds minimal reproductions of constructs that real
// Python 3 code uses (found by running TestRealCorpus over public Alembic
// projects and Python's own library) and that the parser once rejected.
// Each must parse without errors, and the parser must stay in step: the
// revision after the construct is read and upgrade() keeps its calls.
func TestValidPython(t *testing.T) {
	tests := []struct{ name, src string }{
		{"relative import of a module", "from . import helpers\nfrom .. import models, utils\nfrom ...pkg import x\n"},
		{"starred target in a comprehension", "rows = [f(*rest) for first, *rest in pairs]\n"},
		{"starred target in a for statement", "for first, *rest in pairs:\n    pass\n"},
		{"lambda whose default is a lambda", "f = lambda x=lambda y=lambda z=1: z: y(): x()\n"},
		{"lambda with star parameters", "f = lambda *a, b=1, **kw: (a, b, kw)\n"},
		{"number right before a keyword", "x = 1 if 1else 0\ny = [0x1for in_ in z]\n"},
		{"exponent and imaginary literals", "x = (1e-5, 1E+5, 2.5e3j, 1_000.000_1, .5, 0o17, 0b1_0, 0xdead_BEEF)\n"},
		{"f-string with the same quotes nested (3.12)", "x = f\"{9*\"a\"}\\\\\\na\"\ny = f'{\", \".join(f\"{k}={v!r}\" for k, v in d.items())}'\n"},
		{"f-string nested in a field of an f-string", "x = f'{f\" {name}\\n\" if name else \"\"} def {args}'\n"},
		{"f-string field across lines (3.12)", "x = f\"{(\n    1 +\n    2\n)}\"\n"},
		{"f-string field with a comment (3.12)", "x = f\"\"\"{\n    a  # the value\n}\"\"\"\n"},
		{"f-string format spec with a quote", "x = f\"{v:'>10}\" + f'{v:\"^5}'\n"},
		{"f-string nested field in a format spec", "x = f\"{v:{width}.{precision}f}\"\n"},
		{"f-string with dict and slice in a field", "x = f\"{ {'a': 1}['a'] } {s[1:2]} {a!r:>{w}}\"\n"},
		{"raw f-string with a backslash before a brace", "x = fr'\\{{\\}}' + fr'\\{{{1+1}' + f'{1+1}\\}}'\n"},
		{"f-string with a lambda in parentheses", "x = f\"{(lambda y: y * 2)(3)}\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src + "revision = 'b2'\ndown_revision = 'a1'\n\n\ndef upgrade():\n    op.drop_column('t', 'c')\n"
			f := Parse("x.py", []byte(src))
			if len(f.Errors) > 0 {
				t.Fatalf("errors: %v", f.Errors)
			}
			if f.Revision != "b2" || strings.Join(f.DownRevisions, ",") != "a1" {
				t.Errorf("revision %q down %q: the parser lost its place", f.Revision, f.DownRevisions)
			}
			if f.Upgrade == nil || len(f.Upgrade.Calls) != 1 {
				t.Errorf("upgrade() calls were not found after the construct")
			}
		})
	}
}

// TestFStringTokens checks that an f-string with nested strings is one
// token, ending where Python ends it.
func TestFStringTokens(t *testing.T) {
	for src, want := range map[string]string{
		"f\"{x:'>9}\" + 1\n":          "f\"{x:'>9}\"",
		"f'{\"a\" + f\"{b}\"}' + 1\n": "f'{\"a\" + f\"{b}\"}'",
		"f\"{d[\"k\"]}\" + 1\n":       "f\"{d[\"k\"]}\"",
		"rf'\\{{x}' + 1\n":            "rf'\\{{x}'",
	} {
		toks, _, errs := Tokenize([]byte(src))
		if len(errs) > 0 {
			t.Errorf("%q: %v", src, errs)
			continue
		}
		if got := src[toks[0].Start:toks[0].End]; toks[0].Kind != String || got != want {
			t.Errorf("%q: first token %v %q, want the string %q", src, toks[0].Kind, got, want)
		}
	}
}

// TestDeclaredEncodings: Python decodes a file with the codec its coding
// cookie names, whatever it is; retort must not call such a file broken.
func TestDeclaredEncodings(t *testing.T) {
	for _, enc := range []string{"koi8-r", "cp1251", "iso-8859-5", "latin-1"} {
		src := "# -*- coding: " + enc + " -*-\n\"\"\"\xf0\xd2\xc9\xd7\xc5\xd4\"\"\"\nrevision = 'ab'\ndown_revision = None\n"
		f := Parse("x.py", []byte(src))
		if len(f.Errors) > 0 || f.Revision != "ab" {
			t.Errorf("%s: errors %v, revision %q", enc, f.Errors, f.Revision)
		}
	}
	// without a cookie (or with utf-8) invalid UTF-8 is still an error
	for _, src := range []string{"x = '\xff'\n", "# coding: utf-8\nx = '\xff'\n", "# coding: UTF_8\nx = '\xff'\n"} {
		if f := Parse("x.py", []byte(src)); len(f.Errors) == 0 {
			t.Errorf("%q: no error for invalid UTF-8", src)
		}
	}
}

// TestUnterminatedFString: the rewrite of f-string scanning must still
// report strings that never end.
func TestUnterminatedFString(t *testing.T) {
	for _, src := range []string{
		"x = f'{a'\n",
		"x = f'abc\n",
		"x = f\"{\"a\"\n",
		"x = f'''{a}\n",
		"x = f'{" + strings.Repeat("f'{", 500) + "\n",
	} {
		if _, _, errs := Tokenize([]byte(src)); len(errs) == 0 {
			t.Errorf("%q: no error", src)
		}
	}
}

// TestUnreachableCalls: calls after return, raise, break or continue in the
// same block never run (a debugging "raise" left in a real migration made
// retort report the dead operations after it).
func TestUnreachableCalls(t *testing.T) {
	src := `revision = "b"
down_revision = "a"


def helper():
    op.drop_column("t", "helper")


def upgrade():
    op.add_column("t", sa.Column("a", sa.Integer()))
    for name in names:
        if not name:
            continue
        op.add_column("t", sa.Column(name, sa.Integer()))
    if done():
        return
    op.add_column("t", sa.Column("b", sa.Integer()))
    try:
        op.add_column("t", sa.Column("c", sa.Integer()))
        return op.add_column("t", sa.Column("d", sa.Integer()))
    except Exception:
        op.add_column("t", sa.Column("e", sa.Integer()))
        raise
        op.add_column("t", sa.Column("never1", sa.Integer()))
    raise
    op.alter_column("t", "never2", nullable=False)
    with op.batch_alter_table("t") as b:
        b.drop_column("never3")
`
	f := Parse("x.py", []byte(src))
	if len(f.Errors) > 0 {
		t.Fatalf("errors: %v", f.Errors)
	}
	var got []string
	for _, c := range f.Upgrade.Calls {
		if len(c.Args) > 1 && c.Args[1].Kind == CallV {
			got = append(got, c.Args[1].Call.Args[0].Text)
		}
	}
	if want := "a,name,b,c,d,e"; strings.Join(got, ",") != want {
		t.Errorf("reachable add_column calls %q, want %s", strings.Join(got, ","), want)
	}
	if fn := f.Funcs["helper"]; fn == nil || len(fn.Calls) != 1 {
		t.Errorf("a function after dead code lost its calls")
	}
}

// TestGuardMakesRestConditional: after "if x: return" the rest of the
// block runs only when x is false, so its calls are conditional (rules
// use this for "if dialect != 'mysql': return" guards).
func TestGuardMakesRestConditional(t *testing.T) {
	src := `revision = "b"

def upgrade():
    op.add_column("t", sa.Column("a", sa.Integer()))
    if bind.dialect.name != "mysql":
        return
    op.add_column("t", sa.Column("b", sa.Integer()))
    for x in y:
        if not x:
            continue
        op.add_column("t", sa.Column("c", sa.Integer()))
    op.add_column("t", sa.Column("d", sa.Integer()))


def downgrade():
    op.drop_column("t", "a")
`
	f := Parse("x.py", []byte(src))
	var got []string
	for _, c := range f.Upgrade.Calls {
		got = append(got, fmt.Sprint(c.Cond))
	}
	if want := "false,true,true,true"; strings.Join(got, ",") != want {
		t.Errorf("Cond of the calls: %s, want %s", strings.Join(got, ","), want)
	}
	if c := f.Downgrade.Calls; len(c) != 1 || c[0].Cond {
		t.Errorf("the guard leaked into the next function")
	}
}

// TestRevisesNone: Alembic's templates before 0.7 wrote "Revises: None"
// in the docstring of a base revision; that names no parent.
func TestRevisesNone(t *testing.T) {
	f := Parse("x.py", []byte("\"\"\"initial\n\nRevision ID: ab\nRevises: None\nCreate Date: 2014-01-17\n\n\"\"\"\nrevision = 'ab'\ndown_revision = None\n"))
	if !f.Header.HasRevises || len(f.Header.Revises) != 0 {
		t.Errorf("header revises %q (%v), want none", f.Header.Revises, f.Header.HasRevises)
	}
}

// TestPython2Rejected: Python 2 syntax that Python 3 refuses, so Alembic
// cannot import the file, must be a syntax error.
func TestPython2Rejected(t *testing.T) {
	for _, src := range []string{
		"x = ur'abc'\n", "x = UR'abc'\n", "x = ub'abc'\n", "x = bf'abc'\n", "x = rr'abc'\n",
		"x = 0777\n", "x = 00_7\n", "x = 10L\n",
		"print 'upgrading'\n", "x = 1 <> 2\n", "x = `1`\n",
	} {
		if f := Parse("x.py", []byte(src)); len(f.Errors) == 0 {
			t.Errorf("%q: no syntax error", src)
		}
	}
	for _, src := range []string{
		"x = Rb'a' + bR'a' + rB'a' + Fr'a' + rf'a' + U'a' + u'a' + B'a'\n",
		"x = (0, 00, 0_0, 0.5, 09.5, 0777e1, 0777j, 0o777, 0x0F, 0b0, 1_000)\n",
	} {
		if f := Parse("x.py", []byte(src)); len(f.Errors) > 0 {
			t.Errorf("%q: %v", src, f.Errors)
		}
	}
}
