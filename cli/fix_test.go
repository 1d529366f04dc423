package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/fix"
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/revision"
)

func copyFixProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src, _ := filepath.Abs(filepath.Join("..", "testdata", "fix"))
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestFixDiff: --diff prints the unified diff and changes nothing.
func TestFixDiff(t *testing.T) {
	dir := copyFixProject(t)
	before, _ := os.ReadFile(filepath.Join(dir, "versions", "0003_constraints.py"))
	code, out, stderr := run(t, nil, "fix", "--diff", dir)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"--- a/" + filepath.ToSlash(filepath.Join(dir, "versions", "0003_constraints.py")),
		`+        op.execute('ALTER TABLE public.orders VALIDATE CONSTRAINT "Price positive"')`,
		"+    with op.get_context().autocommit_block():\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "8 to fix in 3 files; 3 left for you") {
		t.Errorf("summary: %s", stderr)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "versions", "0003_constraints.py"))
	if string(before) != string(after) {
		t.Error("--diff changed the file")
	}
	// one file only
	code, out, stderr = run(t, nil, "fix", "--diff", filepath.Join(dir, "versions", "0004_columns.py"))
	if code != ExitOK || strings.Contains(out, "0003_constraints") || !strings.Contains(stderr, "2 to fix in 1 files") {
		t.Errorf("one file: exit %d\n%s%s", code, out, stderr)
	}
}

// TestFixReplayLocal_NeedsPostgresPython fixes the project in place, lints
// it (only the finding under "if" is left) and replays every revision up
// and down on a local PostgreSQL with the real Alembic.
func TestFixReplayLocal_NeedsPostgresPython(t *testing.T) {
	needPostgresPython(t)
	dir := copyFixProject(t)
	code, out, stderr := run(t, nil, "fix", "--all", dir)
	if code != ExitOK || !strings.Contains(out, "8 fixed in 3 files; 3 left for you") {
		t.Fatalf("fix: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = run(t, nil, "lint", "--fail-on", "notice", dir)
	if code != ExitFindings || !strings.Contains(out, "0 errors, 1 warning, 0 notices") || !strings.Contains(out, `"ix_never"`) {
		t.Errorf("lint after fix: exit %d\n%s", code, out)
	}
	code, out, stderr = run(t, nil, "replay", "--db", "local", "--plan", "stairway", dir)
	if code != ExitOK || !strings.Contains(out, "stairway plan completed") {
		t.Errorf("replay after fix: exit %d\n%s%s", code, out, stderr)
	}
}

// needPostgresPython skips a test that replays on a local PostgreSQL with
// the real Alembic when either is missing, and under -short.
func needPostgresPython(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs PostgreSQL binaries and Python; skipped under -short")
	}
	if _, err := replay.FindPostgresBin(); err != nil {
		t.Skipf("needs PostgreSQL binaries: %v", err)
	}
	if _, err := replay.FindPython(context.Background(), "", ""); err != nil {
		t.Skipf("needs python with alembic: %v", err)
	}
}

// TestFixRefusesWithoutHistory: with no --base and no retort.sum every
// revision is in scope, applied ones included, so fix of the project
// refuses without --all; named revision files are fixed, and only they.
func TestFixRefusesWithoutHistory(t *testing.T) {
	dir := copyFixProject(t)
	v3, v4 := filepath.Join(dir, "versions", "0003_constraints.py"), filepath.Join(dir, "versions", "0004_columns.py")
	before3, _ := os.ReadFile(v3)
	before4, _ := os.ReadFile(v4)
	code, _, stderr := run(t, nil, "fix", dir)
	if code != ExitUsage || !strings.Contains(stderr, "no --base and no retort.sum: retort fix would rewrite revisions production may have run") || !strings.Contains(stderr, "--all") {
		t.Errorf("whole project: exit %d\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(v3); string(b) != string(before3) {
		t.Error("the refused fix changed a file")
	}
	if code, _, stderr = run(t, nil, "fix", v4); code != ExitOK {
		t.Fatalf("one named file: exit %d\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(v3); string(b) != string(before3) {
		t.Error("fixing 0004 changed 0003")
	}
	if b, _ := os.ReadFile(v4); string(b) == string(before4) {
		t.Error("0004 was not fixed")
	}
	if err := os.Chmod(v3, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr = run(t, nil, "fix", "--all", dir); code != ExitOK {
		t.Fatalf("--all: exit %d\n%s", code, stderr)
	}
	st, err := os.Stat(v3)
	if b, _ := os.ReadFile(v3); err != nil || string(b) == string(before3) || st.Mode().Perm() != 0o600 {
		t.Errorf("--all: 0003 not fixed in place with its mode (%v, %v)", st.Mode(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "versions", ".*retort*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestFixVerifiesEveryFileBeforeWriting: when a later file fails its
// verification, no file is written.
func TestFixVerifiesEveryFileBeforeWriting(t *testing.T) {
	dir := copyFixProject(t)
	before, _ := os.ReadFile(filepath.Join(dir, "versions", "0003_constraints.py"))
	old := verify
	t.Cleanup(func() { verify = old })
	verify = func(proj *revision.Project, i int, res *fix.Result, opts lint.Options) error {
		if strings.HasSuffix(proj.Files[i].Path, "0004_columns.py") {
			return errors.New("still reported")
		}
		return old(proj, i, res, opts)
	}
	code, _, stderr := run(t, nil, "fix", "--all", dir)
	if code != ExitFailure || !strings.Contains(stderr, "0004_columns.py: still reported; no file was changed") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "versions", "0003_constraints.py")); string(b) != string(before) {
		t.Error("0003 was written although 0004 failed its verification")
	}
}
