package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retortdev/retort/internal/ghapi"
	"github.com/retortdev/retort/report"
)

// The job's Python: a pyenv build (not Debian's) at the same path in the
// job image as here, since its RUNPATH is absolute; and the pure-Python
// dependencies the job installs into it (../shared/pydeps, never copied
// into the repository).
const (
	jobPythonDefault = "/root/.pyenv/versions/3.13.0"
	jobPythonVersion = "3.13.0"
)

var jobDeps = []string{jobAlembic(), "sqlalchemy-2.0.52", "typing_extensions-4.15.0", "mako-1.3.12", "markupsafe-3.0.2", "psycopg-3.3.4"}

// jobAlembic is the job's alembic (RETORT_E2E_ALEMBIC: a pydeps folder),
// 1.19.1 by default: what a team starting today installs.
func jobAlembic() string {
	if v := os.Getenv("RETORT_E2E_ALEMBIC"); v != "" {
		return v
	}
	return "alembic-1.19.1"
}

// TestActionJobPythonWithActNeedsDocker runs the composite action (uses: ./)
// under act in a job that set up its own Python (pyenv's 3.13, not
// Debian's 3.11, which the job image also has with alembic 1.8 and
// SQLAlchemy 1.4) and installed alembic (jobAlembic), SQLAlchemy 2.0,
// psycopg 3 and the application into it. The action downloads retort's release (packaged
// by .github/release.sh, served on loopback) and checks its sha256; the
// replay imports the application, which records the interpreter: the
// job's, with its SQLAlchemy 2.0. Annotations, outputs, summary and SARIF
// are the Docker action's. The check step has comment: true: it creates
// one pull request comment through a fake GitHub API (served on loopback,
// GITHUB_API_URL given to act with --env); a second run after a push
// updates that comment instead of adding another.
func TestActionJobPythonWithActNeedsDocker(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), e2eDeadline)
	defer cancel()
	if runtime.GOOS != "linux" {
		t.Skip("the job runs the host's linux build of retort")
	}
	pyHome := os.Getenv("RETORT_E2E_PYTHON")
	if pyHome == "" {
		pyHome = jobPythonDefault
	}
	if _, err := os.Stat(filepath.Join(pyHome, "bin", "python3")); err != nil {
		t.Skipf("needs a Python that is not Debian's at %s (RETORT_E2E_PYTHON)", pyHome)
	}
	act, root := actSetup(t, ctx)
	pydeps := os.Getenv("RETORT_PYDEPS")
	if pydeps == "" {
		pydeps = filepath.Join(root, "..", "shared", "pydeps")
	}
	for _, d := range jobDeps {
		if _, err := os.Stat(filepath.Join(pydeps, d)); err != nil {
			t.Skipf("needs %s in %s (RETORT_PYDEPS)", d, pydeps)
		}
	}

	// the job image: the toolchain image, Debian's python3 with its
	// alembic, and the job's Python with nothing installed on it
	goID := strings.TrimSpace(run(t, ctx, "", nil, "docker", "image", "inspect", "--format", "{{.Id}}", goImage))
	ensureImage(t, ctx, jobImage, filepath.Join(root, "e2e", "testdata", "images", "job.Dockerfile"), func() string {
		dir := t.TempDir()
		run(t, ctx, "", nil, "cp", "-a", pyHome, filepath.Join(dir, "python"))
		// the standard library's own tests: 140 MB nobody imports
		matches, _ := filepath.Glob(filepath.Join(dir, "python", "lib", "python3.*", "test"))
		for _, m := range matches {
			if err := os.RemoveAll(m); err != nil {
				t.Fatal(err)
			}
		}
		for _, d := range jobDeps {
			if err := copyTree(filepath.Join(pydeps, d), filepath.Join(dir, "pydeps", d)); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}, []string{"GO_IMAGE=" + goImage, "PYTHON_HOME=" + pyHome}, goID, strings.Join(jobDeps, " "))

	// the release, as the release workflow packages it, served on loopback
	// (act's job shares the host's network) as GitHub serves assets
	dist := t.TempDir()
	archive := releaseScript(t, ctx, nil, "build", releaseVersion, "linux", runtime.GOARCH, dist)
	releaseScript(t, ctx, nil, "checksums", dist)
	sum := sha256.Sum256(mustRead(t, archive))
	var mu sync.Mutex
	var requests []string
	files := http.StripPrefix("/"+releaseVersion, http.FileServer(http.Dir(dist)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests = append(requests, r.URL.Path)
		mu.Unlock()
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()

	// GitHub's REST API for the check step's comment: act takes
	// GITHUB_API_URL and GITHUB_REPOSITORY from --env into the github
	// context and the job's environment, and the GITHUB_TOKEN secret as
	// github.token, the github-token input's default
	api := ghapi.NewFake("e2e-token")
	defer api.Close()
	apiArgs := []string{"--env", "GITHUB_API_URL=" + api.URL, "--env", "GITHUB_REPOSITORY=" + commentRepo, "-s", "GITHUB_TOKEN=" + api.Token}

	repo := sampleRepo(t, ctx, root, "action.yml", "action/install.sh", "action/entrypoint.sh")
	start := time.Now()
	out := actRun(t, ctx, act, root, repo, "workflow-job.yml", jobImage, apiArgs,
		"RELEASE_TAG", releaseVersion, "RELEASE_URL", srv.URL, "PYTHON_HOME", pyHome)
	t.Logf("act run %.1fs", time.Since(start).Seconds())
	steps := splitSteps(out, "setup-python", "install", "lint", "check", "outputs")
	checkActionRun(t, out, steps, repo)
	checkComment(t, api, steps["check"], "created", 1, 0, run(t, ctx, repo, nil, "git", "rev-parse", "HEAD"))

	// the install step: both actions have Debian's and the job's Python
	// to choose from
	alembicVersion := strings.TrimPrefix(jobAlembic(), "alembic-")
	if !strings.Contains(steps["install"], "job python "+pyHome+"/bin/python3 2.0.52 "+alembicVersion+" 3.3.4") ||
		!strings.Contains(steps["install"], "debian python 1.4") {
		t.Errorf("the job did not set up both interpreters:\n%s", steps["install"])
	}

	// retort: the release's binary, downloaded once and verified, then
	// from the tool cache, verified again; never built
	hexSum := hex.EncodeToString(sum[:])
	if !strings.Contains(steps["lint"], filepath.Base(archive)+": sha256 "+hexSum+" verified against checksums.txt") {
		t.Errorf("the lint step did not download and verify the release:\n%s", steps["lint"])
	}
	if !strings.Contains(steps["check"], filepath.Base(archive)+" (sha256 "+hexSum+" verified against checksums.txt) from the tool cache") {
		t.Errorf("the check step did not reuse the downloaded binary:\n%s", steps["check"])
	}
	if strings.Contains(out, "building retort") {
		t.Errorf("the action built retort instead of downloading it:\n%s", grepLines(out, "retort install"))
	}
	mu.Lock()
	got := strings.Join(requests, " ")
	mu.Unlock()
	if want := "/" + releaseVersion + "/checksums.txt /" + releaseVersion + "/" + filepath.Base(archive) + " /" + releaseVersion + "/checksums.txt"; got != want {
		t.Errorf("requests to the release server: %s, want %s", got, want)
	}

	// the replay ran the job's Python: the application (which only that
	// Python has) was imported there, with its SQLAlchemy 2.0 and alembic,
	// and never by another interpreter
	b, err := os.ReadFile(filepath.Join(repo, "out", "imported.txt"))
	if err != nil {
		t.Fatalf("env.py never imported the application: %v\n%s", err, steps["check"])
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	want := pyHome + "/bin/python3 python=" + jobPythonVersion + " sqlalchemy=2.0.52 alembic=" + alembicVersion
	for _, l := range lines {
		if l != want {
			t.Errorf("the application was imported by %q, want %q", l, want)
		}
	}
	t.Logf("the application was imported %d times, by %s", len(lines), lines[0])
	// and retort says so itself, naming the libraries and the driver
	if line := "replay: python " + jobPythonVersion + " " + pyHome + "/bin/python3"; !strings.Contains(steps["check"], line) ||
		!strings.Contains(steps["check"], "alembic "+alembicVersion+", SQLAlchemy 2.0.52, driver psycopg") {
		t.Errorf("the check step does not name the job's interpreter (%q), alembic %s, SQLAlchemy 2.0.52 and psycopg:\n%s", line, alembicVersion, grepLines(steps["check"], "replay"))
	}

	// a push to the pull request: the workflow runs again and updates the
	// same comment (its links name the new commit) instead of adding one
	writeFile(t, filepath.Join(repo, "NOTES.md"), []byte("a push after the first review\n"))
	git(t, ctx, repo, "add", ".")
	git(t, ctx, repo, "commit", "-q", "-m", "push")
	out = actRun(t, ctx, act, root, repo, "workflow-job.yml", jobImage, apiArgs,
		"RELEASE_TAG", releaseVersion, "RELEASE_URL", srv.URL, "PYTHON_HOME", pyHome)
	steps = splitSteps(out, "setup-python", "install", "lint", "check", "outputs")
	checkComment(t, api, steps["check"], "updated", 1, 1, run(t, ctx, repo, nil, "git", "rev-parse", "HEAD"))
}

// commentRepo is the repository act's github context names, whose pull
// request #1 (eventPR) the comment goes to.
const commentRepo = "retortdev/sample"

// checkComment checks the fake API after a run whose check step had
// comment: true: one comment on pull request #1 by the job's token, with
// retort's marker, the findings table and links to commit sha; posts
// creations (POST) and patches updates (PATCH) so far; and the step's log
// saying what it did.
func checkComment(t *testing.T, api *ghapi.Fake, check, did string, posts, patches int, sha string) {
	t.Helper()
	if want := "retort: pull request #1 comment " + did; !strings.Contains(check, want) {
		t.Errorf("the check step does not say %q:\n%s", want, grepLines(check, "comment"))
	}
	reqs := strings.Join(api.Requests, "\n")
	t.Logf("GitHub API requests so far: %s", strings.Join(api.Requests, ", "))
	if n := strings.Count(reqs, "POST /repos/"+commentRepo+"/issues/1/comments"); n != posts {
		t.Errorf("%d comments created, want %d; requests:\n%s", n, posts, reqs)
	}
	if n := len(regexp.MustCompile(`(?m)^PATCH /repos/`+regexp.QuoteMeta(commentRepo)+`/issues/comments/\d+$`).FindAllString(reqs, -1)); n != patches {
		t.Errorf("%d comments updated, want %d; requests:\n%s", n, patches, reqs)
	}
	comments := api.Comments(1)
	if len(comments) != 1 {
		t.Fatalf("%d comments on the pull request, want 1:\n%s", len(comments), strings.Join(comments, "\n----\n"))
	}
	body := comments[0]
	for _, want := range []string{
		report.CommentMarker + "\n### :x: retort: 4 errors, 1 warning",
		"| :x: error | `not-null-without-default` | [migrations/versions/0002_add_email.py:18](https://github.com/" + commentRepo + "/blob/" + strings.TrimSpace(sha) + "/migrations/versions/0002_add_email.py#L18)",
		"| :x: error | `upgrade-failed-with-rows` |",
	} {
		if !strings.HasPrefix(body, report.CommentMarker) || !strings.Contains(body, want) {
			t.Errorf("the comment lacks %q:\n%s", want, body)
		}
	}
}
