package bench

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/retortdev/retort/cli"
)

// BenchmarkLintInProcess lints the history in $RETORT_BENCH_DIR inside
// the test process, for -cpuprofile and -memprofile; $RETORT_BENCH_ARGS
// adds flags (--base HEAD~1, say).
func BenchmarkLintInProcess(b *testing.B) {
	dir := os.Getenv("RETORT_BENCH_DIR")
	if dir == "" {
		b.Skip("RETORT_BENCH_DIR not set")
	}
	for i := 0; i < b.N; i++ {
		env := &cli.Env{Stdin: os.Stdin, Stdout: io.Discard, Stderr: io.Discard, Getenv: os.Getenv}
		args := append([]string{"lint", "--format", "json"}, strings.Fields(os.Getenv("RETORT_BENCH_ARGS"))...)
		cli.Main(env, append(args, dir))
	}
}
