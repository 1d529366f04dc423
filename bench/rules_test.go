package bench

import (
	"path/filepath"
	"testing"

	"github.com/retortdev/retort/internal/synth"
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

const ruleBenchRevisions = 5000

// BenchmarkRules5000 measures, in one process, what the operation and SQL
// rules add to a lint of the synthetic 5,000-revision history: parsing
// plus the graph rules alone, against parsing plus every rule. Each
// iteration parses the files afresh, so that per-file work the rules share
// (the Alembic call model, pg_query parses) is computed again, as in a
// real run.
func BenchmarkRules5000(b *testing.B) {
	dir := b.TempDir()
	if _, err := synth.Write(dir, synth.Options{Revisions: ruleBenchRevisions, Seed: 1, MergeEvery: 50}); err != nil {
		b.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "migrations", "versions", "*.py"))
	if len(paths) != ruleBenchRevisions {
		b.Fatalf("synth wrote %d files, want %d", len(paths), ruleBenchRevisions)
	}
	var graphOnly []*lint.Rule
	for _, r := range rules.All {
		if r.Category != lint.CategoryOperation {
			graphOnly = append(graphOnly, r)
		}
	}
	if len(graphOnly) == len(rules.All) {
		b.Fatal("no operation rule registered")
	}
	lintOnce := func(b *testing.B, set []*lint.Rule) {
		files := revision.ParseFiles(paths)
		proj := &revision.Project{Files: files, Graph: revision.NewGraph(files)}
		lint.Run(proj, set, lint.Options{Config: lint.DefaultConfig(), Known: rules.Known()})
	}
	b.Run("graph-rules", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			lintOnce(b, graphOnly)
		}
	})
	b.Run("all-rules", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			lintOnce(b, rules.All)
		}
	})
}
