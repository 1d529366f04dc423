package revision

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/retortdev/retort/internal/synth"
)

// synthSources writes a synthetic history of n revisions and returns the
// sources of its revision files.
func synthSources(tb testing.TB, n int) [][]byte {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := synth.Write(dir, synth.Options{Revisions: n, Seed: 1, MergeEvery: 50}); err != nil {
		tb.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "migrations", "versions", "*.py"))
	if err != nil || len(paths) != n {
		tb.Fatalf("%d revision files written, %d wanted (%v)", len(paths), n, err)
	}
	srcs := make([][]byte, len(paths))
	for i, p := range paths {
		if srcs[i], err = os.ReadFile(p); err != nil {
			tb.Fatal(err)
		}
	}
	return srcs
}

// benchParse parses a synthetic history of 500 revisions per iteration.
func benchParse(b *testing.B, parse func(string, []byte) *File) {
	srcs := synthSources(b, 500)
	size := 0
	for _, s := range srcs {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, src := range srcs {
			parse("x.py", src)
		}
	}
}

func BenchmarkParse(b *testing.B)        { benchParse(b, Parse) }
func BenchmarkParseHeaders(b *testing.B) { benchParse(b, ParseHeaders) }

// BenchmarkParseHeadersSeeing is the header parse of a caller that reads
// every token (hashing a history for retort.sum): the whole file is
// tokenized.
func BenchmarkParseHeadersSeeing(b *testing.B) {
	benchParse(b, func(path string, src []byte) *File {
		return parseSeeing(path, src, true, func(*File, []Token) {})
	})
}

func BenchmarkTokenize(b *testing.B) {
	benchParse(b, func(path string, src []byte) *File {
		WithTokens(src, func([]Token) {})
		return nil
	})
}
