package history_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/revision"
	"github.com/retortdev/retort/rules"
)

// These tests build real git repositories: a bare "origin", clones that
// work on branches, shallow clones, and the merge commit GitHub checks out
// for a pull request.

func gitEnv() []string {
	return append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_TERMINAL_PROMPT=0")
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("git %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(out.String())
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func commit(t *testing.T, dir, msg string, files map[string]string) {
	t.Helper()
	write(t, dir, files)
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", msg)
}

// rev is a revision file in Alembic's classic template.
func rev(id, down, body string) string {
	d := "None"
	if down != "" {
		d = "'" + down + "'"
	}
	return fmt.Sprintf(`"""%s

Revision ID: %s
Revises: %s
"""
from alembic import op
import sqlalchemy as sa

revision = '%s'
down_revision = %s
branch_labels = None
depends_on = None


def upgrade():
    %s


def downgrade():
    pass
`, id, id, down, id, d, body)
}

// blackened is rev after black and ruff: double quotes, an exploded call
// with a trailing comma, sorted imports, a comment, a longer docstring.
func blackened(id, down, table string) string {
	return fmt.Sprintf(`"""%s: create the %s table.

Revision ID: %s
Revises: %s
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "%s"
down_revision = %s
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "%s",
        sa.Column("id", sa.Integer(), primary_key=True),
    )


def downgrade():
    """Nothing to undo here."""
    pass
`, id, table, id, down, id, map[bool]string{true: "None", false: `"` + down + `"`}[down == ""], table)
}

func createTable(table string) string {
	return "op.create_table('" + table + "', sa.Column('id', sa.Integer(), primary_key=True))"
}

const versions = "migrations/versions/"

// newOrigin makes a bare origin whose main has a0 and b1, and a clone of it.
func newOrigin(t *testing.T) (origin, work string) {
	t.Helper()
	root := t.TempDir()
	origin, work = filepath.Join(root, "origin.git"), filepath.Join(root, "work")
	git(t, root, "init", "-q", "--bare", "-b", "main", origin)
	git(t, root, "init", "-q", "-b", "main", work)
	git(t, work, "remote", "add", "origin", origin)
	commit(t, work, "a0 and b1", map[string]string{
		"alembic.ini":            "[alembic]\nscript_location = migrations\n",
		"migrations/env.py":      "",
		versions + "a0_users.py": rev("a0", "", createTable("users")),
		versions + "b1_teams.py": rev("b1", "a0", createTable("teams")),
	})
	git(t, work, "push", "-q", "origin", "main")
	git(t, work, "fetch", "-q", "origin")
	return origin, work
}

func clone(t *testing.T, origin string, args ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "clone")
	git(t, filepath.Dir(dir), append(append([]string{"clone", "-q"}, args...), "file://"+origin, dir)...)
	return dir
}

type result struct {
	h     *history.History
	diags []lint.Diagnostic
	log   string
	proj  *revision.Project
}

// check loads the project in dir and runs the history rules. As lint
// does, it has git work on the base while the files load (GitAhead).
func check(t *testing.T, dir string, opt history.Options) result {
	t.Helper()
	var log bytes.Buffer
	opt.Log = &log
	if opt.Getenv == nil {
		opt.Getenv = func(string) string { return "" }
	}
	proj, err := revision.LoadWith(filepath.Join(dir, "alembic.ini"), revision.LoadOptions{
		Discovered: func(p *revision.Project) { opt.Ahead = history.GitAhead(p, opt) },
	})
	defer opt.Ahead.Stop()
	if err != nil {
		t.Fatal(err)
	}
	h, err := history.Load(proj, opt)
	if err != nil {
		t.Fatal(err)
	}
	diags := lint.Run(proj, []*lint.Rule{rules.EditedAppliedRevision, rules.DeletedAppliedRevision, rules.DivergedFromBase},
		lint.Options{History: h, InScope: history.Scope(proj, h)})
	return result{h, diags, log.String(), proj}
}

// short renders findings as "rule file:line", sorted.
func (r result) short() string {
	var out []string
	for _, d := range r.diags {
		out = append(out, fmt.Sprintf("%s %s:%d", d.Rule, filepath.Base(d.Path), d.Line))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func (r result) inScope() []string {
	scope := history.Scope(r.proj, r.h)
	var out []string
	for _, f := range r.proj.Files {
		if scope == nil || scope(f) {
			out = append(out, f.Revision)
		}
	}
	return out
}

func actions(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// pullRequestMerge merges branch into origin/main in work as GitHub does
// for a pull request, pushes the merge commit to refs/pull/1/merge, and
// returns a checkout of that commit alone, as actions/checkout makes, and
// the environment of the workflow.
func pullRequestMerge(t *testing.T, origin, work, branch string) (string, func(string) string) {
	t.Helper()
	git(t, work, "checkout", "-q", "--detach", "origin/main")
	git(t, work, "merge", "-q", "--no-ff", "-m", "Merge "+branch+" into main", branch)
	git(t, work, "push", "-q", "origin", "HEAD:refs/pull/1/merge")
	mergeSHA := git(t, work, "rev-parse", "HEAD")
	ci := filepath.Join(t.TempDir(), "ci")
	git(t, filepath.Dir(ci), "init", "-q", ci)
	git(t, ci, "remote", "add", "origin", "file://"+origin)
	git(t, ci, "fetch", "-q", "--no-tags", "--depth=1", "origin", "+refs/pull/1/merge:refs/remotes/pull/1/merge")
	git(t, ci, "checkout", "-q", "--detach", "refs/remotes/pull/1/merge")
	return ci, actions(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "main", "GITHUB_SHA": mergeSHA})
}

func TestFeatureBranch(t *testing.T) {
	_, work := newOrigin(t)
	git(t, work, "checkout", "-q", "-b", "feature")
	commit(t, work, "feature", map[string]string{
		versions + "a0_users.py": blackened("a0", "", "users"),           // reformat only
		versions + "b1_teams.py": rev("b1", "a0", createTable("squads")), // an edit
		versions + "c2_posts.py": rev("c2", "b1", createTable("posts")),  // new
		versions + "notes.txt":   "not a revision",                       // ignored
		"README.md":              "# docs\n",                             // outside
	})
	r := check(t, work, history.Options{Base: "origin/main"})
	if got, want := r.short(), "edited-applied-revision b1_teams.py:16"; got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	for _, d := range r.diags {
		if !strings.Contains(d.Message, "upgrade() changed") || !strings.Contains(d.Message, "origin/main") {
			t.Errorf("message does not say what changed where: %s", d.Message)
		}
	}
	if got := strings.Join(r.h.Added, " "); got != "c2" {
		t.Errorf("added = %q, want c2", got)
	}
	if got := strings.Join(r.h.Edited, " "); got != "b1" {
		t.Errorf("edited = %q, want b1", got)
	}
	if got := strings.Join(r.inScope(), " "); got != "b1 c2" {
		t.Errorf("in scope = %q, want b1 c2", got)
	}
	if r.log != "" {
		t.Errorf("a full clone needed no fetch, but: %s", r.log)
	}

	// the edit is in the working tree only: it counts too (pre-commit)
	write(t, work, map[string]string{versions + "a0_users.py": rev("a0", "", createTable("people"))})
	r = check(t, work, history.Options{Base: "origin/main"})
	if got := r.short(); !strings.Contains(got, "edited-applied-revision a0_users.py:16") {
		t.Errorf("an uncommitted edit is not found:\n%s", got)
	}
}

func TestRenameAndDelete(t *testing.T) {
	_, work := newOrigin(t)
	commit(t, work, "c2", map[string]string{versions + "c2_posts.py": rev("c2", "b1", createTable("posts"))})
	git(t, work, "push", "-q", "origin", "main")
	git(t, work, "fetch", "-q", "origin")
	git(t, work, "checkout", "-q", "-b", "feature")
	git(t, work, "mv", versions+"b1_teams.py", versions+"2024_01_02_b1_teams.py")
	git(t, work, "rm", "-q", versions+"c2_posts.py")
	git(t, work, "commit", "-q", "-m", "rename b1, delete c2")
	r := check(t, work, history.Options{Base: "origin/main"})
	if got, want := r.short(), "deleted-applied-revision c2_posts.py:0"; got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	if got := r.inScope(); len(got) != 0 {
		t.Errorf("a rename puts %v in scope", got)
	}

	// deleting b1 too: c2's parent is gone; the finding moves to the file
	// that still names it when there is one
	git(t, work, "checkout", "-q", "main")
	git(t, work, "checkout", "-q", "-b", "squash")
	git(t, work, "rm", "-q", versions+"b1_teams.py")
	commit(t, work, "drop b1", map[string]string{versions + "c2_posts.py": strings.Replace(rev("c2", "a0", createTable("posts")), "Revises: a0", "Revises: b1", 1)})
	r = check(t, work, history.Options{Base: "origin/main"})
	got := r.short()
	if !strings.Contains(got, "deleted-applied-revision b1_teams.py:0") || !strings.Contains(got, "edited-applied-revision c2_posts.py:10") {
		t.Errorf("findings:\n%s", got)
	}
}

func TestShallowCloneFetchesBase(t *testing.T) {
	origin, work := newOrigin(t)
	git(t, work, "checkout", "-q", "-b", "feature")
	commit(t, work, "edit b1", map[string]string{versions + "b1_teams.py": rev("b1", "a0", createTable("squads"))})
	commit(t, work, "c2", map[string]string{versions + "c2_posts.py": rev("c2", "b1", createTable("posts"))})
	git(t, work, "push", "-q", "origin", "feature")

	shallow := clone(t, origin, "--depth=1", "--branch", "feature")
	has := exec.Command("git", "rev-parse", "--verify", "--quiet", "origin/main^{commit}")
	has.Dir = shallow
	if has.Run() == nil {
		t.Fatalf("the shallow clone already has origin/main")
	}
	env := actions(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "main", "GITHUB_SHA": "0000"})
	r := check(t, shallow, history.Options{Getenv: env})
	if got, want := r.short(), "edited-applied-revision b1_teams.py:16"; got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(r.log, "fetching it (git fetch --no-tags --depth=1 origin") || !strings.Contains(r.log, "more commits") {
		t.Errorf("the fetches were not announced: %q", r.log)
	}
	t.Log(r.log)
	if got := strings.Join(r.h.Added, " "); got != "c2" {
		t.Errorf("added = %q, want c2 (the merge base was not found: %s)", got, r.log)
	}
}

func TestTwoFeatureBranches(t *testing.T) {
	origin, work := newOrigin(t)
	git(t, work, "checkout", "-q", "-b", "feature-a")
	commit(t, work, "c2", map[string]string{versions + "c2_posts.py": rev("c2", "b1", createTable("posts"))})
	git(t, work, "push", "-q", "origin", "feature-a")
	git(t, work, "checkout", "-q", "-b", "feature-b", "main")
	commit(t, work, "d2", map[string]string{versions + "d2_tags.py": rev("d2", "b1", createTable("tags"))})
	git(t, work, "push", "-q", "origin", "feature-b")

	for _, branch := range []string{"feature-a", "feature-b"} {
		git(t, work, "checkout", "-q", branch)
		if got := check(t, work, history.Options{Base: "origin/main"}).short(); got != "" {
			t.Errorf("%s alone: %s", branch, got)
		}
	}

	// feature-a is merged; feature-b, checked against the new base, would
	// make a second head
	git(t, work, "push", "-q", "origin", "feature-a:main")
	git(t, work, "fetch", "-q", "origin")
	git(t, work, "checkout", "-q", "feature-b")
	r := check(t, work, history.Options{Base: "origin/main"})
	if got, want := r.short(), "diverged-from-base d2_tags.py:10"; got != want {
		t.Fatalf("findings:\n%s\nwant:\n%s", got, want)
	}
	d := r.diags[0]
	if !strings.Contains(d.Hint, `down_revision = "c2"`) || !strings.Contains(d.Message, `"b1"`) {
		t.Errorf("the finding does not name the fix: %s / %s", d.Message, d.Hint)
	}
	if got := strings.Join(r.inScope(), " "); got != "d2" {
		t.Errorf("in scope = %q, want d2", got)
	}

	// the fix: follow the new head
	commit(t, work, "rebase d2", map[string]string{versions + "d2_tags.py": rev("d2", "c2", createTable("tags"))})
	if got := check(t, work, history.Options{Base: "origin/main"}).short(); got != "" {
		t.Errorf("after the fix: %s", got)
	}

	// the merge commit GitHub checks out for feature-b's pull request: its
	// first parent is the base tip; a depth=1 fetch of it has no parents
	git(t, work, "checkout", "-q", "feature-b~1")
	git(t, work, "checkout", "-q", "-b", "pr-head")
	ci, env := pullRequestMerge(t, origin, work, "pr-head")
	r = check(t, ci, history.Options{Getenv: env})
	if got, want := r.short(), "diverged-from-base d2_tags.py:10"; got != want {
		t.Errorf("merge commit findings:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(r.log, "first parent") {
		t.Errorf("the first parent was not fetched: %q", r.log)
	}
	if got := strings.Join(r.h.Added, " "); got != "d2" {
		t.Errorf("added = %q, want d2", got)
	}
}

func TestAppliedLimitsEdits(t *testing.T) {
	_, work := newOrigin(t)
	git(t, work, "checkout", "-q", "-b", "feature")
	commit(t, work, "edit both", map[string]string{
		versions + "a0_users.py": rev("a0", "", createTable("people")),
		versions + "b1_teams.py": rev("b1", "a0", createTable("squads")),
	})
	r := check(t, work, history.Options{Base: "origin/main", Applied: "a0"})
	if got, want := r.short(), "edited-applied-revision a0_users.py:16"; got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	proj, _ := revision.Load(filepath.Join(work, "alembic.ini"))
	if _, err := history.Load(proj, history.Options{Applied: "zz99"}); err == nil || !strings.Contains(err.Error(), `"zz99"`) {
		t.Errorf("an unknown --applied revision: %v", err)
	}
}

// TestBaseUnavailable: a base that cannot be read is an error naming the
// ref and git's reason, never a history without it (which would change
// which revisions are checked).
func TestBaseUnavailable(t *testing.T) {
	origin, work := newOrigin(t)
	shallow := clone(t, origin, "--depth=1")
	notGit := t.TempDir()
	write(t, notGit, map[string]string{
		"alembic.ini":            "[alembic]\nscript_location = migrations\n",
		"migrations/env.py":      "",
		versions + "a0_users.py": rev("a0", "", createTable("users")),
	})
	pr := func(k string) string {
		return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "nope"}[k]
	}
	for _, tc := range []struct {
		name, dir string
		opt       history.Options
		want      []string
	}{
		{"unknown remote branch", work, history.Options{Base: "origin/nope"}, []string{`--base "origin/nope"`, "not a commit in this repository (run: git fetch origin nope)"}},
		{"fetched in a shallow clone, and missing", shallow, history.Options{Base: "origin/nope"}, []string{`--base "origin/nope"`, "git fetch: fatal: couldn't find remote ref"}},
		{"unknown local ref", work, history.Options{Base: "nope"}, []string{`--base "nope"`, "not a commit"}},
		{"the pull request's base", work, history.Options{Getenv: pr}, []string{`base "origin/nope" (origin/$GITHUB_BASE_REF)`}},
		{"not a git repository", notGit, history.Options{Base: "origin/main"}, []string{`--base "origin/main"`, "not in a git work tree"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proj, err := revision.Load(filepath.Join(tc.dir, "alembic.ini"))
			if err != nil {
				t.Fatal(err)
			}
			if tc.opt.Getenv == nil {
				tc.opt.Getenv = func(string) string { return "" }
			}
			h, err := history.Load(proj, tc.opt)
			var be *history.BaseError
			if !errors.As(err, &be) || h != nil {
				t.Fatalf("want a *BaseError and no history, got %v, %v", h, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
		})
	}
	// and nothing at all when no base was asked for
	if r := check(t, notGit, history.Options{}); r.h != nil || len(r.diags) != 0 {
		t.Errorf("no base, no sum: history %v, findings %v", r.h, r.diags)
	}
}
