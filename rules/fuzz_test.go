package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// FuzzOperationRules runs the call model and every operation and SQL rule
// on arbitrary revision files: whatever the source, they must not panic.
// Seeds are the fixtures. Run: go test -fuzz FuzzOperationRules ./rules
func FuzzOperationRules(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.py")
	more, _ := filepath.Glob("testdata/*/*/*.py")
	for _, p := range append(seeds, more...) {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	var set []*lint.Rule
	for _, r := range All {
		if r.Category == lint.CategoryOperation {
			set = append(set, r)
		}
	}
	cfg := lint.DefaultConfig()
	cfg.LintDowngrade = true
	f.Fuzz(func(t *testing.T, src []byte) {
		hang := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("no result after 10s for %q", src)) })
		defer hang.Stop()
		file := revision.Parse("fuzz.py", src)
		proj := &revision.Project{Files: []*revision.File{file}, Graph: revision.NewGraph([]*revision.File{file})}
		for _, d := range lint.Run(proj, set, lint.Options{Config: cfg, Known: Known()}) {
			if d.Line < 0 || d.Message == "" || d.Hint == "" {
				t.Errorf("bad diagnostic %+v", d)
			}
		}
	})
}
