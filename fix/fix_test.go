package fix

import (
	"flag"
	"fmt"
	"github.com/retortdev/retort/internal/goldenfile"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden fixes every revision of testdata/fix and compares the result
// with fix/testdata/<name>.fixed.py and the list of changes with
// <name>.out; the fixed file parses, and the rules it was fixed for report
// only what was left alone.
func TestGolden(t *testing.T) {
	proj, err := revision.Load(filepath.Join("..", "testdata", "fix"))
	if err != nil {
		t.Fatal(err)
	}
	diags := lint.Run(proj, rules.All, lint.Options{})
	for i, f := range proj.Files {
		name := strings.TrimSuffix(filepath.Base(f.Path), ".py")
		t.Run(name, func(t *testing.T) {
			res := File(f, diags)
			var out strings.Builder
			for _, c := range res.Changes() {
				state := "not fixed"
				if c.Fixed {
					state = "fixed"
				}
				fmt.Fprintf(&out, "%d: %s [%s]: %s\n", c.Line, state, c.Rule, c.What)
				if c.Todo != "" {
					fmt.Fprintf(&out, "  todo: %s\n", c.Todo)
				}
			}
			golden(t, filepath.Join("testdata", name+".fixed.py"), string(res.Src))
			golden(t, filepath.Join("testdata", name+".out"), out.String())

			nf := revision.Parse(f.Path, res.Src)
			if len(nf.Errors) > 0 {
				t.Fatalf("the fixed file does not parse: %v", nf.Errors)
			}
			fixed := *proj
			fixed.Files = append([]*revision.File(nil), proj.Files...)
			fixed.Files[i] = nf
			fixed.Graph = revision.NewGraph(fixed.Files)
			left := map[string]int{}
			for _, c := range res.Skipped {
				left[c.Rule]++
			}
			after := map[string]int{}
			for _, d := range lint.Run(&fixed, rules.All, lint.Options{}) {
				if d.Path == f.Path {
					after[d.Rule]++
				}
			}
			for _, c := range res.Fixed {
				if after[c.Rule] != left[c.Rule] {
					t.Errorf("after the fix %s reports %d findings, want the %d left alone", c.Rule, after[c.Rule], left[c.Rule])
				}
			}
			for rule, n := range after {
				before := 0
				for _, d := range diags {
					if d.Path == f.Path && d.Rule == rule {
						before++
					}
				}
				if n > before {
					t.Errorf("the fix brought new %s findings", rule)
				}
			}
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	goldenfile.Check(t, path, got, *update, "./fix")
}

func TestDiff(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"
	b := "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13"
	want := `--- a
+++ b
@@ -1,6 +1,6 @@
 1
 2
-3
+three
 4
 5
 6
@@ -10,3 +10,4 @@
 10
 11
 12
+13
\ No newline at end of file
`
	if got := Diff("a", "b", []byte(a), []byte(b)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if Diff("a", "b", []byte(a), []byte(a)) != "" {
		t.Error("equal inputs give a diff")
	}
}

// TestCRLF: a file with Windows line breaks keeps them.
func TestCRLF(t *testing.T) {
	src := strings.ReplaceAll(`revision = "ab12"
down_revision = "aa11"


def upgrade():
    op.create_index("ix_t_c", "t", ["c"])
    op.add_column("t", sa.Column("d", sa.Integer(), nullable=False))
`, "\n", "\r\n")
	f := revision.Parse("x.py", []byte(src))
	proj := &revision.Project{Files: []*revision.File{f}, Graph: revision.NewGraph([]*revision.File{f})}
	res := File(f, lint.Run(proj, rules.All, lint.Options{}))
	if len(res.Fixed) != 2 {
		t.Fatalf("fixed %+v, skipped %+v", res.Fixed, res.Skipped)
	}
	out := string(res.Src)
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Errorf("lone line feeds:\n%q", out)
	}
	if !strings.Contains(out, "    with op.get_context().autocommit_block():\r\n        op.create_index(\"ix_t_c\", \"t\", [\"c\"], postgresql_concurrently=True)\r\n") {
		t.Errorf("got:\n%q", out)
	}
}
