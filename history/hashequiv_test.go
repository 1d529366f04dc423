package history

import (
	"crypto/sha256"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/revision"
)

// refStream returns what refHashTokens hashes: the normalized stream of
// the normalization as released, one kind byte, text and 0 per token.
func refStream(f *revision.File, src []revision.Token) []byte {
	sc := refGetScratch(true)
	defer refPutScratch(sc)
	var buf []byte
	for _, t := range refNormalizeTokens(f, refCollectTokens(f, src, sc), sc) {
		buf = append(buf, byte(t.kind))
		buf = append(buf, t.text...)
		buf = append(buf, 0)
	}
	return buf
}

// checkAsReleased fails t when HashTokens of src differs from the hash of
// the normalization as released.
func checkAsReleased(t testing.TB, src []byte) bool {
	t.Helper()
	f := revision.Parse("a.py", src)
	var got, want string
	var stream []byte
	revision.WithTokens(src, func(toks []revision.Token) {
		got = HashTokens(f, toks)
		want = refHashTokens(f, toks)
		if got != want {
			stream = refStream(f, toks)
		}
	})
	if want != refHashString(sha256.Sum256(refStreamOf(src))) {
		t.Fatalf("the reference disagrees with itself on\n%s", src)
	}
	if got != want {
		t.Errorf("HashTokens = %s, as released %s, for\n%s\nreleased stream %q", got, want, src, stream)
		return false
	}
	return true
}

func refStreamOf(src []byte) []byte {
	f := revision.Parse("a.py", src)
	var b []byte
	revision.WithTokens(src, func(toks []revision.Token) { b = refStream(f, toks) })
	return b
}

// testSources returns the .py files of the repository's test data, and
// hash/edge*.py.
func testSources(t testing.TB) [][]byte {
	srcs := pyFiles(t, "testdata/hash", "../testdata", "../rules/testdata", "../revision/testdata")
	if len(srcs) < 100 {
		t.Fatalf("only %d sources", len(srcs))
	}
	return srcs
}

// pyFiles returns the .py files below roots.
func pyFiles(t testing.TB, roots ...string) [][]byte {
	var srcs [][]byte
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".py") {
				src, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				srcs = append(srcs, src)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return srcs
}

// snippets are statements the normalization rewrites, for the mutations
// to put into real files.
var snippets = []string{
	"if a: b; c\n", "x: int = (1)\n", "x: int\n", "from m import (a, b,)\n", "import os, sys\n", "import os.path as p, re\n",
	"del (a, b)\n", "del (a)\n", "for (a, b) in x: pass\n", "def f(a, b,) -> None: ...\n", "'''doc'''\n", "pass\n", "...\n",
	"y = ((a))\n", "y = (((a, b)))\n", "with (a as b): pass\n", "f = lambda a, b=(1): (a)\n", "print(f'{x}' 'y' b'z')\n",
	"import a as b\n", "from . import *\n", "from .m import x as y, z\n", "import sqlalchemy as sa\n", "from alembic import op\n",
	"op.execute(('a' 'b'))\n", "x = [(a) for a in b]\n", "x = {k: (v) for k, v in y}\n", "x = (a,)\n", "x = a[b,]\n",
	"x = f(a,)\n", "return (x)\n", "assert (a), (b)\n", "yield (a)\n", "if (a): b\nelif (c): d\nelse: (e)\n", "while (x): y()\n",
	"class A(B,): x: int = 1; y = 2\n", "@dec(a,)\ndef g() -> (int): return (1)\n", "async def h(): await (x)\n",
	"x = 0XFF_FF + 1E3j\n", "x = r'\\d' \"\\x41\" u'é'\n", "try: a()\nexcept (A, B,): pass\nfinally: c()\n",
	"x = not (a)\n", "x = (a) if (b) else (c)\n", "x[(a):(b)] = (c)\n", "a, b = (c, d)\n", "x = (yield)\n",
	"from typing import Sequence, Union\n", "import sqlalchemy as sa;\n", "x = sa; y = op\n", "revision: str = 'a'\n",
	"f(**(a), *(b))\n", "x = {(a): (b),}\n", "x = (\n  a\n  +b\n)\n", "x = [\n  1,\n  2,\n]\n", "global x; nonlocal y\n",
	"import b\nimport a\n", "from z import y\nfrom a import b, a\n", "x = (lambda: (1))\n", "x = (a for a in b)\n",
	"with (open(a) as f, open(b) as g): pass\n", ")(\nlambda a, b,)(\n", ") = (\nlambda a,)(\n", "x = (lambda a, b,)\n",
	"f(a -> b)\nx = 1\n", "def f() -> (a, b,): pass\n", "x: (a,) = 1\n", "x: ) = (\n", "import a; import b\n", "def f(): return\n", "for x in (1, 2,): pass\n", "x = f'{(a)}'\n",
}

// tokensToInsert are bits the mutations insert anywhere.
var tokensToInsert = []string{
	"(", ")", ",", ":", ";", "->", "=", "pass", "import", "from", "lambda", "for", "in", "\n", " ", "'s'", "1_0", "\\\n",
	"[", "]", "{", "}", "@", "...", "if", "else", "async", "del", "with", "as", "*", "\t", "    ", "#c\n", "\"\"\"d\"\"\"",
	"x", "sa", "op", "os", ":=", "+=", "return", "yield", "not", "b''", "f''", "r'\\'", "'a' 'b'", "(a)", "(a,)", ",)",
}

