package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/retortdev/retort/replay"
)

var traced = []replay.Step{
	{Action: "upgrade", Revision: "b1", OK: true, StepTrace: replay.StepTrace{LockTimeout: "2s", StatementTimeout: "0", Statements: []replay.Statement{
		{Path: "m/versions/b1.py", Line: 12, SQL: "SET lock_timeout = '2s'"},
		{Path: "m/versions/b1.py", Line: 14, SQL: "ALTER TABLE orders ALTER price TYPE numeric",
			Locks: []replay.Lock{{Relation: "orders", Mode: "ACCESS EXCLUSIVE"}}, Rewrote: []string{"orders", "orders_pkey"}},
	}}},
	{Action: "downgrade", Revision: "b1", OK: true, StepTrace: replay.StepTrace{Statements: []replay.Statement{
		{Path: "m/versions/b1.py", Line: 20, Locks: []replay.Lock{{Relation: "orders", Mode: "ACCESS EXCLUSIVE"}}},
	}}},
	{Action: "upgrade", Revision: "c1", OK: true, StepTrace: replay.StepTrace{LockTimeout: "0", StatementTimeout: "0", Statements: []replay.Statement{
		{Path: "m/versions/c1.py", Line: 9, Locks: []replay.Lock{{Relation: "users", Mode: "ROW EXCLUSIVE"}, {Relation: "users", Mode: "SHARE"}}},
	}}},
}

// TestRevisionLocks: the step summary lists, per revision, its ACCESS
// EXCLUSIVE locks and rewrites with the timeouts in force; downgrades and
// weaker locks are left out.
func TestRevisionLocks(t *testing.T) {
	s := GitHubSummary(&Result{Steps: traced}, GitHubOptions{BlobURL: "https://github.com/o/r/blob/abc"})
	want := "#### ACCESS EXCLUSIVE locks and rewrites per revision\n\n" +
		"| Revision | Relation | Lock | Rewrite | Where | lock_timeout / statement_timeout |\n|---|---|---|---|---|---|\n" +
		"| `b1` | `orders` | ACCESS EXCLUSIVE | rewritten | [m/versions/b1.py:14](https://github.com/o/r/blob/abc/m/versions/b1.py#L14) | 2s / 0 |\n" +
		"| `b1` | `orders_pkey` |  | rewritten | [m/versions/b1.py:14](https://github.com/o/r/blob/abc/m/versions/b1.py#L14) | 2s / 0 |\n\n"
	if !strings.Contains(s, want) {
		t.Errorf("summary:\n%s\nwant:\n%s", s, want)
	}
	if _, section, _ := strings.Cut(s, "per revision"); strings.Contains(section, "| `c1` |") {
		t.Errorf("a revision without ACCESS EXCLUSIVE locks or rewrites is listed:\n%s", s)
	}
}

// TestLockSummary: the text output names, per upgraded revision, the
// strongest lock on each relation, the rewrites and the timeouts.
func TestLockSummary(t *testing.T) {
	var b bytes.Buffer
	if err := LockSummary(&b, traced); err != nil {
		t.Fatal(err)
	}
	want := "locks per revision (taken by its upgrade, strongest first):\n" +
		"  b1: 2 statements, lock_timeout 2s, statement_timeout 0\n" +
		"    ACCESS EXCLUSIVE   orders (line 14, rewritten)\n" +
		"  c1: 1 statements, lock_timeout 0, statement_timeout 0\n" +
		"    SHARE              users (line 9)\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	LockSummary(&b, nil)
	if b.Len() != 0 {
		t.Errorf("a summary without a trace: %q", b.String())
	}
}
