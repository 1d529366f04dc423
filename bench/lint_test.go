// Package bench measures retort as a process against the baselines its
// issues name. Run: go test -run XXX -bench . -benchtime 10x ./bench
package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/retortdev/retort/internal/synth"
	"github.com/retortdev/retort/rules"
)

const revisions = 5000

var (
	setupOnce sync.Once
	setupErr  error
	workDir   string
	binary    string
	files     []string
)

// setup generates the history and builds retort once per run.
func setup(b *testing.B) {
	setupOnce.Do(func() {
		workDir, setupErr = os.MkdirTemp("", "retort-bench-")
		if setupErr != nil {
			return
		}
		if _, setupErr = synth.Write(workDir, synth.Options{Revisions: revisions, Seed: 1, MergeEvery: 50}); setupErr != nil {
			return
		}
		files, _ = filepath.Glob(filepath.Join(workDir, "migrations", "versions", "*.py"))
		binary = filepath.Join(workDir, "retort")
		build := exec.Command("go", "build", "-o", binary, "..")
		build.Stderr = os.Stderr
		setupErr = build.Run()
		if setupErr != nil {
			return
		}
		var ids []string
		for _, r := range rules.All {
			ids = append(ids, fmt.Sprintf("%q", r.ID))
		}
		setupErr = os.WriteFile(filepath.Join(workDir, "no-rules.toml"), []byte("disable = ["+strings.Join(ids, ", ")+"]\n"), 0o644)
	})
	if setupErr != nil {
		b.Fatal(setupErr)
	}
}

// run executes one process per iteration and reports its peak memory.
func run(b *testing.B, name string, args ...string) {
	b.Helper()
	var maxRSS int64
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(name, args...)
		cmd.Dir = workDir
		out, err := cmd.CombinedOutput()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				b.Fatalf("%s: %v\n%s", name, err, out)
			}
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > maxRSS {
			maxRSS = ru.Maxrss
		}
	}
	b.ReportMetric(float64(maxRSS)/1024, "peak-MB")
}

func python(b *testing.B) string {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if _, err := exec.LookPath(py); err == nil {
			return py
		}
	}
	b.Skip("no python3")
	return ""
}

// BenchmarkLint5000 lints a synthetic 5,000-revision history and the
// baselines: reading the same files with cat, and parsing them with
// Python's own ast module.
func BenchmarkLint5000(b *testing.B) {
	setup(b)
	b.Run("cat", func(b *testing.B) {
		run(b, "sh", "-c", "cat migrations/versions/*.py > /dev/null")
	})
	b.Run("python-ast", func(b *testing.B) {
		run(b, python(b), "-c", "import ast, glob\nfor f in glob.glob('migrations/versions/*.py'):\n    ast.parse(open(f, 'rb').read(), f)\n")
	})
	b.Run("retort-no-rules", func(b *testing.B) {
		run(b, binary, "lint", "--config", "no-rules.toml", "--format", "json", ".")
	})
	b.Run("retort-all-rules", func(b *testing.B) {
		run(b, binary, "lint", "--format", "json", ".")
	})
	b.Run("retort-sum-baseline", func(b *testing.B) {
		// every revision recorded in retort.sum: each file is hashed, and
		// the operation rules skip them all
		if out, err := exec.Command(binary, "sum", workDir).CombinedOutput(); err != nil {
			b.Fatalf("retort sum: %v\n%s", err, out)
		}
		defer os.Remove(filepath.Join(workDir, "migrations", "retort.sum"))
		run(b, binary, "lint", "--format", "json", ".")
	})
}
