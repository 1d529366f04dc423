package report

import (
	"bytes"
	"flag"
	"fmt"
	"github.com/retortdev/retort/internal/goldenfile"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sethvargo/go-githubactions"

	"github.com/retortdev/retort/lint"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/revision"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got, *update, "./report")
}

func rev(path, id, parent, msg string) *revision.File {
	down := "None"
	if parent != "" {
		down = `"` + parent + `"`
	}
	src := `"""` + msg + "\n\nRevision ID: " + id + "\n\"\"\"\nrevision = \"" + id + "\"\ndown_revision = " + down + "\n"
	return revision.Parse(path, []byte(src))
}

// sample is a project with two heads, as the workspace /ws sees it.
func sample() *Result {
	files := []*revision.File{
		rev("migrations/versions/a0_init.py", "a0", "", "init"),
		rev("migrations/versions/b1_users.py", "b1", "a0", "add users"),
		rev("migrations/versions/c1_email.py", "c1", "a0", "add email | phone"),
	}
	g := revision.NewGraph(files)
	lines := map[string]string{
		"migrations/versions/b1_users.py:5": `down_revision = "a0"`,
		"migrations/versions/c1_email.py:5": `down_revision = "a0"`,
		"migrations/versions/c1_email.py:9": `    op.add_column("users", sa.Column("email", sa.String(), nullable=False))`,
	}
	return &Result{
		Diagnostics: []lint.Diagnostic{
			{Rule: "multiple-heads", Severity: lint.Error, Path: "migrations/versions/b1_users.py", Line: 5, Column: 17, Revision: "b1",
				Message: `revision "b1" is one of 2 heads ("b1", "c1"); "alembic upgrade head" fails until they are merged`,
				Hint:    `alembic merge -m "merge heads" b1 c1`},
			{Rule: "multiple-heads", Severity: lint.Error, Path: "migrations/versions/c1_email.py", Line: 5, Column: 17, Revision: "c1",
				Message: `revision "c1" is one of 2 heads ("b1", "c1"); "alembic upgrade head" fails until they are merged`,
				Hint:    `alembic merge -m "merge heads" b1 c1`},
			{Rule: "not-null-without-default", Severity: lint.Warning, Path: "migrations/versions/c1_email.py", Line: 9, Column: 5, Revision: "c1",
				Message: `adding NOT NULL column "email" to "users" without a server_default fails on a table that has rows`,
				Hint:    "add it nullable, backfill, then set NOT NULL"},
			{Rule: "header-mismatch", Severity: lint.Notice, Path: "migrations/versions/a0_init.py", Revision: "a0",
				Message: "a notice about the whole file, with 100% odd: characters, <b> and\na second line"},
			{Rule: "roundtrip-drift", Severity: lint.Error, Path: "",
				Message: `index "ix_users_email" still exists after downgrade to "a0"`},
		},
		Revisions: 3,
		Scope:     &Scope{Basis: "base", Ref: "origin/main", Revisions: 1},
		Dialect:   &Dialect{Name: "postgresql", From: "alembic.ini sqlalchemy.url"},
		Heads:     g.Heads,
		Source:    func(p string, l int) string { return lines[fmt.Sprintf("%s:%d", p, l)] },
		Graph:     g,
		New:       []string{"c1"},
		Steps: []replay.Step{
			{Phase: "upgrade", Action: "upgrade", Revision: "a0", Seconds: 0.12, OK: true},
			{Phase: "upgrade", Action: "upgrade", Revision: "b1", Seconds: 0.05, OK: true},
			{Phase: "stairway", Action: "downgrade", Revision: "c1", Seconds: 1.5, OK: false},
		},
		Replay: &replay.Summary{Plan: "changed", Provider: "container", DatabaseSeconds: 2.1, Steps: 3, Snapshots: 2,
			PlanSeconds: 1.7, TotalSeconds: 3.9, Completed: true},
	}
}

type ghEnv struct {
	vars map[string]string
}

func newGHEnv(t *testing.T) *ghEnv {
	dir := t.TempDir()
	return &ghEnv{vars: map[string]string{
		"GITHUB_ACTIONS":      "true",
		"GITHUB_WORKSPACE":    "/ws",
		"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary.md"),
		"GITHUB_OUTPUT":       filepath.Join(dir, "output.txt"),
	}}
}

func (g *ghEnv) getenv(k string) string { return g.vars[k] }

