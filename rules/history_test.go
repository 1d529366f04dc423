package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// A history case may hold, besides the versions folder's files:
//
//	base/      the revision files at the merge base ("origin/main")
//	tip/       the files at the tip of the base branch, when it moved on
//	recorded/  the files as retort.sum recorded them
//	applied    a file holding the --applied revision
//
// Git itself is covered by the history package's tests on real repositories.
func init() { fixtureOptions = append(fixtureOptions, historyFixture) }

func historyFixture(t *testing.T, dir string, proj *revision.Project, opt *lint.Options) {
	load := func(sub string) *history.Snapshot {
		paths, _ := filepath.Glob(filepath.Join(dir, sub, "*.py"))
		if len(paths) == 0 {
			return nil
		}
		files := revision.ParseFiles(paths)
		for _, f := range files {
			// as git shows them: where they were in the versions folder
			f.Path = filepath.Join(dir, filepath.Base(f.Path))
		}
		return history.NewSnapshot("origin/main", files)
	}
	base, tip := load("base"), load("tip")
	var sum *history.Snapshot
	if rec := load("recorded"); rec != nil {
		var entries []history.SumEntry
		for id, b := range rec.Revisions {
			entries = append(entries, history.SumEntry{ID: id, Path: filepath.Base(b.Path), Hash: history.Hash(b.File)})
		}
		sum = history.SumSnapshot(filepath.Join(dir, history.SumFile), entries)
	}
	applied := ""
	if b, err := os.ReadFile(filepath.Join(dir, "applied")); err == nil {
		applied = strings.TrimSpace(string(b))
	}
	if base == nil && tip == nil && sum == nil && applied == "" {
		return
	}
	if base == nil {
		base = tip
	}
	h, err := history.New(proj, base, tip, sum, applied)
	if err != nil {
		t.Fatal(err)
	}
	opt.History = h
	opt.InScope = history.Scope(proj, h)
}

// TestDivergedHints checks the fix each kind of divergence gets.
func TestDivergedHints(t *testing.T) {
	for dir, want := range map[string]string{
		"behind-base":    `set down_revision = "b1"`,
		"merge-revision": `alembic merge -m "merge heads" m2 c2`,
	} {
		dir = filepath.Join("testdata", DivergedFromBase.ID, dir)
		proj, err := revision.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		opt := lint.Options{}
		historyFixture(t, dir, proj, &opt)
		ds := lint.Run(proj, []*lint.Rule{DivergedFromBase}, opt)
		if len(ds) != 1 || !strings.Contains(ds[0].Hint, want) {
			t.Errorf("%s: want one finding whose hint says %q, got %v", dir, want, ds)
		}
	}
}
