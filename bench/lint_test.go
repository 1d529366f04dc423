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
	"time"

	"github.com/retortdev/retort/internal/synth"
	"github.com/retortdev/retort/rules"
)

const revisions = 5000

var (
	setupOnce sync.Once
	setupErr  error
	workDir   string // the 5,000-revision history, for the benchmarks that take one
	binary    string
	files     []string
	histories = map[int]string{} // synthetic histories by size
	histMu    sync.Mutex
)

// TestMain removes what setup wrote (histories of up to 50,000 files and
// their git repositories) when the benchmarks end.
func TestMain(m *testing.M) {
	code := m.Run()
	if binary != "" {
		os.RemoveAll(filepath.Dir(binary))
	}
	os.Exit(code)
}

// setup generates the 5,000-revision history and builds retort once per
// run.
func setup(b *testing.B) {
	setupOnce.Do(func() {
		var base string
		base, setupErr = os.MkdirTemp("", "retort-bench-")
		if setupErr != nil {
			return
		}
		binary = filepath.Join(base, "retort")
		build := exec.Command("go", "build", "-o", binary, "..")
		build.Stderr = os.Stderr
		if setupErr = build.Run(); setupErr != nil {
			return
		}
		var ids []string
		for _, r := range rules.All {
			ids = append(ids, fmt.Sprintf("%q", r.ID))
		}
		if setupErr = os.WriteFile(filepath.Join(base, "no-rules.toml"), []byte("disable = ["+strings.Join(ids, ", ")+"]\n"), 0o644); setupErr != nil {
			return
		}
		workDir, setupErr = writeHistory(base, revisions)
		files, _ = filepath.Glob(filepath.Join(workDir, "migrations", "versions", "*.py"))
	})
	if setupErr != nil {
		b.Fatal(setupErr)
	}
}

func writeHistory(base string, n int) (string, error) {
	dir := filepath.Join(base, fmt.Sprint(n))
	_, err := synth.Write(dir, synth.Options{Revisions: n, Seed: 1, MergeEvery: 50})
	return dir, err
}

// prRevision is the revision a pull request adds on top of the synthetic
// history's head: a NOT NULL column without a default and an index built
// without CONCURRENTLY, so that the operation rules have work to do.
const prRevision = `"""add a column

Revision ID: ffff00000001
Revises: %s
Create Date: 2026-12-02 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "ffff00000001"
down_revision = "%s"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("t1", sa.Column("x", sa.Integer(), nullable=False))
    op.create_index("ix_t1_x", "t1", ["x"])


def downgrade():
    op.drop_index("ix_t1_x", table_name="t1")
    op.drop_column("t1", "x")
`

// pullRequest writes the synthetic history of n revisions into a git
// repository as its base commit, then commits one more revision on top:
// the pull request that "lint --base HEAD~1" checks, with every earlier
// revision out of scope.
func pullRequest(b *testing.B, n int) string {
	setup(b)
	dir := filepath.Join(filepath.Dir(binary), fmt.Sprintf("pr-%d", n))
	if _, err := os.Stat(dir); err == nil {
		return dir
	}
	ids, err := synth.Write(dir, synth.Options{Revisions: n, Seed: 1, MergeEvery: 50})
	if err != nil {
		b.Fatal(err)
	}
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-c", "user.name=bench", "-c", "user.email=bench@example.com"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-qm", "base")
	head := ids[len(ids)-1]
	pr := filepath.Join(dir, "migrations", "versions", "ffff00000001_add_column.py")
	if err := os.WriteFile(pr, []byte(fmt.Sprintf(prRevision, head, head)), 0o644); err != nil {
		b.Fatal(err)
	}
	git("add", "-A")
	git("commit", "-qm", "pull request")
	return dir
}

// history returns the synthetic history of n revisions, written once per
// run beside the binary.
func history(b *testing.B, n int) string {
	setup(b)
	if n == revisions {
		return workDir
	}
	histMu.Lock()
	defer histMu.Unlock()
	if dir, ok := histories[n]; ok {
		return dir
	}
	dir, err := writeHistory(filepath.Dir(binary), n)
	if err != nil {
		b.Fatal(err)
	}
	histories[n] = dir
	return dir
}

