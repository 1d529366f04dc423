package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// gitAheadRunning reports whether a goroutine of history.GitAhead is
// left, after waiting a little for one that is returning.
func gitAheadRunning() bool {
	for range 100 {
		buf := make([]byte, 1<<20)
		if !strings.Contains(string(buf[:runtime.Stack(buf, true)]), "history.GitAhead") {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// TestBaseGitAheadEnds: every command that reads a base starts git on it
// as the project is discovered; whether the command then loads the
// history, fails before it (a bad --config or --fail-on, read after
// discovery), or never discovers a project, it says what it said before,
// and no git work outlives it. For the failures, git is a stand-in that
// never answers: the work must be ended, not waited for.
func TestBaseGitAheadEnds(t *testing.T) {
	files := map[string]string{
		"alembic.ini":                   "[alembic]\nscript_location = migrations\n",
		"migrations/env.py":             "from alembic import context\n",
		"migrations/versions/a0_old.py": adoptRev("a0", ""),
	}
	dir := adoptRepo(t, files)
	histWrite(t, dir, map[string]string{"migrations/versions/b1_new.py": adoptRev("b1", "a0", opNotNull)})
	histGit(t, dir, "add", "-A")
	histGit(t, dir, "commit", "-q", "-m", "b1")
	b1 := filepath.Join(dir, "migrations/versions/b1_new.py")
	missing := filepath.Join(dir, "missing.toml")
	hang := t.TempDir()
	histWrite(t, hang, map[string]string{"git": "#!/bin/sh\nexec sleep 60\n"})
	if err := os.Chmod(filepath.Join(hang, "git"), 0o755); err != nil {
		t.Fatal(err)
	}
	path := os.Getenv("PATH")
	for _, tc := range []struct {
		name    string
		hanging bool // git never answers
		args    []string
		code    int
		want    string // in stdout or stderr
	}{
		{"lint", false, []string{"lint", "--base", "HEAD~1", dir}, ExitFindings, "not-null-without-default"},
		{"lint of a file", false, []string{"lint", "--base", "HEAD~1", b1}, ExitFindings, "not-null-without-default"},
		{"check", false, []string{"check", "--replay", "none", "--base", "HEAD~1", dir}, ExitFindings, "not-null-without-default"},
		{"fix", false, []string{"fix", "--diff", "--base", "HEAD~1", dir}, ExitOK, ""},
		{"lint, base not found", false, []string{"lint", "--base", "nope", dir}, ExitUsage, `"nope" is not a commit in this repository`},
		{"lint, bad config", true, []string{"lint", "--base", "HEAD~1", "--config", missing, dir}, ExitUsage, "missing.toml"},
		{"lint of a file, bad config", true, []string{"lint", "--base", "HEAD~1", "--config", missing, b1}, ExitUsage, "missing.toml"},
		{"check, bad config", true, []string{"check", "--replay", "none", "--base", "HEAD~1", "--config", missing, dir}, ExitUsage, "missing.toml"},
		{"replay, bad config", true, []string{"replay", "--plan", "changed", "--base", "HEAD~1", "--config", missing, dir}, ExitUsage, "missing.toml"},
		{"fix, bad config", true, []string{"fix", "--base", "HEAD~1", "--config", missing, dir}, ExitUsage, "missing.toml"},
		{"lint, bad --fail-on", true, []string{"lint", "--base", "HEAD~1", "--fail-on", "bogus", dir}, ExitUsage, "--fail-on"},
		{"lint, not a project", true, []string{"lint", "--base", "HEAD~1", filepath.Join(dir, "nope")}, ExitUsage, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.hanging {
				t.Setenv("PATH", hang+string(os.PathListSeparator)+path)
			}
			code, out, errs := run(t, nil, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errs)
			}
			if got := out + errs; !strings.Contains(got, tc.want) {
				t.Errorf("output does not say %q:\n%s", tc.want, got)
			}
			if gitAheadRunning() {
				t.Errorf("the git work on the base outlives the command")
			}
		})
	}
}
