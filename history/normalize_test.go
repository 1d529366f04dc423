package history

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/retortdev/retort/revision"
)

const original = `"""add users

Revision ID: b1
Revises: a0
Create Date: 2024-01-01 00:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'b1'
down_revision = 'a0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint('id')
    )
    op.execute("UPDATE users SET email = 'x' " "WHERE id = 1")


def downgrade():
    op.drop_table('users')
`

// reformatted is original after black, ruff and a careful editor: double
// quotes, exploded calls with trailing commas, comments, a new docstring,
// sorted imports, tabs for indentation, a wrapped string.
const reformatted = `"""Add the users table.

Revision ID: b1
Revises: a0
Create Date: 2024-01-01 00:00:00

A longer description that was added later.
"""
import sqlalchemy as sa
from alembic import op  # the operations

# revision identifiers, used by Alembic.
revision = "b1"
down_revision = ("a0")
branch_labels = None
depends_on = None


def upgrade():
	"""Create the table."""
	# users
	op.create_table(
		"users",
		sa.Column("id", sa.Integer(), nullable=False,),
		sa.Column("email", sa.String(length=255), nullable=True),
		sa.PrimaryKeyConstraint("id"),
	)
	op.execute(
		(
			"UPDATE users SET email = 'x' "
			'WHERE id = 1'
		)
	);


def downgrade():
	op.drop_table(u"users")
`

func TestNormalizeIgnoresFormatting(t *testing.T) {
	a := revision.Parse("a.py", []byte(original))
	b := revision.Parse("b.py", []byte(reformatted))
	if what, at := Changes(a, b); what != nil {
		t.Errorf("a reformat counts as an edit: %v at %v", what, at)
	}
	if Hash(a) != Hash(b) {
		t.Errorf("a reformat changes the hash")
	}
}

func TestChanges(t *testing.T) {
	for _, c := range []struct {
		name     string
		old, new string // replace old with new in original
		what     string // "" for no change
		line     int    // first changed line in the new file
	}{
		{"quote style", `'users'`, `"users"`, "", 0},
		{"a comment", "def upgrade():\n", "def upgrade():  # create\n", "", 0},
		{"blank lines", "\n\ndef downgrade", "\n\n\n\n\ndef downgrade", "", 0},
		{"trailing comma in call", "sa.PrimaryKeyConstraint('id')\n", "sa.PrimaryKeyConstraint('id'),\n", "", 0},
		{"docstring", "add users\n", "add the users table\n", "", 0},
		{"pass to docstring", "    op.drop_table('users')\n", "    \"\"\"Nothing to undo.\"\"\"\n    pass\n    op.drop_table('users')\n", "", 0},
		{"an expression", "length=255", "length=0XFF if 0 else 255", "upgrade() changed", 19},
		{"number underscores", "length=255", "length=2_55", "", 0},
		{"escapes", "'users'", `"\x75sers"`, "", 0},
		{"raw string", `"UPDATE users SET email = 'x' "`, `r"UPDATE users SET email = 'x' "`, "", 0},
		{"upgrade body", "nullable=True", "nullable=False", "upgrade() changed", 19},
		{"downgrade body", "op.drop_table('users')", "op.drop_table('accounts')", "downgrade() changed", 26},
		{"down_revision", "down_revision = 'a0'", "down_revision = 'a1'", `down_revision changed from "a0" to "a1"`, 11},
		{"down_revision to a tuple", "down_revision = 'a0'", "down_revision = ('a0', 'x9')", `down_revision changed from "a0" to ("a0", "x9")`, 11},
		{"down_revision to None", "down_revision = 'a0'", "down_revision = None", `down_revision changed from "a0" to None`, 11},
		{"one-element tuple", "down_revision = 'a0'", "down_revision = ('a0',)", "down_revision changed", 11},
		{"string value", "SET email = 'x' ", "SET email = 'y' ", "upgrade() changed", 22},
		{"bytes are not text", "create_table('users',", "create_table(b'users',", "upgrade() changed", 17},
		{"a new function", "def downgrade():", "def helper():\n    pass\n\n\ndef downgrade():", "helper() added", 25},
		{"a removed function", "\n\ndef downgrade():\n    op.drop_table('users')\n", "\n", "downgrade() removed", 24},
		{"two changes", "nullable=True", "nullable=False", "upgrade() changed", 19},
		{"paren that matters", "op.drop_table('users')", "op.drop_table(('users',))", "downgrade() changed", 26},
		{"generator parens", "op.drop_table('users')", "op.drop_table(((x for x in y)))", "downgrade() changed", 26},
		{"precedence parens", "length=255", "length=(2 + 5) * 5", "upgrade() changed", 19},
		{"for target parens", "op.drop_table('users')", "for (a, b) in []: op.drop_table('users')", "downgrade() changed", 26},
		{"an import", "import sqlalchemy as sa\n", "import sqlalchemy_utils as sa\n", "imports changed", 8},
		{"an unused import", "import sqlalchemy as sa\n", "import sqlalchemy as sa\nimport os\nfrom typing import Union\n", "", 0},
		{"a used import", "import sqlalchemy as sa\n", "import sqlalchemy as sa\nimport os\nos.getenv(\"X\")\n", "imports changed, module-level code added", 9},
		{"typed template", "down_revision = 'a0'\nbranch_labels = None", "down_revision: Union[str, Sequence[str], None] = 'a0'\nbranch_labels: str | None = None", "", 0},
		{"return annotations", "def upgrade():", "def upgrade() -> None:", "", 0},
		{"a bare declaration", "depends_on = None\n", "depends_on = None\nfoo: int\n", "", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(original, c.old) {
				t.Fatalf("%q is not in the original", c.old)
			}
			a := revision.Parse("a.py", []byte(original))
			b := revision.Parse("b.py", []byte(strings.Replace(original, c.old, c.new, 1)))
			if len(b.Errors) > 0 && c.what == "" {
				t.Fatalf("the new file does not parse: %v", b.Errors)
			}
			what, at := Changes(a, b)
			got := strings.Join(what, ", ")
			if got != c.what {
				t.Errorf("changes = %q, want %q", got, c.what)
			}
			if c.what != "" && at.Line != c.line {
				t.Errorf("first changed line = %d, want %d (%q)", at.Line, c.line, b.Line(at.Line))
			}
			if same := Hash(a) == Hash(b); same != (c.what == "") {
				t.Errorf("hashes equal = %v, want %v", same, c.what == "")
			}
		})
	}
}

