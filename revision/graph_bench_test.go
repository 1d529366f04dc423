package revision_test

import (
	"os"
	"testing"

	"github.com/retortdev/retort/internal/synth"
	"github.com/retortdev/retort/revision"
)

// benchProject loads RETORT_BENCH_DIR, or a synthetic history of 2,000
// revisions with merges.
func benchProject(b *testing.B) *revision.Project {
	b.Helper()
	dir := os.Getenv("RETORT_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
		if _, err := synth.Write(dir, synth.Options{Revisions: 2000, Seed: 1, MergeEvery: 50}); err != nil {
			b.Fatal(err)
		}
	}
	p, err := revision.LoadHeaders(dir)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func BenchmarkNewGraph(b *testing.B) {
	p := benchProject(b)
	b.ResetTimer()
	for b.Loop() {
		revision.NewGraph(p.Files)
	}
}

func BenchmarkHistoryOrder(b *testing.B) {
	p := benchProject(b)
	b.ResetTimer()
	for b.Loop() {
		p.Graph.HistoryOrder()
	}
}

func BenchmarkRevisionPaths(b *testing.B) {
	p := benchProject(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := p.RevisionPaths(); err != nil {
			b.Fatal(err)
		}
	}
}
