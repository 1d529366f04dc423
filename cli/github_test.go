package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/retortdev/retort/internal/sarifschema"
	"github.com/retortdev/retort/report"
	"github.com/retortdev/retort/rules"
)

// actionSample lays out testdata/action (the base branch, then what the
// pull request adds) in a temporary workspace; with git, main holds the
// base and HEAD the change. It returns the workspace.
func actionSample(t *testing.T, withGit bool) string {
	t.Helper()
	ws := t.TempDir()
	src, _ := filepath.Abs(filepath.Join("..", "testdata", "action"))
	gitc := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Dir = ws
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if err := os.CopyFS(ws, os.DirFS(filepath.Join(src, "main"))); err != nil {
		t.Fatal(err)
	}
	if withGit {
		gitc("init", "-q")
		gitc("add", ".")
		gitc("commit", "-q", "-m", "base")
		gitc("update-ref", "refs/remotes/origin/main", "HEAD")
		gitc("checkout", "-q", "-b", "change")
	}
	// pr/ overlays main/: its files replace those of the base
	pr := filepath.Join(src, "pr")
	err := filepath.WalkDir(pr, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(pr, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(ws, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(ws, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if withGit {
		gitc("add", ".")
		gitc("commit", "-q", "-m", "change")
	}
	return ws
}

func ghEnv(t *testing.T, ws string) map[string]string {
	dir := t.TempDir()
	return map[string]string{
		"GITHUB_ACTIONS":      "true",
		"GITHUB_WORKSPACE":    ws,
		"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary.md"),
		"GITHUB_OUTPUT":       filepath.Join(dir, "output.txt"),
		"GITHUB_BASE_REF":     "main",
		"GITHUB_SERVER_URL":   "https://github.com",
		"GITHUB_REPOSITORY":   "o/r",
		"GITHUB_SHA":          "abc",
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLintInActions: inside Actions lint writes, besides its text, one
// annotation per finding, the step summary, the outputs and the SARIF file.
func TestLintInActions(t *testing.T) {
	ws := actionSample(t, true)
	t.Chdir(ws)
	env := ghEnv(t, ws)
	env["RETORT_SARIF_FILE"] = "out/retort.sarif"
	code, stdout, stderr := run(t, env, "lint")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitFindings, stderr)
	}
	var notes []string
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(line, "::") {
			notes = append(notes, line)
		}
	}
	if !strings.Contains(stdout, "[multiple-heads]") {
		t.Errorf("the text output is missing:\n%s", stdout)
	}
	want := `::error col=1,file=migrations/versions/0002_add_email.py,line=12,title=multiple-heads::revision "0002b2c3d4e5" is one of 2 heads`
	if len(notes) == 0 || !strings.HasPrefix(notes[0], want) {
		t.Errorf("first annotation:\n got %q\nwant prefix %q", first(notes), want)
	}
	if n := strings.Count(stdout, "title=multiple-heads::"); n != 2 {
		t.Errorf("%d multiple-heads annotations, want 2:\n%s", n, stdout)
	}

	out := readFile(t, env["GITHUB_OUTPUT"])
	for _, w := range []string{"heads<<_GitHubActionsFileCommandDelimeter_\n0002b2c3d4e5 0003c3d4e5f6\n", "sarif-file<<_GitHubActionsFileCommandDelimeter_\nout/retort.sarif\n"} {
		if !strings.Contains(out, w) {
			t.Errorf("outputs lack %q:\n%s", w, out)
		}
	}
	if !strings.Contains(out, "errors<<_GitHubActionsFileCommandDelimeter_\n") {
		t.Errorf("no errors output:\n%s", out)
	}

	sum := readFile(t, env["GITHUB_STEP_SUMMARY"])
	for _, w := range []string{
		"### :x: retort: 3 errors, 1 warning, 0 notices in 3 revisions",
		"| :x: error | `multiple-heads` | [migrations/versions/0002_add_email.py:12](https://github.com/o/r/blob/abc/migrations/versions/0002_add_email.py#L12) |",
		"```mermaid",
		// the two revisions the change adds are marked, the base one is not
		"class r1 new", "class r2 new",
	} {
		if !strings.Contains(sum, w) {
			t.Errorf("summary lacks %q:\n%s", w, sum)
		}
	}
	if strings.Contains(sum, "class r0 new") {
		t.Errorf("the base revision is marked new:\n%s", sum)
	}

	validateSARIF(t, readFile(t, filepath.Join(ws, "out", "retort.sarif")))
}

// TestLintOutsideActions: no workflow commands, no files.
func TestLintOutsideActions(t *testing.T) {
	ws := actionSample(t, false)
	t.Chdir(ws)
	env := map[string]string{"RETORT_SARIF_FILE": "x.sarif"}
	_, stdout, stderr := run(t, env, "lint")
	if strings.Contains(stdout+stderr, "::") {
		t.Errorf("workflow commands outside Actions:\n%s%s", stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(ws, "x.sarif")); err == nil {
		t.Error("a SARIF file was written outside Actions")
	}
}

// TestFormatGitHub pins --format github on the sample: one line per finding.
func TestFormatGitHub(t *testing.T) {
	ws := actionSample(t, true)
	t.Chdir(ws)
	code, stdout, stderr := run(t, map[string]string{}, "lint", "--format", "github")
	if code != ExitFindings {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	golden(t, filepath.Join(repoDir(t), "testdata", "action", "lint.github"), stdout)

	// inside Actions the annotations are not written twice
	env := ghEnv(t, ws)
	_, stdout2, stderr2 := run(t, env, "lint", "--format", "github")
	if stdout2 != stdout || strings.Contains(stderr2, "::") {
		t.Errorf("annotations written twice in Actions:\nstdout:\n%s\nstderr:\n%s", stdout2, stderr2)
	}
	if !strings.Contains(readFile(t, env["GITHUB_STEP_SUMMARY"]), "### :x: retort: ") {
		t.Error("no step summary with --format github in Actions")
	}
}

// TestFormatSARIF: --format sarif validates against the SARIF 2.1.0
// schema and describes every rule with its documentation; in Actions the
// annotations go to stderr so that stdout stays valid JSON.
func TestFormatSARIF(t *testing.T) {
	ws := actionSample(t, true)
	t.Chdir(ws)
	code, stdout, stderr := run(t, ghEnv(t, ws), "lint", "--format", "sarif")
	if code != ExitFindings {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	validateSARIF(t, stdout)
	if !strings.Contains(stderr, "::error ") {
		t.Errorf("no annotations on stderr:\n%s", stderr)
	}
	var doc struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID   string `json:"id"`
						Help struct {
							Markdown string `json:"markdown"`
						} `json:"help"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	got := doc.Runs[0].Tool.Driver.Rules
	if len(got) < len(rules.All) {
		t.Fatalf("%d rule entries, want %d", len(got), len(rules.All))
	}
	for i, r := range rules.All {
		if got[i].ID != r.ID || got[i].Help.Markdown != rules.Doc(r.ID) || got[i].Help.Markdown == "" {
			t.Errorf("rule entry %d: %q, want %q with its documentation", i, got[i].ID, r.ID)
		}
	}
	res := doc.Runs[0].Results
	if len(res) == 0 || res[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "migrations/versions/0002_add_email.py" {
		t.Errorf("first result not on migrations/versions/0002_add_email.py: %+v", res)
	}
}

func repoDir(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtimeCaller()
	return filepath.Dir(filepath.Dir(file))
}

func validateSARIF(t *testing.T, doc string) {
	t.Helper()
	if err := sarifschema.Validate([]byte(doc)); err != nil {
		t.Errorf("not SARIF 2.1.0: %v", err)
	}
}

func runtimeCaller() (uintptr, string, int, bool) { return runtime.Caller(0) }

// TestNewRevisionsShallow: in a shallow checkout without a merge base the
// new revisions are still found, against the base branch's tip.
func TestNewRevisionsShallow(t *testing.T) {
	ws := actionSample(t, true)
	clone := filepath.Join(t.TempDir(), "clone")
	for _, args := range [][]string{
		{"clone", "-q", "--depth", "1", "--branch", "change", "file://" + ws, clone},
		{"-C", clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main"},
	} {
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if err := exec.Command("git", "-C", clone, "merge-base", "origin/main", "HEAD").Run(); err == nil {
		t.Skip("this git finds a merge base in a depth-1 clone; nothing to test")
	}
	t.Chdir(clone)
	env := ghEnv(t, clone)
	if code, _, stderr := run(t, env, "lint"); code != ExitFindings {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	sum := readFile(t, env["GITHUB_STEP_SUMMARY"])
	if !strings.Contains(sum, "class r1 new") || !strings.Contains(sum, "class r2 new") || strings.Contains(sum, "class r0 new") {
		t.Errorf("new revisions not marked in a shallow clone:\n%s", sum)
	}
}

// TestLintFilesInActions: lint given files, as the pre-commit hook runs in
// a workflow, writes annotations and outputs like lint of the project.
func TestLintFilesInActions(t *testing.T) {
	ws := actionSample(t, true)
	t.Chdir(ws)
	env := ghEnv(t, ws)
	code, stdout, stderr := run(t, env, "lint", "migrations/versions/0002_add_email.py")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitFindings, stderr)
	}
	want := `::error col=1,file=migrations/versions/0002_add_email.py,line=12,title=multiple-heads::`
	if !strings.Contains(stdout, want) {
		t.Errorf("no annotation %q:\n%s", want, stdout)
	}
	if out := readFile(t, env["GITHUB_OUTPUT"]); !strings.Contains(out, "heads<<_GitHubActionsFileCommandDelimeter_\n0002b2c3d4e5 0003c3d4e5f6\n") {
		t.Errorf("no heads output:\n%s", out)
	}
}

// TestHelpURIFilesExist: every rule of rules.All gets a SARIF helpUri, and
// the file it names exists in this repository (the URI resolved back to a
// path from the repository root).
func TestHelpURIFilesExist(t *testing.T) {
	var buf bytes.Buffer
	e := &Env{Stdout: &buf, Stderr: &buf, Getenv: func(k string) string {
		if k == "GITHUB_WORKSPACE" {
			return "/ws"
		}
		return ""
	}}
	if err := writeSARIF(e, &buf, &report.Result{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("bad SARIF (%v):\n%s", err, buf.String())
	}
	uris := map[string]string{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		uris[r.ID] = r.HelpURI
	}
	const repoURL = "https://github.com/retortdev/retort/blob/main/"
	for _, r := range rules.All {
		uri := uris[r.ID]
		if !strings.HasPrefix(uri, repoURL) {
			t.Errorf("%s: helpUri %q is not a file of %s", r.ID, uri, repoURL)
			continue
		}
		rel := strings.TrimPrefix(uri, repoURL)
		if _, err := os.Stat(filepath.Join("..", filepath.FromSlash(rel))); err != nil {
			t.Errorf("%s: helpUri names %s, which does not exist", r.ID, rel)
		}
	}
}
