package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/internal/ghapi"
)

// shard is the JSON output of one replay shard.
func shard(t *testing.T, dir, name string, diags string, steps string, seconds float64) string {
	t.Helper()
	doc := fmt.Sprintf(`{"diagnostics": [%s],
  "summary": {"revisions": 7, "heads": ["6f7a8b9c0d1e", "7a8b9c0d1e2f"], "errors": 0, "warnings": 0, "notices": 0,
    "plan": "stairway", "provider": "local", "replayed": 2, "steps": 2, "snapshots": 3, "plan_seconds": %g,
    "total_seconds": %g, "database_start_seconds": 1.5, "completed": true},
  "steps": [%s]}`, diags, seconds, seconds+2, steps)
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const driftFinding = `{"rule": "downgrade-not-inverse", "severity": "error", "path": "testdata/sample/migrations/versions/4d5e6f7a8b9c_order_search.py", "line": 23, "column": 5, "message": "index \"ix_orders_status\" still exists after downgrade to \"2b3c4d5e6f7a\"", "revision": "4d5e6f7a8b9c", "hint": ""}`

// TestReportMerge merges lint's output with two replay shards: findings
// deduplicated, steps and timings combined, in every format.
func TestReportMerge(t *testing.T) {
	chdirRoot(t)
	dir := t.TempDir()
	_, lintOut, _ := run(t, nil, "lint", "--format", "json", "testdata/sample")
	lintFile := filepath.Join(dir, "lint.json")
	os.WriteFile(lintFile, []byte(lintOut), 0o644)
	s1 := shard(t, dir, "s1.json", driftFinding,
		`{"phase": "stairway", "action": "upgrade", "revision": "4d5e6f7a8b9c", "seconds": 0.4, "ok": true,
		  "statements": [{"path": "testdata/sample/migrations/versions/4d5e6f7a8b9c_order_search.py", "line": 23, "sql": "CREATE INDEX", "seconds": 0.3,
		    "locks": [{"relation": "orders", "mode": "ShareLock"}]}]},
		 {"phase": "stairway", "action": "downgrade", "revision": "4d5e6f7a8b9c", "seconds": 0.2, "ok": true}`, 3)
	s2 := shard(t, dir, "s2.json", driftFinding,
		`{"phase": "stairway", "action": "upgrade", "revision": "6f7a8b9c0d1e", "seconds": 0.9, "ok": true},
		 {"phase": "stairway", "action": "downgrade", "revision": "6f7a8b9c0d1e", "seconds": 0.1, "ok": false, "error": "boom"}`, 5)

	code, out, stderr := run(t, nil, "report", "--format", "json", lintFile, s1, s2)
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc struct {
		Diagnostics []struct{ Rule string }
		Summary     map[string]any
		Steps       []struct {
			Revision   string
			Statements []any
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Diagnostics) != 4 {
		t.Errorf("want lint's 3 findings and the drift once, got %+v", doc.Diagnostics)
	}
	s := doc.Summary
	if s["errors"] != 2.0 || s["warnings"] != 1.0 || s["steps"] != 4.0 || s["plan_seconds"] != 8.0 || s["total_seconds"] != 7.0 ||
		s["revisions"] != 7.0 || s["completed"] != true || s["plan"] != "stairway" {
		t.Errorf("summary: %v", s)
	}
	if len(doc.Steps) != 4 || doc.Steps[0].Revision != "4d5e6f7a8b9c" || len(doc.Steps[0].Statements) != 1 {
		t.Errorf("steps: %+v", doc.Steps)
	}

	code, out, _ = run(t, nil, "report", lintFile, s1, s2)
	if code != ExitFindings || !strings.Contains(out, "2 errors, 1 warning, 1 notice in 7 revisions") ||
		!strings.Contains(out, "4d5e6f7a8b9c_order_search.py:23:5: error: index") ||
		!strings.Contains(out, "replay: stairway plan completed on local (database ready in 1.5s): 4 steps, 6 snapshots in 8.0s, 7.0s in all") {
		t.Errorf("text: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, nil, "report", "--format", "sarif", lintFile, s1)
	if code != ExitFindings {
		t.Errorf("sarif: exit %d", code)
	}
	validateSARIF(t, out)
	code, out, _ = run(t, nil, "report", "--format", "github-comment", "--project", "testdata/sample", lintFile, s1, s2)
	if code != ExitFindings {
		t.Errorf("github-comment: exit %d, want %d (the merged findings have errors)", code, ExitFindings)
	}
	for _, want := range []string{"<!-- retort -->\n### :x: retort: 2 errors, 1 warning, 1 notice in 7 revisions", "| `downgrade-not-inverse` |",
		"#### Locks", "| `orders` | ShareLock | 1 | 0.30s |", "```mermaid", "| stairway: upgrade | `6f7a8b9c0d1e` | 0.90 |"} {
		if !strings.Contains(out, want) {
			t.Errorf("github-comment lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := run(t, nil, "report", "--fail-on", "error", lintFile); code != ExitFindings {
		t.Errorf("lint alone has an error: exit %d", code)
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n  \"diagnostics\": [\n    {\"rule\": 3}\n  ]\n}\n"), 0o644)
	if code, _, stderr := run(t, nil, "report", bad); code != ExitUsage || !strings.Contains(stderr, "bad.json:3: not retort's JSON output") {
		t.Errorf("bad input: exit %d, %s", code, stderr)
	}
	os.WriteFile(bad, []byte("{}"), 0o644)
	if code, _, stderr := run(t, nil, "report", bad); code != ExitUsage || !strings.Contains(stderr, "no \"diagnostics\"") {
		t.Errorf("empty object: exit %d, %s", code, stderr)
	}
	if code, _, _ := run(t, nil, "report"); code != ExitUsage {
		t.Errorf("no files: exit %d", code)
	}
	if code, _, _ := run(t, nil, "report", "--post", lintFile); code != ExitUsage {
		t.Errorf("--post without github-comment: exit %d", code)
	}
	// a part of a format's name is no format (it reached a nil writer)
	for _, f := range []string{"son", "t", "", "github-", "text, json"} {
		if code, _, stderr := run(t, nil, "report", "--format", f, lintFile); code != ExitUsage || !strings.Contains(stderr, "unknown --format") {
			t.Errorf("--format %q: exit %d, %s", f, code, stderr)
		}
	}
}

// TestStickyComment posts the comment to a fake GitHub API: created
// once, updated on the next push, left alone when nothing changed,
// marked resolved when no findings remain, never created for a pull
// request without findings.
func TestStickyComment(t *testing.T) {
	chdirRoot(t)
	api := ghapi.NewFake("tok3n")
	defer api.Close()
	// someone else's comment with the marker is never taken over
	const planted = "<!-- retort -->\nplanted"
	api.Add(7, planted)
	for i := 0; i < 120; i++ { // more than one page of other comments
		api.Add(7, fmt.Sprintf("LGTM %d, see <!-- retort --> above", i))
	}
	dir := t.TempDir()
	event := filepath.Join(dir, "event.json")
	os.WriteFile(event, []byte(`{"number": 7, "pull_request": {"number": 7, "head": {"sha": "0123456789abcdef"}}}`), 0o644)
	env := map[string]string{"GITHUB_TOKEN": "tok3n", "GITHUB_REPOSITORY": "o/r", "GITHUB_API_URL": api.URL,
		"GITHUB_EVENT_PATH": event, "GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "42"}
	_, lintOut, _ := run(t, nil, "lint", "--format", "json", "testdata/sample")
	lintFile := filepath.Join(dir, "lint.json")
	os.WriteFile(lintFile, []byte(lintOut), 0o644)
	s1 := shard(t, dir, "s1.json", driftFinding, "", 1)
	clean := shard(t, dir, "clean.json", "", "", 1)

	post := func(files ...string) (int, string) {
		code, _, stderr := run(t, env, append([]string{"report", "--format", "github-comment", "--post", "--project", "testdata/sample"}, files...)...)
		return code, stderr
	}
	ours := func(pr int) []string {
		var out []string
		for _, c := range api.Comments(pr) {
			if strings.HasPrefix(c, "<!-- retort -->") && c != planted {
				out = append(out, c)
			}
		}
		return out
	}
	if _, stderr := post(lintFile); !strings.Contains(stderr, "pull request #7 comment created") {
		t.Fatalf("first push: %s", stderr)
	}
	c := ours(7)
	if len(c) != 1 || !strings.Contains(c[0], "1 error, 1 warning, 1 notice") || !strings.Contains(c[0], "commit 0123456") ||
		!strings.Contains(c[0], "[run 42](https://github.com/o/r/actions/runs/42)") || !strings.Contains(c[0], "```mermaid") {
		t.Fatalf("created comment: %q", c)
	}
	if _, stderr := post(lintFile); !strings.Contains(stderr, "comment unchanged") {
		t.Errorf("same findings: %s", stderr)
	}
	if _, stderr := post(lintFile, s1); !strings.Contains(stderr, "comment updated") {
		t.Errorf("second push: %s", stderr)
	}
	if c := ours(7); len(c) != 1 || !strings.Contains(c[0], "2 errors") {
		t.Errorf("after the update: %d comments: %q", len(c), c)
	}
	if code, stderr := post(clean); code != ExitOK || !strings.Contains(stderr, "comment updated") {
		t.Errorf("fixed push: exit %d %s", code, stderr)
	}
	if c := ours(7); len(c) != 1 || !strings.Contains(c[0], "resolved, no findings remain") || strings.Contains(c[0], "| Severity |") {
		t.Errorf("resolved: %q", c)
	}
	if c := api.Comments(7); len(c) != 122 || c[0] != planted {
		t.Errorf("pull request 7 has %d comments, want the planted one unchanged, 120 and retort's", len(c))
	}

	// a pull request that never had findings gets no comment
	os.WriteFile(event, []byte(`{"number": 8, "pull_request": {"number": 8}}`), 0o644)
	if _, stderr := post(clean); !strings.Contains(stderr, "comment not needed") || len(api.Comments(8)) != 0 {
		t.Errorf("clean pull request: %s, %d comments", stderr, len(api.Comments(8)))
	}
	// a refused token is exit 3 with GitHub's reason
	api.Fail = 403
	if code, stderr := post(lintFile); code != ExitFailure || !strings.Contains(stderr, "403 Forbidden: Resource not accessible by integration") {
		t.Errorf("refused: exit %d %s", code, stderr)
	}
	api.Fail = 0
	env["GITHUB_TOKEN"] = ""
	if code, stderr := post(lintFile); code != ExitFailure || !strings.Contains(stderr, "GITHUB_TOKEN is not set") {
		t.Errorf("no token: exit %d %s", code, stderr)
	}
}

// TestCommentInActions: with RETORT_COMMENT=true (the action's comment
// input) retort lint posts the comment besides the step summary.
func TestCommentInActions(t *testing.T) {
	ws := actionSample(t, true)
	t.Chdir(ws)
	api := ghapi.NewFake("t")
	defer api.Close()
	env := ghEnv(t, ws)
	event := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(event, []byte(`{"number": 3, "pull_request": {"number": 3}}`), 0o644)
	env["GITHUB_EVENT_PATH"], env["GITHUB_API_URL"], env["GITHUB_TOKEN"], env["RETORT_COMMENT"] = event, api.URL, "t", "true"
	code, _, stderr := run(t, env, "lint")
	if code != ExitFindings || !strings.Contains(stderr, "pull request #3 comment created") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if c := api.Comments(3); len(c) != 1 || !strings.Contains(c[0], "`multiple-heads`") || !strings.Contains(c[0], "class r") {
		t.Errorf("comment: %q", c)
	}
	// an API that refuses is a warning, not a failed step
	api.Fail = 403
	if code, _, stderr := run(t, env, "lint"); code != ExitFindings || !strings.Contains(stderr, "::warning title=retort::the pull request comment was not posted") {
		t.Errorf("refused: exit %d\n%s", code, stderr)
	}
}

// TestReportMergeShards merges shards of one replay: their count replaces
// "shard" and "slice", the jumps add up, and a missing or repeated shard
// is said on stderr.
func TestReportMergeShards(t *testing.T) {
	dir := t.TempDir()
	cut := "0badcafe"
	write := func(name, sh string, jump float64) string {
		p := filepath.Join(dir, name)
		doc := fmt.Sprintf(`{"diagnostics": [], "summary": {"plan": "stairway", "provider": "local", "replayed": 2, "steps": 6,
		  "plan_seconds": 4, "total_seconds": 5, "completed": true, "shard": %q, "slice": "a..b", "jump_seconds": %g, "jump_steps": 3, "cut": %q},
		  "steps": [{"phase": "stairway", "action": "upgrade", "revision": %q, "seconds": 0.5, "ok": true}]}`, sh, jump, cut, name)
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	s1, s2, s3 := write("s1", "1/3", 0), write("s2", "2/3", 1.5), write("s3", "3/3", 2.5)
	code, out, stderr := run(t, nil, "report", "--format", "json", s1, s2, s3)
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc struct {
		Summary map[string]any
		Steps   []struct{ Revision string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Summary
	if s["shards"] != 3.0 || s["shard"] != nil || s["slice"] != nil || s["jump_seconds"] != 4.0 || s["jump_steps"] != 9.0 || s["replayed"] != 6.0 || s["total_seconds"] != 5.0 {
		t.Errorf("merged summary %v", s)
	}
	if len(doc.Steps) != 3 || doc.Steps[0].Revision != "s1" || doc.Steps[2].Revision != "s3" {
		t.Errorf("steps in the shards' order: %+v", doc.Steps)
	}
	_, out, stderr = run(t, nil, "report", s1, s3, s3)
	if !strings.Contains(stderr, "shard 2/3 missing") || !strings.Contains(stderr, "shard 3/3 given more than once") {
		t.Errorf("stderr does not name the missing and repeated shards:\n%s", stderr)
	}
	if !strings.Contains(out, "3 shards merged") {
		t.Errorf("text output does not say the shards were merged:\n%s", out)
	}
	cut = "12345678"
	s2 = write("s2", "2/3", 1.5)
	if _, _, stderr = run(t, nil, "report", s1, s2, s3); !strings.Contains(stderr, "the shards cut the revisions differently") {
		t.Errorf("shards that disagree on the cut: stderr\n%s", stderr)
	}
}
