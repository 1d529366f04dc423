package replay

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/retortdev/retort/lint"
)

func testdata(t testing.TB, name string) Project {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata", "replay", name))
	if err != nil {
		t.Fatal(err)
	}
	return Project{Root: dir, Config: filepath.Join(dir, "alembic.ini"), ScriptDir: dir}
}

func needPython(t testing.TB) string {
	t.Helper()
	py, err := FindPython(context.Background(), "", "")
	if err != nil {
		t.Skipf("no python with alembic (apt-get install python3-alembic python3-psycopg2): %v", err)
	}
	return py
}

func needLocal(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs PostgreSQL binaries (initdb); skipped under -short")
	}
	if _, err := FindPostgresBin(); err != nil {
		t.Skipf("needs PostgreSQL binaries: %v", err)
	}
}

// want is one expected finding: rule, revision and a piece of the message.
type want struct {
	rule, rev, msg string
	line           int
}

func check(t *testing.T, res *Result, wants []want) {
	t.Helper()
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, fmt.Sprintf("%s:%d:%d: %s: %s [%s] rev=%s hint=%s", d.Path, d.Line, d.Column, d.Severity, d.Message, d.Rule, d.Revision, d.Hint))
	}
	used := make([]bool, len(res.Diagnostics))
	for _, w := range wants {
		found := false
		for i, d := range res.Diagnostics {
			if !used[i] && d.Rule == w.rule && d.Revision == w.rev && strings.Contains(d.Message, w.msg) && (w.line == 0 || w.line == d.Line) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing finding %+v", w)
		}
	}
	for i, u := range used {
		if !u {
			t.Errorf("unexpected finding %s", got[i])
		}
	}
	if t.Failed() {
		t.Logf("findings:\n%s", strings.Join(got, "\n"))
	}
	for _, d := range res.Diagnostics {
		if d.Hint == "" || strings.HasSuffix(d.Message, ".") || d.Message[:1] != strings.ToLower(d.Message[:1]) {
			t.Errorf("diagnostic breaks the message conventions: %+v", d)
		}
	}
}

// cases are the sample project and its variants, with what each plan finds.
var cases = []struct {
	project  string
	full     []want
	stairway []want
}{
	{project: "sample"},
	{
		project: "forgets-index",
		// the index goes with its table at base: only stairway can see it
		stairway: []want{{RuleDowngradeNotInverse, "0014f1a2b3c4", `index "ix_posts_title" on "posts" still exists after downgrade to "0013a3b4c5d6"`, 21}},
	},
	{
		project:  "forgets-enum",
		full:     []want{{RuleDowngradeNotInverse, "0014e1a2b3c4", `type "priority" still exists after downgrade to base`, 22}},
		stairway: []want{{RuleDowngradeNotInverse, "0014e1a2b3c4", `type "priority" still exists after downgrade to "0013a3b4c5d6"`, 22}},
	},
	{
		project:  "bad-sql",
		full:     []want{{RuleUpgradeFailed, "0014b1a2b3c4", `upgrade of "0014b1a2b3c4" fails: syntax error at or near "TABL"`, 19}},
		stairway: []want{{RuleUpgradeFailed, "0014b1a2b3c4", `upgrade of "0014b1a2b3c4" fails: syntax error at or near "TABL"`, 19}},
	},
	{
		project:  "env-raises",
		full:     []want{{RuleUpgradeFailed, "", `env.py fails before any migration runs: RuntimeError: SETTINGS_MODULE is not configured`, 8}},
		stairway: []want{{RuleUpgradeFailed, "", `env.py fails before any migration runs: RuntimeError: SETTINGS_MODULE is not configured`, 8}},
	},
}

func runCases(t *testing.T, provider func() Provider, plans ...string) {
	py := needPython(t)
	for _, tc := range cases {
		for _, plan := range plans {
			t.Run(tc.project+"/"+plan, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				defer cancel()
				res, err := Run(ctx, Config{Provider: provider(), Python: py, Project: testdata(t, tc.project), Plan: plan, StepTimeout: time.Minute})
				if err != nil {
					t.Fatalf("replay: %v", err)
				}
				wants := tc.full
				if plan != "full" {
					wants = tc.stairway
				}
				check(t, res, wants)
				if len(wants) == 0 && !res.Summary.Completed {
					t.Errorf("plan did not complete: %+v", res.Summary)
				}
				t.Logf("%s %s: %d steps, %d snapshots, db %.2fs, plan %.2fs, total %.2fs", tc.project, plan,
					res.Summary.Steps, res.Summary.Snapshots, res.Summary.DatabaseSeconds, res.Summary.PlanSeconds, res.Summary.TotalSeconds)
			})
		}
	}
}

func TestReplayLocal(t *testing.T) {
	needLocal(t)
	runCases(t, func() Provider { return &Local{} }, "full", "stairway")
}

var _ = lint.Error
var _ = os.Getenv