func (g *ghEnv) read(t *testing.T, k string) string {
	t.Helper()
	b, err := os.ReadFile(g.vars[k])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGitHub(t *testing.T) {
	env := newGHEnv(t)
	var out bytes.Buffer
	a := githubactions.New(githubactions.WithWriter(&out), githubactions.WithGetenv(env.getenv))
	opt := GitHubOptions{Workspace: "/ws", Dir: "/ws", BlobURL: "https://github.com/o/r/blob/abc123",
		SARIFFile: "retort.sarif", Title: "retort check"}
	if err := GitHub(a, sample(), opt); err != nil {
		t.Fatal(err)
	}
	golden(t, "github/annotations.golden", out.String())
	golden(t, "github/summary.golden.md", env.read(t, "GITHUB_STEP_SUMMARY"))
	golden(t, "github/output.golden", env.read(t, "GITHUB_OUTPUT"))
}

func TestGitHubAnnotationLines(t *testing.T) {
	// the exact lines GitHub parses, independent of the golden file
	var out bytes.Buffer
	a := githubactions.New(githubactions.WithWriter(&out), githubactions.WithGetenv(func(string) string { return "" }))
	GitHubAnnotations(a, sample(), GitHubOptions{Workspace: "/ws", Dir: "/ws/app"})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		`::error col=17,file=app/migrations/versions/b1_users.py,line=5,title=multiple-heads::revision "b1" is one of 2 heads ("b1", "c1"); "alembic upgrade head" fails until they are merged%0Ahint: alembic merge -m "merge heads" b1 c1`,
		`::error col=17,file=app/migrations/versions/c1_email.py,line=5,title=multiple-heads::revision "c1" is one of 2 heads ("b1", "c1"); "alembic upgrade head" fails until they are merged%0Ahint: alembic merge -m "merge heads" b1 c1`,
		`::warning col=5,file=app/migrations/versions/c1_email.py,line=9,title=not-null-without-default::adding NOT NULL column "email" to "users" without a server_default fails on a table that has rows%0Ahint: add it nullable, backfill, then set NOT NULL`,
		`::notice file=app/migrations/versions/a0_init.py,title=header-mismatch::a notice about the whole file, with 100%25 odd: characters, <b> and%0Aa second line`,
		`::error title=roundtrip-drift::index "ix_users_email" still exists after downgrade to "a0"`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, lines[i], want[i])
		}
	}
}

