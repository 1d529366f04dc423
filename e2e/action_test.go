// Package e2e runs retort's GitHub Action end to end: a real workflow, run
// by act (nektos/act) on this machine with locally built images, on a
// sample repository whose pull request adds risky migrations.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const (
	actModule   = "github.com/nektos/act@v0.2.89"
	pgImage     = "postgres:15-local" // .ci/setup tags retort-test/postgres:15 so
	sampleDir   = "testdata/action"
	eventPR     = `{"pull_request":{"number":1,"base":{"ref":"main"},"head":{"ref":"change"}}}`
	e2eDeadline = 20 * time.Minute
)

// findAct returns act's path, installing it with go install when it is
// missing (RETORT_E2E_INSTALL_ACT=0 skips instead).
func findAct(t *testing.T, ctx context.Context) string {
	t.Helper()
	if p, err := exec.LookPath("act"); err == nil {
		return p
	}
	gobin := strings.TrimSpace(run(t, ctx, "", nil, "go", "env", "GOBIN"))
	if gobin == "" {
		gobin = filepath.Join(strings.TrimSpace(run(t, ctx, "", nil, "go", "env", "GOPATH")), "bin")
	}
	p := filepath.Join(gobin, "act")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if os.Getenv("RETORT_E2E_INSTALL_ACT") == "0" {
		t.Skip("act is not installed (go install " + actModule + ")")
	}
	t.Logf("installing act: go install %s", actModule)
	if out, err := tryRun(ctx, "", nil, "go", "install", actModule); err != nil {
		t.Skipf("act is not installed and go install %s failed: %v\n%s", actModule, err, tail(out, 20))
	}
	return p
}

// actSetup skips without what act needs (Docker, the local images, git),
// installs act when missing, builds the toolchain image and returns act's
// path and the repository root.
func actSetup(t *testing.T, ctx context.Context) (act, root string) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs Docker and act; skipped with -short")
	}
	if out, err := tryRun(ctx, "", nil, "docker", "info", "--format", "{{.ServerVersion}}"); err != nil {
		t.Skipf("needs a Docker daemon (bash .ci/setup starts one): docker info: %v %s", err, tail(out, 3))
	}
	for _, img := range []string{baseImage, pgImage} {
		if _, err := tryRun(ctx, "", nil, "docker", "image", "inspect", img); err != nil {
			t.Skipf("needs the local image %s (bash .ci/setup builds it)", img)
		}
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	act = findAct(t, ctx)
	root = repoRoot(t)
	goroot := strings.TrimSpace(run(t, ctx, "", nil, "go", "env", "GOROOT"))
	goversion := strings.TrimSpace(run(t, ctx, "", nil, "go", "env", "GOVERSION"))
	ensureImage(t, ctx, goImage, filepath.Join(root, "e2e", "testdata", "images", "go.Dockerfile"), func() string { return goroot }, nil, goversion)
	return act, root
}

// actRun writes workflow (a file of testdata/action, its placeholders
// replaced) into repo, commits it and runs it with act on a pull_request
// event, the job in runner, with act's own flags actArgs added; it returns
// act's output.
func actRun(t *testing.T, ctx context.Context, act, root, repo, workflow, runner string, actArgs []string, placeholders ...string) string {
	t.Helper()
	name := fmt.Sprintf("retort-e2e-%d", time.Now().UnixNano())
	wf, err := os.ReadFile(filepath.Join(root, sampleDir, workflow))
	if err != nil {
		t.Fatal(err)
	}
	repl := append([]string{"WORKFLOW_NAME", name, "POSTGRES_IMAGE", pgImage}, placeholders...)
	wf = []byte(strings.NewReplacer(repl...).Replace(string(wf)))
	writeFile(t, filepath.Join(repo, ".github", "workflows", "e2e.yml"), wf)
	git(t, ctx, repo, "add", ".")
	git(t, ctx, repo, "commit", "-q", "-m", "workflow")
	event := filepath.Join(t.TempDir(), "event.json")
	writeFile(t, event, []byte(eventPR))

	start := time.Now()
	args := append([]string{"pull_request", "-e", event,
		"-P", "ubuntu-latest=" + runner, "--pull=false", "--rebuild=false", "--bind",
		"--container-daemon-socket", "unix:///var/run/docker.sock"}, actArgs...)
	out, err := tryRun(ctx, repo, nil, act, args...)
	wall := time.Since(start)
	if logFile := os.Getenv("RETORT_E2E_LOG"); logFile != "" {
		_ = os.WriteFile(logFile+"."+t.Name(), []byte(out), 0o644)
	}
	if err != nil {
		t.Fatalf("act: %v\n%s", err, tail(out, 80))
	}
	t.Logf("act: whole workflow %.1fs; lint step %s, check step (lint + changed replay) %s",
		wall.Seconds(), stepTime(out, "lint"), stepTime(out, "check"))
	return out
}

