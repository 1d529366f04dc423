package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/retortdev/retort/internal/synth"
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
)

// BenchmarkRunParsed measures lint.Run alone, every rule, on files parsed
// in full beforehand: the runner, the facts (the migration model, the
// pg_query parses) and the rules, without the parse. Each run computes
// the facts afresh, as a real run does.
func BenchmarkRunParsed(b *testing.B) {
	b.Run("synth5000", func(b *testing.B) {
		dir := b.TempDir()
		if _, err := synth.Write(dir, synth.Options{Revisions: 5000, Seed: 1, MergeEvery: 50}); err != nil {
			b.Fatal(err)
		}
		paths, _ := filepath.Glob(filepath.Join(dir, "migrations", "versions", "*.py"))
		benchRun(b, revision.ParseFiles(paths))
	})
	b.Run("fixtures", func(b *testing.B) {
		var paths []string
		_ = filepath.Walk("testdata", func(path string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() && filepath.Ext(path) == ".py" {
				paths = append(paths, path)
			}
			return nil
		})
		files := revision.ParseFiles(paths)
		// many copies, so that a run lasts long enough to profile
		var many []*revision.File
		for i := 0; i < 20; i++ {
			many = append(many, files...)
		}
		benchRun(b, many)
	})
}

func benchRun(b *testing.B, files []*revision.File) {
	proj := &revision.Project{Files: files, Graph: revision.NewGraph(files)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lint.Run(proj, All, lint.Options{Config: lint.DefaultConfig(), Known: Known()})
	}
}
