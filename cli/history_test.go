package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// histRun runs retort with an empty environment (so that a CI runner's
// GITHUB_* variables do not leak in) and returns the exit code, stdout and
// stderr.
func histRun(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := Main(e, args)
	return code, out.String(), errb.String()
}

func histGit(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

func histWrite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const histA0 = `revision = "a0"
down_revision = None


def upgrade():
    op.create_index("ix_users_email", "users", ["email"])
`

const histB1 = `revision = "b1"
down_revision = "a0"


def upgrade():
    op.add_column("users", sa.Column("age", sa.Integer()))
`

func TestLintBaseScopeAndSum(t *testing.T) {
	dir := t.TempDir()
	histGit(t, dir, "init", "-q", "-b", "main")
	histWrite(t, dir, map[string]string{
		"alembic.ini":                  "[alembic]\nscript_location = migrations\n",
		"migrations/env.py":            "",
		"migrations/versions/a0.py":    histA0,
		"migrations/versions/b1.py":    histB1,
		"migrations/versions/notes.md": "",
	})
	histGit(t, dir, "add", "-A")
	histGit(t, dir, "commit", "-q", "-m", "base")
	histGit(t, dir, "checkout", "-q", "-b", "feature")
	histWrite(t, dir, map[string]string{
		"migrations/versions/b1.py": strings.Replace(histB1, "sa.Integer()", "sa.BigInteger()", 1),
		"migrations/versions/c2.py": "revision = \"c2\"\ndown_revision = \"b1\"\n\n\ndef upgrade():\n    op.create_index(\"ix_teams_name\", \"teams\", [\"name\"])\n",
	})
	histGit(t, dir, "add", "-A")
	histGit(t, dir, "commit", "-q", "-m", "feature")

	code, out, _ := histRun("lint", "--base", "main", dir)
	if code != ExitFindings || !strings.Contains(out, "[edited-applied-revision]") || !strings.Contains(out, "(operation rules on 2 new or edited since main)") {
		t.Errorf("lint --base main: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "ix_users_email") {
		t.Errorf("a0 is out of scope, yet its operations were checked:\n%s", out)
	}
	if !strings.Contains(out, "ix_teams_name") {
		t.Errorf("c2 is new, yet its operations were not checked:\n%s", out)
	}
	code, out, _ = histRun("lint", "--base", "main", "--all", dir)
	if code != ExitFindings || !strings.Contains(out, "ix_users_email") || strings.Contains(out, "operation rules on") {
		t.Errorf("lint --all: exit %d\n%s", code, out)
	}
	if code, _, errs := histRun("lint", "--applied", "zz99", dir); code != ExitUsage || !strings.Contains(errs, `"zz99"`) {
		t.Errorf("lint --applied zz99: exit %d, %s", code, errs)
	}

	// retort sum, then an edit: caught by lint without any base, and
	// refused by sum unless --force
	histGit(t, dir, "checkout", "-q", "main")
	if code, out, errs := histRun("sum", dir); code != ExitOK || !strings.Contains(out, "2 revisions") {
		t.Fatalf("sum: exit %d: %s %s", code, out, errs)
	}
	histWrite(t, dir, map[string]string{"migrations/versions/b1.py": strings.Replace(histB1, "sa.Integer()", "sa.Text()", 1)})
	if code, out, _ := histRun("lint", dir); code != ExitFindings || !strings.Contains(out, "retort.sum recorded it") {
		t.Errorf("lint after an edit: exit %d\n%s", code, out)
	}
	code, _, errs := histRun("sum", dir)
	if code != ExitFindings || !strings.Contains(errs, "--force") || !strings.Contains(errs, `"b1"`) {
		t.Errorf("sum after an edit: exit %d: %s", code, errs)
	}
	if code, out, errs := histRun("sum", "--force", dir); code != ExitOK || !strings.Contains(out, "1 changed") {
		t.Errorf("sum --force: exit %d: %s %s", code, out, errs)
	}
	if code, out, _ := histRun("lint", dir); strings.Contains(out, "edited-applied-revision") {
		t.Errorf("lint after sum --force: exit %d\n%s", code, out)
	}
}