// TestDockerActionWithActNeedsDocker builds the Docker action's image from
// the Dockerfile, runs the workflow of testdata/action/workflow.yml
// (uses: ./docker) with act on a pull request that adds two risky
// revisions on the same parent, and checks the annotations, the outputs,
// the step summary, the SARIF file, the log group around the replay, the
// masked database URL, and python-requirements installed into the image's
// Python.
func TestDockerActionWithActNeedsDocker(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), e2eDeadline)
	defer cancel()
	act, root := actSetup(t, ctx)

	// better a clear skip than go test killing the binary halfway
	if dl, ok := t.Deadline(); ok && time.Until(dl) < 4*time.Minute {
		t.Skipf("only %s left before go test's -timeout; building the action's image takes up to 4 minutes (run go test -timeout 20m ./e2e)", time.Until(dl).Round(time.Second))
	}

	// the action's image, from the repository's Dockerfile
	start := time.Now()
	bctx := buildContext(t, ctx, root)
	prep := time.Since(start)
	start = time.Now()
	run(t, ctx, bctx, []string{"DOCKER_BUILDKIT=0"}, "docker", "build", "-q", "--force-rm", "--label", "retort.e2e=action",
		"--build-arg", "GO_IMAGE="+goImage, "--build-arg", "BASE_IMAGE="+baseImage, "--build-arg", "MODULES=vendor",
		"--build-arg", "VERSION=e2e", "-t", actionImage, ".")
	build := time.Since(start)
	// what this build superseded: earlier action images, and the build
	// stages (untagged, on the toolchain image) that only a build of the
	// very same sources could reuse
	if goLabel := label(ctx, goImage, "retort.inputs"); goLabel != "" {
		_, _ = tryRun(ctx, "", nil, "docker", "image", "prune", "-f", "--filter", "label=retort.inputs="+goLabel)
	}
	_, _ = tryRun(ctx, "", nil, "docker", "image", "prune", "-f", "--filter", "label=retort.e2e=action")
	size := strings.TrimSpace(run(t, ctx, "", nil, "docker", "image", "inspect", "--format", "{{.Size}}", actionImage))
	t.Logf("action image: context and vendor in %.1fs, docker build in %.1fs, %s bytes", prep.Seconds(), build.Seconds(), size)

	// the sample repository: main is the base, the branch "change" adds pr/
	repo := sampleRepo(t, ctx, root, "docker/action.yml", "Dockerfile", "action/entrypoint.sh")
	out := actRun(t, ctx, act, root, repo, "workflow.yml", runnerImage, nil)
	steps := splitSteps(out, "checkout", "lint", "check", "outputs")
	checkActionRun(t, out, steps, repo)

	// python-requirements was installed before the replay (env.py imports it)
	if !regexp.MustCompile(`(?s)::group::pip install -r requirements.txt.*::endgroup::.*::group::retort replay`).MatchString(steps["check"]) {
		t.Errorf("no pip install of python-requirements before the replay:\n%s", steps["check"])
	}
}