func TestTwoChangesInOrder(t *testing.T) {
	a := revision.Parse("a.py", []byte(original))
	src := strings.Replace(original, "down_revision = 'a0'", "down_revision = 'a1'", 1)
	src = strings.Replace(src, "op.drop_table('users')", "op.drop_table('accounts')", 1)
	b := revision.Parse("b.py", []byte(src))
	what, at := Changes(a, b)
	if got := strings.Join(what, "; "); got != `down_revision changed from "a0" to "a1"; downgrade() changed` {
		t.Errorf("changes = %q", got)
	}
	if at.Line != 11 {
		t.Errorf("first changed line = %d, want 11", at.Line)
	}
}

func TestNumberSpelling(t *testing.T) {
	a := revision.Parse("a.py", []byte("x = 0XFF + 1E3 + 1_000J\n"))
	b := revision.Parse("b.py", []byte("x = 0xff + 1e3 + 1000j\n"))
	if what, _ := Changes(a, b); what != nil {
		t.Errorf("number spelling counts as an edit: %v", what)
	}
}

// bigRevision is an autogenerated-style revision with n tables.
func bigRevision(n int) []byte {
	var b strings.Builder
	b.WriteString("\"\"\"big\n\nRevision ID: big1\nRevises: a0\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = 'big1'\ndown_revision = 'a0'\n\n\ndef upgrade():\n")
	for i := 0; i < n; i++ {
		b.WriteString("    op.create_table('t" + strings.Repeat("x", i%7) + "',\n        sa.Column('id', sa.Integer(), nullable=False),\n        sa.Column('name', sa.String(length=255), nullable=True),  # a comment\n        sa.PrimaryKeyConstraint('id'),\n    )\n")
	}
	b.WriteString("\n\ndef downgrade():\n    pass\n")
	return []byte(b.String())
}

func BenchmarkHash(b *testing.B) {
	src := bigRevision(200) // about 40 KB, a large revision
	f := revision.Parse("big.py", src)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Hash(f)
	}
}

func BenchmarkChangesEdited(b *testing.B) {
	src := bigRevision(200)
	x := revision.Parse("a.py", src)
	y := revision.Parse("b.py", []byte(strings.Replace(string(src), "length=255", "length=100", 1)))
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if what, _ := Changes(x, y); what == nil {
			b.Fatal("no change found")
		}
	}
}

