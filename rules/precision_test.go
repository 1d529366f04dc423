package rules

import (
	"testing"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// lintDir runs the given rules over a fixture folder with its config.
func lintDir(t *testing.T, dir string, rs ...*lint.Rule) []lint.Diagnostic {
	t.Helper()
	proj, err := revision.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := lint.LoadConfig("", dir)
	if err != nil {
		t.Fatal(err)
	}
	return lint.Run(proj, rs, lint.Options{Config: cfg, Known: Known()})
}

// An unparsable revision is reported at the severity `retort rules` shows.
func TestUnparsableSeverityIsTheRules(t *testing.T) {
	ds := lintDir(t, "testdata/unparsable-revision", UnparsableRevision)
	if len(ds) == 0 {
		t.Fatal("no findings")
	}
	for _, d := range ds {
		if d.Severity != UnparsableRevision.Severity {
			t.Errorf("%s: severity %s, rule says %s", d, d.Severity, UnparsableRevision.Severity)
		}
	}
}

// Graph variables naming another module's constants keep what can be
// read: the literal parts, and the docstring's Revises for the parents.
func TestImportTimeGraphVariables(t *testing.T) {
	proj, err := revision.Load("testdata/multiple-heads/import-time")
	if err != nil {
		t.Fatal(err)
	}
	b1 := proj.Graph.Revs["b1"]
	if b1 == nil || len(b1.Parents) != 1 || b1.Parents[0] != "a0" {
		t.Fatalf("b1 parents = %v, want [a0] from the docstring", b1)
	}
	if !b1.File.IsUnevaluated("branch_labels") || !b1.File.IsUnevaluated("down_revision") || len(b1.File.Problems) != 0 {
		t.Errorf("b1: unevaluated %v, problems %v", b1.File.Unevaluated, b1.File.Problems)
	}
	f := revision.Parse("x.py", []byte("from m import A\nrevision = 'x'\nbranch_labels = (A, 'lit')\n"))
	if len(f.BranchLabels) != 1 || f.BranchLabels[0] != "lit" || len(f.Unevaluated) != 1 || f.Unevaluated[0].Names[0] != "A" {
		t.Errorf("labels %v, unevaluated %v", f.BranchLabels, f.Unevaluated)
	}
}