// checkActionRun checks what both actions print and write for the sample's
// pull request: annotations, the replay's log group, outputs, the step
// summary, the SARIF file, and the database URL masked.
func checkActionRun(t *testing.T, out string, steps map[string]string, repo string) {
	t.Helper()
	lint, check := steps["lint"], steps["check"]
	if lint == "" || check == "" {
		t.Fatalf("steps lint and check not found in act's output:\n%s", tail(out, 80))
	}
	// annotations: one per finding, on the revision's file and line, the
	// rule as title, the hint after the message
	annotations := []string{
		`::error col=1,file=migrations/versions/0002_add_email.py,line=12,title=multiple-heads::revision "0002b2c3d4e5" is one of 2 heads`,
		`::error col=1,file=migrations/versions/0003_index_name.py,line=12,title=multiple-heads::revision "0003c3d4e5f6" is one of 2 heads`,
		`::error col=28,file=migrations/versions/0002_add_email.py,line=18,title=not-null-without-default::`,
		`::warning col=5,file=migrations/versions/0003_index_name.py,line=18,title=create-index-non-concurrently::`,
	}
	// the changed replay seeds rows: the NOT NULL column fails on them
	seeded := append(annotations[:4:4], `::error col=5,file=migrations/versions/0002_add_email.py,line=18,title=upgrade-failed-with-rows::upgrade of "0002b2c3d4e5" fails on tables that have rows`)
	for step, wants := range map[string][]string{lint: annotations, check: seeded} {
		for _, want := range wants {
			re := regexp.MustCompile(`(?m)` + regexp.QuoteMeta(want) + `[^\n]+%0Ahint: \S`)
			if !re.MatchString(step) {
				t.Errorf("annotation missing: %s...%%0Ahint: ...\nin:\n%s", want, step)
			}
		}
		if n := strings.Count(step, "::error ") + strings.Count(step, "::warning "); n != len(wants) {
			t.Errorf("%d annotations, want %d:\n%s", n, len(wants), step)
		}
	}

	// the replay ran inside a log group, through the runner's Docker socket
	if !regexp.MustCompile(`(?s)::group::retort replay \(changed plan\).*upgrade 0002b2c3d4e5.*::endgroup::`).MatchString(check) {
		t.Errorf("no log group around the changed replay:\n%s", check)
	}
	if !strings.Contains(check, "replay: changed plan completed on container") {
		t.Errorf("the changed replay did not complete:\n%s", check)
	}
	if strings.Contains(lint, "::group::") {
		t.Errorf("replay: none still replayed:\n%s", lint)
	}

	// outputs, as act records them and as the next step reads them
	for _, want := range []string{
		"::set-output:: errors=4", "::set-output:: warnings=1",
		"::set-output:: heads=0002b2c3d4e5 0003c3d4e5f6", "::set-output:: sarif-file=out/retort.sarif",
	} {
		if !strings.Contains(check, want) {
			t.Errorf("output missing: %s\nin:\n%s", want, check)
		}
	}
	for _, want := range []string{
		"lint outcome=failure errors=3",
		"check outcome=failure errors=4 warnings=1 heads=0002b2c3d4e5 0003c3d4e5f6 sarif=out/retort.sarif",
		"sarif file present",
	} {
		if !strings.Contains(steps["outputs"], want) {
			t.Errorf("the next step did not read %q:\n%s", want, steps["outputs"])
		}
	}

	// the step summary: headline, findings table, replay timings, graph
	for _, want := range []string{
		"Summary - ### :x: retort: 4 errors, 1 warning, 0 notices in 3 revisions",
		"| :x: error | `not-null-without-default` | [migrations/versions/0002_add_email.py:18](",
		"#### Replay", "| stairway: downgrade | `0002b2c3d4e5` |",
		"```mermaid", "class r1 new", "class r2 new",
	} {
		if !strings.Contains(check, want) {
			t.Errorf("summary lacks %q:\n%s", want, check)
		}
	}
	if !strings.Contains(lint, "Summary - ### :x: retort: 3 errors") {
		t.Errorf("no summary for the lint-only step:\n%s", lint)
	}

	// SARIF, written into the workspace
	b, err := os.ReadFile(filepath.Join(repo, "out", "retort.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 5 { // the check step: lint's 4 and the seeded replay's 1
		t.Errorf("SARIF file: version %q, err %v, %d runs", sarif.Version, err, len(sarif.Runs))
	}

	// the database URL given as an input never shows
	if strings.Contains(out, "hunter2-secret") {
		t.Errorf("the database URL's password is in the log:\n%s", grepLines(out, "hunter2"))
	}
}

// sampleRepo makes a git repository: testdata/action/main committed on
// main (also as origin/main, so that no fetch is needed), then the branch
// change adding testdata/action/pr and the application's wheel, with the
// action's files at the same paths as in this repository, as in a
// repository that uses `uses: ./` (or ./docker).
func sampleRepo(t *testing.T, ctx context.Context, root string, actionFiles ...string) string {
	t.Helper()
	repo := t.TempDir()
	if err := copyTree(filepath.Join(root, sampleDir, "main"), repo); err != nil {
		t.Fatal(err)
	}
	git(t, ctx, repo, "init", "-q", "-b", "main")
	git(t, ctx, repo, "add", ".")
	git(t, ctx, repo, "commit", "-q", "-m", "base")
	git(t, ctx, repo, "update-ref", "refs/remotes/origin/main", "HEAD")
	git(t, ctx, repo, "checkout", "-q", "-b", "change")
	if err := copyTree(filepath.Join(root, sampleDir, "pr"), repo); err != nil {
		t.Fatal(err)
	}
	// the application's models and settings, which the pull request's
	// env.py imports
	if err := writeWheel(filepath.Join(repo, "wheels", "retort_e2e_models-1.0-py3-none-any.whl"), "retort_e2e_models", "1.0",
		map[string]string{"retort_e2e_models/__init__.py": appModule}); err != nil {
		t.Fatal(err)
	}
	for _, f := range actionFiles {
		if err := copyFile(filepath.Join(root, f), filepath.Join(repo, f)); err != nil {
			t.Fatal(err)
		}
	}
	git(t, ctx, repo, "add", ".")
	git(t, ctx, repo, "commit", "-q", "-m", "add email, index name")
	return repo
}

// appModule is the sample application's package: the tables, the database
// URL with the driver the interpreter has (psycopg2 in Debian's Python,
// psycopg 3 in the job's), and, when $RETORT_E2E_IMPORTED names a file, a
// line there for each import: the interpreter and its SQLAlchemy and
// alembic versions.
const appModule = `import os
import sys

TABLES = ["users"]


def database_url(url):
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        if url.startswith("postgresql://"):
            return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


_marker = os.environ.get("RETORT_E2E_IMPORTED")
if _marker:
    import alembic
    import sqlalchemy

    os.makedirs(os.path.dirname(_marker), exist_ok=True)
    with open(_marker, "a") as f:
        f.write("%s python=%s sqlalchemy=%s alembic=%s\n" % (
            sys.executable, sys.version.split()[0], sqlalchemy.__version__, alembic.__version__))
`

func git(t *testing.T, ctx context.Context, dir string, args ...string) {
	t.Helper()
	run(t, ctx, dir, []string{"GIT_AUTHOR_NAME=e2e", "GIT_AUTHOR_EMAIL=e2e@example.com",
		"GIT_COMMITTER_NAME=e2e", "GIT_COMMITTER_EMAIL=e2e@example.com"}, "git", args...)
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

var stepStart = regexp.MustCompile(`⭐ Run (?:Main|Post|Pre) (.+)$`)

// splitSteps cuts act's output into the lines of each of the workflow's
// steps, by step name; the lines of a composite action's own steps go to
// the workflow's step that uses it.
func splitSteps(out string, names ...string) map[string]string {
	steps := map[string]string{}
	top := map[string]bool{}
	for _, n := range names {
		top[n] = true
	}
	cur := ""
	for _, line := range strings.Split(out, "\n") {
		if m := stepStart.FindStringSubmatch(line); m != nil && top[strings.TrimSpace(m[1])] {
			cur = strings.TrimSpace(m[1])
		}
		if cur != "" {
			steps[cur] += line + "\n"
		}
	}
	return steps
}

// stepTime is act's duration of a step ("Main lint [7.45s]").
func stepTime(out, step string) string {
	m := regexp.MustCompile(`Main ` + regexp.QuoteMeta(step) + ` \[([^\]]+)\]`).FindStringSubmatch(out)
	if m == nil {
		return "?"
	}
	return m[1]
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