func TestTargetParens(t *testing.T) {
	for _, c := range [][2]string{
		{"for (a, b) in x:\n    pass\n", "for a, b in x:\n    pass\n"},
		{"y = [a for (a, b) in x]\n", "y = [a for a, b in x]\n"},
		{"del (a, b)\n", "del a, b\n"},
		{"with (open(a) as f, open(b) as g):\n    pass\n", "with open(a) as f, open(b) as g:\n    pass\n"},
		{"y = {'k': (1)}\n", "y = {'k': 1}\n"},
		{"def f(): return 1\nclass A: x = 1\n", "def f():\n    return 1\n\n\nclass A:\n    x = 1\n"},
		{"if a: b(); c()\nelse: d = lambda: 1\n", "if a:\n    b()\n    c()\nelse:\n    d = lambda: 1\n"},
		{"try: x()\nexcept (A, B): pass\nfinally: y()\n", "try:\n    x()\nexcept (A, B):\n    pass\nfinally:\n    y()\n"},
		{"a = 1; b = 2\n", "a = 1\nb = 2\n"},
		{"f = (lambda a, b=(1): a if a else (b))\n", "f = lambda a, b=1: a if a else b\n"},
		{"y = {(k): v, x[(a):(b)]: 1}\n", "y = {k: v, x[a:b]: 1}\n"},
		{"y = {k: (v) for k, v in x}\n", "y = {k: v for k, v in x}\n"},
		{"y = [(a if b else c) for b in x]\n", "y = [a if b else c for b in x]\n"},
		{"def f(): pass\n", "def f():\n    '''doc'''\n"},
		{"f = lambda: (1)\n", "f = lambda: 1\n"},
	} {
		a := revision.Parse("a.py", []byte(c[0]))
		b := revision.Parse("b.py", []byte(c[1]))
		if what, _ := Changes(a, b); what != nil {
			t.Errorf("%q and %q differ: %v", c[0], c[1], what)
		}
	}
	for _, c := range [][2]string{
		{"y = (a, b)\n", "y = [a, b]\n"},
		{"y = f((a, b))\n", "y = f(a, b)\n"},
		{"y = x[(a, b)]\n", "y = x[a][b]\n"},
		{"y = (a + b) * c\n", "y = a + b * c\n"},
		{"y = not (a and b)\n", "y = not a and b\n"},
		{"y = {1: (2 + 3) * 4}\n", "y = {1: 2 + 3 * 4}\n"},
		{"if a: b(); c()\n", "if a: b()\nc()\n"},
		{"y = [(a, b) for a in x]\n", "y = [a, b for a in x]\n"},
		{"if a:\n    b()\nc()\n", "if a:\n    b()\n    c()\n"},
		{"y = x in (a if b else c)\n", "y = x in a if b else c\n"},
	} {
		a := revision.Parse("a.py", []byte(c[0]))
		b := revision.Parse("b.py", []byte(c[1]))
		if what, _ := Changes(a, b); what == nil {
			t.Errorf("%q and %q are taken as equal", c[0], c[1])
		}
	}
}

// TestHashIsStable pins the hash of one file. retort.sum files in users'
// repositories hold these hashes: a change to the normalization that moves
// this one must come with a new hash version ("h2:"), or every recorded
// revision would suddenly count as edited.
func TestHashIsStable(t *testing.T) {
	f := revision.Parse("a.py", []byte(original))
	const want = "h1:RrJ3+cg6Tdp2Fjxp+EbUc/vVhdT+/FKvMKeqdEgu/UA="
	if got := Hash(f); got != want {
		t.Errorf("Hash = %s, want %s", got, want)
	}
	if got := Hash(revision.Parse("b.py", []byte(reformatted))); got != want {
		t.Errorf("Hash of the reformatted file = %s, want %s", got, want)
	}
}