// run executes one process per iteration in the 5,000-revision history.
func run(b *testing.B, name string, args ...string) {
	b.Helper()
	runIn(b, workDir, name, args...)
}

// runIn executes one process per iteration in dir and reports its peak
// memory and the CPU time it used (user and system, summed over its
// threads: steadier than wall time on a shared machine).
func runIn(b *testing.B, dir, name string, args ...string) (peakMB float64) {
	b.Helper()
	var maxRSS int64
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				b.Fatalf("%s: %v\n%s", name, err, out)
			}
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > maxRSS {
			maxRSS = ru.Maxrss
		}
	}
	b.ReportMetric(float64(maxRSS)/1024, "peak-MB")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	return float64(maxRSS) / 1024
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
// Python's own ast module. The cases: no rule enabled, every rule on every
// revision, a retort.sum that records every revision, and a pull request
// of one revision against its git base.
func BenchmarkLint5000(b *testing.B) {
	setup(b)
	b.Run("cat", func(b *testing.B) {
		run(b, "sh", "-c", "find migrations/versions -name '*.py' -exec cat {} + > /dev/null")
	})
	b.Run("python-ast", func(b *testing.B) {
		run(b, python(b), "-c", "import ast, glob\nfor f in glob.glob('migrations/versions/*.py'):\n    ast.parse(open(f, 'rb').read(), f)\n")
	})
	b.Run("retort-no-rules", func(b *testing.B) {
		run(b, binary, "lint", "--config", "../no-rules.toml", "--format", "json", ".")
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
	b.Run("retort-pull-request", func(b *testing.B) {
		// the pull request's one revision in scope, against its git base
		runIn(b, pullRequest(b, revisions), binary, "lint", "--base", "HEAD~1", "--format", "json", ".")
	})
}

// BenchmarkLint50000 is the long history of issue 13: every revision in
// scope, every revision recorded in retort.sum (the operation rules skip
// them all), and a pull request that adds one revision to the history,
// checked against its git base. Python's ast module is the baseline again.
func BenchmarkLint50000(b *testing.B) {
	dir := history(b, 50000)
	b.Run("cat", func(b *testing.B) {
		runIn(b, dir, "sh", "-c", "find migrations/versions -name '*.py' -exec cat {} + > /dev/null")
	})
	b.Run("python-ast", func(b *testing.B) {
		runIn(b, dir, python(b), "-c", "import ast, glob\nfor f in glob.glob('migrations/versions/*.py'):\n    ast.parse(open(f, 'rb').read(), f)\n")
	})
	b.Run("retort-all-rules", func(b *testing.B) {
		runIn(b, dir, binary, "lint", "--format", "json", ".")
	})
	b.Run("retort-sum-baseline", func(b *testing.B) {
		if out, err := exec.Command(binary, "sum", dir).CombinedOutput(); err != nil {
			b.Fatalf("retort sum: %v\n%s", err, out)
		}
		defer os.Remove(filepath.Join(dir, "migrations", "retort.sum"))
		runIn(b, dir, binary, "lint", "--format", "json", ".")
	})
	b.Run("retort-pull-request", func(b *testing.B) {
		runIn(b, pullRequest(b, 50000), binary, "lint", "--base", "HEAD~1", "--format", "json", ".")
	})
}

// BenchmarkLintScaling lints histories of 1,000, 5,000 and 50,000
// revisions with every rule: time, CPU and peak memory per revision should
// stay flat as the history grows.
func BenchmarkLintScaling(b *testing.B) {
	for _, n := range []int{1000, 5000, 50000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := history(b, n)
			start := time.Now()
			peak := runIn(b, dir, binary, "lint", "--format", "json", ".")
			b.ReportMetric(float64(time.Since(start).Microseconds())/float64(b.N)/float64(n), "us/rev")
			b.ReportMetric(peak*1024/float64(n), "peak-KB/rev")
		})
	}
}