func TestGitHubWithoutFiles(t *testing.T) {
	// outside a runner (no GITHUB_STEP_SUMMARY, GITHUB_OUTPUT) only the
	// annotations are written, and nothing panics
	var out bytes.Buffer
	a := githubactions.New(githubactions.WithWriter(&out), githubactions.WithGetenv(func(string) string { return "" }))
	if err := GitHub(a, sample(), GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 5 {
		t.Errorf("got %d lines, want 5:\n%s", n, out.String())
	}
}

func TestGitHubUnwritableSummary(t *testing.T) {
	var out bytes.Buffer
	env := map[string]string{"GITHUB_STEP_SUMMARY": filepath.Join(t.TempDir(), "missing", "summary.md")}
	a := githubactions.New(githubactions.WithWriter(&out), githubactions.WithGetenv(func(k string) string { return env[k] }))
	if err := GitHub(a, sample(), GitHubOptions{}); err == nil {
		t.Fatal("want an error for a summary file that cannot be written")
	}
}

func TestGitHubPath(t *testing.T) {
	o := GitHubOptions{Workspace: "/github/workspace", Dir: "/github/workspace/svc"}
	for in, want := range map[string]string{
		"migrations/versions/a.py":             "svc/migrations/versions/a.py",
		"/github/workspace/m/a.py":             "m/a.py",
		"/elsewhere/a.py":                      "/elsewhere/a.py",
		"../../../outside.py":                  "../../../outside.py",
		"":                                     "",
		"/github/workspace/../workspace2/a.py": "/github/workspace/../workspace2/a.py",
	} {
		if got := o.Path(in); got != want {
			t.Errorf("Path(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGitHubMask(t *testing.T) {
	var out bytes.Buffer
	a := githubactions.New(githubactions.WithWriter(&out), githubactions.WithGetenv(func(string) string { return "" }))
	GitHubMask(a, "postgresql://app:s3cr%40t@db:5432/app")
	GitHubMask(a, "")
	want := "::add-mask::postgresql://app:s3cr%2540t@db:5432/app\n::add-mask::s3cr@t\n::add-mask::s3cr%2540t\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestGitHubSummaryLimits(t *testing.T) {
	r := sample()
	var steps []replay.Step
	for i := 0; i < 60; i++ {
		steps = append(steps, replay.Step{Action: "upgrade", Revision: "r", Seconds: float64(i), OK: true})
	}
	r.Steps = steps
	s := GitHubSummary(r, GitHubOptions{MaxGraph: 2})
	if !strings.Contains(s, "The 50 slowest of 60 steps.") || !strings.Contains(s, "| upgrade | `r` | 59.00 |") || strings.Contains(s, "| 9.00 |") {
		t.Errorf("steps not limited to the slowest 50:\n%s", s)
	}
	if strings.Contains(s, "```mermaid") || !strings.Contains(s, "Too large to draw") {
		t.Errorf("a graph over MaxGraph is drawn:\n%s", s)
	}
	if strings.Contains(s, "at most 10 annotations") {
		t.Errorf("annotation limit mentioned for 3 errors:\n%s", s)
	}
	for i := 0; i < 8; i++ {
		r.Diagnostics = append(r.Diagnostics, r.Diagnostics[0])
	}
	if s := GitHubSummary(r, GitHubOptions{}); !strings.Contains(s, "> GitHub shows at most 10 annotations of each severity on the files; all 13 findings are listed below.") {
		t.Errorf("no note on GitHub's annotation limit for 11 errors:\n%s", s)
	}
	s = GitHubSummary(r, GitHubOptions{MaxFindings: 4})
	if n := strings.Count(s, "\n| :"); n != 4 || !strings.Contains(s, "and 9 more in the log") || !strings.Contains(s, "the first 4 of all 13 findings are listed below") {
		t.Errorf("findings table not cut at 4 rows (%d rows):\n%s", n, s)
	}
}

// TestStepsAtScale: the steps come slowest first, and past 20 rows the
// table folds into <details>.
func TestStepsAtScale(t *testing.T) {
	var steps []replay.Step
	for i := 0; i < 25; i++ {
		steps = append(steps, replay.Step{Action: "upgrade", Revision: fmt.Sprintf("r%02d", i), Seconds: float64(i%7) + float64(i)/100, OK: true})
	}
	s := GitHubSummary(&Result{Steps: steps}, GitHubOptions{})
	if !strings.Contains(s, "<details><summary>Replay steps: 25 steps, ") || !strings.Contains(s, "| **total** (25 steps) |") {
		t.Errorf("25 steps are not folded:\n%s", s)
	}
	if i, j := strings.Index(s, "`r20`"), strings.Index(s, "`r06`"); i < 0 || j < 0 || i > j {
		t.Errorf("not slowest first (r20 takes 6.20s, r06 6.06s):\n%s", s)
	}
	if strings.Index(s, "</details>") < strings.Index(s, "| **total**") {
		t.Errorf("details closed before the table ends:\n%s", s)
	}
	s = GitHubSummary(&Result{Steps: steps[:20]}, GitHubOptions{})
	if strings.Contains(s, "<details>") {
		t.Errorf("20 steps are folded:\n%s", s)
	}
	if i, j := strings.Index(s, "`r13`"), strings.Index(s, "`r00`"); i < 0 || j < 0 || i > j {
		t.Errorf("not slowest first:\n%s", s)
	}
}

// TestLocks: the statements' locks are summed up per relation and mode,
// strongest first, with the longest statement linked.
func TestLocks(t *testing.T) {
	steps := []replay.Step{
		{Action: "upgrade", Revision: "b1", Seconds: 2, OK: true, StepTrace: replay.StepTrace{Statements: []replay.Statement{
			{Path: "m/versions/b1.py", Line: 12, SQL: "CREATE INDEX ...", Seconds: 0.5, Locks: []replay.Lock{{Relation: "orders", Mode: "ShareLock"}}},
			{Path: "m/versions/b1.py", Line: 14, SQL: "ALTER TABLE orders ALTER price TYPE numeric", Seconds: 1.25,
				Locks: []replay.Lock{{Relation: "orders", Mode: "AccessExclusiveLock"}}, Rewrote: []string{"orders"}},
		}}},
		{Action: "upgrade", Revision: "c1", Seconds: 1, OK: true, StepTrace: replay.StepTrace{Statements: []replay.Statement{
			{Path: "m/versions/c1.py", Line: 9, Seconds: 0.75, Locks: []replay.Lock{{Relation: "orders", Mode: "AccessExclusiveLock"}, {Relation: "users", Mode: "RowExclusiveLock"}}},
		}}},
	}
	s := GitHubSummary(&Result{Steps: steps}, GitHubOptions{BlobURL: "https://github.com/o/r/blob/abc"})
	want := "#### Locks\n\n| Relation | Lock | Statements | Longest | Where |\n|---|---|--:|--:|---|\n" +
		"| `orders` (rewritten) | AccessExclusiveLock | 2 | 1.25s | [m/versions/b1.py:14](https://github.com/o/r/blob/abc/m/versions/b1.py#L14) |\n" +
		"| `orders` | ShareLock | 1 | 0.50s | [m/versions/b1.py:12](https://github.com/o/r/blob/abc/m/versions/b1.py#L12) |\n" +
		"| `users` | RowExclusiveLock | 1 | 0.75s | [m/versions/c1.py:9](https://github.com/o/r/blob/abc/m/versions/c1.py#L9) |\n"
	if !strings.Contains(s, want) {
		t.Errorf("lock summary:\n%s\nwant:\n%s", s, want)
	}
	if s := GitHubSummary(&Result{Steps: steps[:0]}, GitHubOptions{}); strings.Contains(s, "Locks") {
		t.Errorf("a lock section without locks:\n%s", s)
	}
}