// mutate returns src with a few random edits.
func mutate(r *rand.Rand, src []byte) []byte {
	s := string(src)
	for n := 1 + r.IntN(3); n > 0; n-- {
		lines := strings.SplitAfter(s, "\n")
		switch r.IntN(7) {
		case 0: // delete a line
			i := r.IntN(len(lines))
			lines = append(lines[:i], lines[i+1:]...)
		case 1: // duplicate a line
			i := r.IntN(len(lines))
			lines = append(lines[:i+1], lines[i:]...)
		case 2: // swap two lines
			i, j := r.IntN(len(lines)), r.IntN(len(lines))
			lines[i], lines[j] = lines[j], lines[i]
		case 3, 4: // a snippet, indented as the line it goes before
			i := r.IntN(len(lines))
			indent := lines[i][:len(lines[i])-len(strings.TrimLeft(lines[i], " \t"))]
			sn := snippets[r.IntN(len(snippets))]
			sn = strings.TrimSuffix(indent+strings.ReplaceAll(sn, "\n", "\n"+indent), indent)
			lines = append(lines[:i], append([]string{sn}, lines[i:]...)...)
		case 5: // a token anywhere
			if len(s) > 0 {
				at := r.IntN(len(s) + 1)
				s = s[:at] + tokensToInsert[r.IntN(len(tokensToInsert))] + s[at:]
			}
			continue
		case 6: // a few bytes out
			if len(s) > 0 {
				at := r.IntN(len(s))
				end := min(len(s), at+1+r.IntN(8))
				s = s[:at] + s[end:]
			}
			continue
		}
		s = strings.Join(lines, "")
	}
	return []byte(s)
}

// TestHashTokensAsReleased compares HashTokens with the normalization as
// released (normalize_ref_test.go) on the test data and on random edits
// of it: any difference would make retort.sum files written before fail
// to verify.
func TestHashTokensAsReleased(t *testing.T) {
	srcs := testSources(t)
	for _, sn := range snippets {
		srcs = append(srcs, []byte(sn))
	}
	srcs = append(srcs, []byte(original), []byte(reformatted), bigRevision(3))
	for _, src := range srcs {
		checkAsReleased(t, src)
	}
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 3000
	}
	failed := 0
	for i := 0; i < n && failed < 5; i++ {
		if !checkAsReleased(t, mutate(r, srcs[r.IntN(len(srcs))])) {
			failed++
		}
	}
}

// FuzzHashTokens: go test -fuzz FuzzHashTokens ./history compares
// HashTokens with the normalization as released on any input.
func FuzzHashTokens(f *testing.F) {
	for _, src := range testSources(f) {
		f.Add(src)
	}
	for _, sn := range snippets {
		f.Add([]byte(sn))
	}
	f.Fuzz(func(t *testing.T, src []byte) { checkAsReleased(t, src) })
}

// autogenerated is a revision as alembic's typed template and autogenerate
// write it, the most common file a history hashes.
const autogenerated = `"""step 29027: change table t27

Revision ID: 0000a0bc50a6
Revises: 92edca4c1bf0
Create Date: 2024-01-01 00:00:47.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0000a0bc50a6"
down_revision: Union[str, Sequence[str], None] = "92edca4c1bf0"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "t29027",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("c0", sa.String(length=157), nullable=True),
        sa.Column("c1", sa.String(length=97), nullable=True),
        sa.Column("c2", sa.String(length=212), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.add_column("t29027", sa.Column("flag", sa.Boolean(), server_default=sa.false(), nullable=False))
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_table("t29027")
`

// BenchmarkHashTokens measures HashTokens alone, on tokens at hand, over
// the test data and autogenerated revisions; or over the .py files of
// $RETORT_HASH_DIR.
func BenchmarkHashTokens(b *testing.B) { benchHash(b, HashTokens) }

// BenchmarkHashTokensAsReleased is BenchmarkHashTokens for the
// normalization as released.
func BenchmarkHashTokensAsReleased(b *testing.B) { benchHash(b, refHashTokens) }

func benchHash(b *testing.B, hash func(*revision.File, []revision.Token) string) {
	var srcs [][]byte
	if dir := os.Getenv("RETORT_HASH_DIR"); dir != "" {
		srcs = pyFiles(b, dir)
	} else {
		srcs = testSources(b)
		for range len(srcs) {
			srcs = append(srcs, []byte(autogenerated))
		}
	}
	files := make([]*revision.File, len(srcs))
	toks := make([][]revision.Token, len(srcs))
	size := 0
	for i, src := range srcs {
		files[i] = revision.Parse("a.py", src)
		revision.WithTokens(src, func(t []revision.Token) { toks[i] = append([]revision.Token(nil), t...) })
		size += len(src)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i, f := range files {
			hash(f, toks[i])
		}
	}
}

// TestHashFastTakesMost: hashFast, not the steps one by one, hashes an
// autogenerated revision and most files of the test data.
func TestHashFastTakesMost(t *testing.T) {
	fast := func(src []byte) bool {
		f := revision.Parse("a.py", src)
		ok := false
		revision.WithTokens(src, func(toks []revision.Token) {
			sc := getScratch(true)
			_, ok = hashFast(f, toks, sc, nil)
			putScratch(sc)
		})
		return ok
	}
	if !fast([]byte(autogenerated)) {
		t.Errorf("hashFast declines an autogenerated revision")
	}
	srcs, n := testSources(t), 0
	for _, src := range srcs {
		if fast(src) {
			n++
		}
	}
	if n < len(srcs)*3/4 {
		t.Errorf("hashFast takes %d of %d sources", n, len(srcs))
	}
}