// TestHashesAsReleased hashes every revision file of the repository's test
// data and testdata/hash/edge.py, and compares the hashes with
// testdata/hash/want.txt, written by retort at c73c29a (before the
// normalization reused its buffers): retort.sum files written then must
// still verify.
func TestHashesAsReleased(t *testing.T) {
	var paths []string
	for _, root := range []string{"testdata/hash", "../testdata", "../rules/testdata", "../revision/testdata"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".py") {
				paths = append(paths, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(paths)
	var got strings.Builder
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&got, "%s %s\n", filepath.ToSlash(path), Hash(revision.Parse(path, src)))
	}
	if os.Getenv("RETORT_WRITE_HASHES") != "" {
		if err := os.WriteFile("testdata/hash/want.txt", []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/hash/want.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 100 {
		t.Fatalf("only %d files hashed", len(paths))
	}
	wantLines, gotLines := strings.Split(string(want), "\n"), strings.Split(got.String(), "\n")
	if len(wantLines) != len(gotLines) {
		t.Fatalf("%d hashes, want %d", len(gotLines), len(wantLines))
	}
	for i := range wantLines {
		if wantLines[i] != gotLines[i] {
			t.Errorf("got  %s\nwant %s", gotLines[i], wantLines[i])
		}
	}
}

// TestHashesAtLoad: the hashes Hashes records from the tokens a load read
// are those Hash computes, for files parsed by headers and in full.
func TestHashesAtLoad(t *testing.T) {
	for _, full := range []bool{false, true} {
		var h Hashes
		proj, err := revision.LoadHeadersWith("../testdata/safe", revision.LoadOptions{
			EveryFull: func(*revision.Project) bool { return full },
			Tokens:    func(*revision.Project) func(*revision.File, []revision.Token) { return h.Record },
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(proj.Files) < 10 {
			t.Fatalf("%d files", len(proj.Files))
		}
		for _, f := range proj.Files {
			if f.Partial() == full {
				t.Errorf("%s: partial %v with every file full %v", f.Path, f.Partial(), full)
			}
			if got, want := h.of(f), Hash(f); got != want {
				t.Errorf("%s: recorded %q, Hash %q", f.Path, got, want)
			}
		}
	}
}

// TestSuitesToExpand: where suitesToExpand says expandSuites has nothing
// to do, expanding anyway changes nothing, for every file of the test
// data and a few lines made for it.
func TestSuitesToExpand(t *testing.T) {
	srcs := []string{
		"revision: str = 'a'\nif a: b()\n", "x = {a: b}\nif (a): b\n", "f(a,\n  b); c\n",
		"class A: pass\n", "def f(a: int) -> None: return a\n", "x = lambda a: a\nwith a: b\n",
		"try: a\nexcept E: b\n", "while x: y\n", "for a in b: c\n", "x = [a for a in b]\nelse: c\n",
	}
	for _, root := range []string{"testdata/hash", "../testdata", "../rules/testdata", "../revision/testdata"} {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".py") {
				src, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				srcs = append(srcs, string(src))
			}
			return err
		})
	}
	skipped := 0
	for _, src := range srcs {
		sc := getScratch(false)
		ts := collect(revision.Parse("a.py", []byte(src)), sc)
		if !suitesToExpand(ts) {
			skipped++
			orig := append([]tok(nil), ts...)
			if got := expandAll(ts, sc); !equalToks(got, orig) {
				t.Errorf("expandSuites changes what suitesToExpand passes over:\n%s", src)
			}
		}
		putScratch(sc)
	}
	if skipped < 100 {
		t.Errorf("suitesToExpand passed over only %d of %d sources", skipped, len(srcs))
	}
}

// TestPlainString: the shortcut for plain string literals returns what
// revision.StringValue returns, and declines the literals it must decode.
func TestPlainString(t *testing.T) {
	for _, tc := range []struct {
		text  string
		plain bool
	}{
		{`""`, true}, {`''`, true}, {`"a"`, true}, {`'a b'`, true}, {`"'"`, true}, {`'"'`, true},
		{`""""""`, true}, {`''''''`, true}, {`"""a"""`, true}, {`'''a "b" c'''`, true}, {"\"\"\"a\nb\"\"\"", true},
		{`"é\x00"`, false}, {"\"a\\nb\"", false}, {"'a\\'b'", false}, {"\"\"\"a\r\nb\"\"\"", false}, {"'a\rb'", false},
		{`r"a"`, false}, {`b"a"`, false}, {`f"a"`, false}, {`u"a"`, false},
		{`"a'`, false}, {`"`, false}, {`"""a"`, true}, {`'''`, true}, {"a", false},
	} {
		v, ok := plainString(tc.text)
		if ok != tc.plain {
			t.Errorf("plainString(%q) ok = %v, want %v", tc.text, ok, tc.plain)
		}
		if !ok {
			continue
		}
		want, wok := revision.StringValue(tc.text)
		if !wok || v != want {
			t.Errorf("plainString(%q) = %q, revision.StringValue %q, %v", tc.text, v, want, wok)
		}
		if tag, tv := stringTag(tc.text); tag != 's' || tv != want {
			t.Errorf("stringTag(%q) = %c %q", tc.text, tag, tv)
		}
	}
}
