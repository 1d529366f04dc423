package rules

import (
	"fmt"
	"testing"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/migration"
	"github.com/retortdev/retort/revision"
)

// TestSafeProject runs every rule over testdata/safe, a project that
// follows each documented safe pattern, and expects no finding at all.
func TestSafeProject(t *testing.T) {
	proj, err := revision.Load("../testdata/safe")
	if err != nil {
		t.Fatal(err)
	}
	if len(proj.Files) < 15 {
		t.Fatalf("found %d revision files in testdata/safe, want at least 15", len(proj.Files))
	}
	// the model must actually see the operations, or silence proves nothing
	seen := map[string]int{}
	for _, f := range proj.Files {
		for _, op := range migration.Upgrade(f) {
			seen[fmt.Sprintf("%T", op)]++
		}
	}
	for _, op := range []migration.Op{&migration.CreateTable{}, &migration.AddColumn{}, &migration.SetNotNull{}, &migration.AlterColumnType{},
		&migration.CreateIndex{}, &migration.AddConstraint{}, &migration.ValidateConstraint{}, &migration.DropColumn{}, &migration.Update{}} {
		if k := fmt.Sprintf("%T", op); seen[k] == 0 {
			t.Errorf("no %s in testdata/safe: the model misses an operation the project uses", k)
		}
	}
	for _, d := range lint.Run(proj, All, lint.Options{Config: lint.DefaultConfig(), Known: Known()}) {
		t.Errorf("%s", d)
	}
}
