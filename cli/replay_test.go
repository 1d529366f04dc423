package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/retortdev/retort/history"
	"github.com/retortdev/retort/replay"
	"github.com/retortdev/retort/revision"
)

// buildRetort builds the real binary once per test run.
func buildRetort(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "retort")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/retortdev/retort")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// copyProject copies testdata/replay/<name> and the sample it builds on
// into a fresh directory, so that the test can find its processes by cwd.
func copyProject(t *testing.T, dir, name string) string {
	t.Helper()
	src, _ := filepath.Abs(filepath.Join("..", "testdata", "replay"))
	for _, n := range []string{"sample", name} {
		if err := os.CopyFS(filepath.Join(dir, n), os.DirFS(filepath.Join(src, n))); err != nil && !os.IsExist(err) {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, name)
}

// procsMentioning lists pids whose command line or working directory
// contains s.
func procsMentioning(s string) []int {
	var pids []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		cwd, _ := os.Readlink(filepath.Join("/proc", e.Name(), "cwd"))
		if bytes.Contains(cmdline, []byte(s)) || strings.HasPrefix(cwd, s) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// startSlow starts `retort replay` on the slow project (a step that sleeps
// a minute) and returns once the sleeping step has begun.
func startSlow(t *testing.T, db string) (*exec.Cmd, *bytes.Buffer, string, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs PostgreSQL (and Docker for the container case); skipped under -short")
	}
	if _, err := replay.FindPython(context.Background(), "", ""); err != nil {
		t.Skipf("needs python with alembic: %v", err)
	}
	bin := buildRetort(t)
	// A private TMPDIR (readable by the postgres user when run as root)
	// holds the local cluster: empty again once retort is gone.
	tmp, err := os.MkdirTemp("", "retort-signal-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(tmp, 0o755)
	t.Cleanup(func() { os.RemoveAll(tmp) })
	work := filepath.Join(tmp, "work")
	project := copyProject(t, work, "slow")
	clusters := filepath.Join(tmp, "clusters")
	os.Mkdir(clusters, 0o755)
	os.Chmod(clusters, 0o1777)

	cmd := exec.Command(bin, "replay", "--db", db, "--postgres-image", "retort-test/postgres:15", "--progress", "always", "--step-timeout", "0", project)
	cmd.Env = append(os.Environ(), "TMPDIR="+clusters, "TESTCONTAINERS_RYUK_DISABLED=true", "TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1")
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	// the 13 sample revisions are upgraded: the 14th is sleeping
	sc := bufio.NewScanner(stderr)
	seen := make(chan bool, 1)
	var errLines []string // read only after seen
	go func() {
		ok := false
		for sc.Scan() {
			if !ok {
				errLines = append(errLines, sc.Text())
			}
			if strings.HasPrefix(sc.Text(), "[13/") {
				ok = true
				seen <- true
			}
		}
		if !ok {
			seen <- false
		}
	}()
	select {
	case ok := <-seen:
		if !ok {
			cmd.Wait()
			t.Fatalf("retort ended before the slow step:\n%s%s", stdout.String(), strings.Join(errLines, "\n"))
		}
	case <-time.After(90 * time.Second):
		t.Fatal("the slow step never started")
	}
	time.Sleep(300 * time.Millisecond)
	return cmd, &stdout, work, clusters
}

func waitExit(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("retort did not exit within 30s of the signal")
	}
	return cmd.ProcessState.ExitCode()
}

func TestReplayLocalSignal(t *testing.T) {
	if _, err := replay.FindPostgresBin(); err != nil {
		t.Skipf("needs PostgreSQL binaries: %v", err)
	}
	cmd, _, work, clusters := startSlow(t, "local")
	if len(procsMentioning(clusters)) == 0 {
		t.Fatal("no postgres running in the private TMPDIR: the test cannot see the cluster")
	}
	if len(procsMentioning(work)) == 0 {
		t.Fatal("no alembic driver running in the project: the test cannot see it")
	}
	t0 := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	if code := waitExit(t, cmd); code != ExitFailure {
		t.Errorf("exit code %d after SIGINT, want %d", code, ExitFailure)
	}
	t.Logf("cleanup after SIGINT took %s", time.Since(t0))
	if pids := procsMentioning(clusters); len(pids) > 0 {
		t.Errorf("postgres still running after SIGINT: %v", pids)
	}
	if pids := procsMentioning(work); len(pids) > 0 {
		t.Errorf("alembic driver still running after SIGINT: %v", pids)
	}
	if ents, _ := os.ReadDir(clusters); len(ents) > 0 {
		t.Errorf("cluster directory left behind: %v", ents)
	}
}

func TestReplayContainerSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("needs Docker; skipped under -short")
	}
	t.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	t.Setenv("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1")
	if err := replay.DockerAvailable(context.Background()); err != nil {
		t.Skipf("needs Docker: %v", err)
	}
	if err := exec.Command("docker", "image", "inspect", "retort-test/postgres:15").Run(); err != nil {
		t.Skipf("needs the image retort-test/postgres:15 (built by .ci/setup)")
	}
	cmd, _, work, _ := startSlow(t, "container")
	label := "label=dev.retort.pid=" + strconv.Itoa(cmd.Process.Pid)
	containers := func() string {
		out, _ := exec.Command("docker", "ps", "-aq", "--filter", label).Output()
		return strings.TrimSpace(string(out))
	}
	if containers() == "" {
		t.Fatal("no container labelled with retort's pid: the test cannot see it")
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if code := waitExit(t, cmd); code != ExitFailure {
		t.Errorf("exit code %d after SIGTERM, want %d", code, ExitFailure)
	}
	if ids := containers(); ids != "" {
		t.Errorf("container still there after SIGTERM: %s", ids)
		exec.Command("docker", "rm", "-f", ids).Run()
	}
	if pids := procsMentioning(work); len(pids) > 0 {
		t.Errorf("alembic driver still running after SIGTERM: %v", pids)
	}
}

// TestReplayLocalCLI runs `retort replay` and `retort check` end to end:
// exit codes, text and JSON output.
func TestReplayLocalCLI(t *testing.T) {
	needLocalReplay(t)
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Main(&Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}, args)
		return code, out.String(), errb.String()
	}
	dir := filepath.Join("..", "testdata", "replay")
	code, out, errs := run("replay", "--db", "local", filepath.Join(dir, "sample"))
	if code != ExitOK || !strings.Contains(out, "replay: full plan completed on local") {
		t.Errorf("sample: exit %d\n%s%s", code, out, errs)
	}
	// unseeded: the sample's unique email index fails on seeded rows (see
	// TestSeededReplay_NeedsPostgresLocal)
	code, out, errs = run("replay", "--db", "local", "--plan", "stairway", "--seed-rows", "0", "--format", "json", filepath.Join(dir, "forgets-index"))
	if code != ExitFindings {
		t.Errorf("forgets-index: exit %d, want %d\n%s%s", code, ExitFindings, out, errs)
	}
	var doc struct {
		Diagnostics []struct{ Rule, Path, Revision, Message string }
		Summary     replay.Summary
		Steps       []replay.Step
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if len(doc.Diagnostics) != 1 || doc.Diagnostics[0].Rule != "downgrade-not-inverse" || doc.Diagnostics[0].Revision != "0014f1a2b3c4" {
		t.Errorf("forgets-index findings: %+v", doc.Diagnostics)
	}
	if doc.Summary.Plan != "stairway" || doc.Summary.Provider != "local" || len(doc.Steps) != 42 || doc.Steps[0].Action != "upgrade" {
		t.Errorf("json replay summary/steps: %+v, %d steps", doc.Summary, len(doc.Steps))
	}
	// the summary names the stack: interpreter (and why), alembic, SQLAlchemy, driver
	if s := doc.Summary; s.Python.Path == "" || s.Python.Source == "" || !strings.HasPrefix(s.Python.Version, "3.") ||
		s.Alembic == "" || s.SQLAlchemy == "" || s.Driver == "" || s.DriverReason == "" {
		t.Errorf("json summary does not name the stack: %+v", s)
	}
	var raw struct{ Summary map[string]any }
	json.Unmarshal([]byte(out), &raw)
	if py, _ := raw.Summary["python"].(map[string]any); py["path"] == nil || py["source"] == nil || py["version"] == nil {
		t.Errorf("summary.python is not {path, source, version}: %v", raw.Summary["python"])
	}
	code, out, errs = run("replay", "--db", "local", "--progress", "always", filepath.Join(dir, "sample"))
	stack := regexp.MustCompile(`replay: python 3\.\d+\.\d+ \S+ \(.+\), alembic \S+, SQLAlchemy \S+, driver \w+ \(.+\)\n`)
	if code != ExitOK || !stack.MatchString(errs) || !stack.MatchString(out) {
		t.Errorf("progress and text output do not name the stack: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run("check", "--replay", "full", "--db", "local", filepath.Join(dir, "bad-sql"))
	if code != ExitFindings || !strings.Contains(out, `syntax error at or near "TABL" [upgrade-failed]`) || !strings.Contains(out, "0014_broken.py:19:5:") {
		t.Errorf("check bad-sql: exit %d\n%s%s", code, out, errs)
	}
	// The safe-migrations project (no lint findings) also round-trips: the
	// irreversible audit log is one notice, the enum value a suppression.
	code, out, errs = run("check", "--replay", "stairway", "--db", "local", filepath.Join("..", "testdata", "safe"))
	if code != ExitOK || !strings.Contains(out, "0 errors, 0 warnings, 1 notice") || !strings.Contains(out, "stairway plan completed") {
		t.Errorf("check safe: exit %d\n%s%s", code, out, errs)
	}
	code, _, errs = run("replay", "--db", "local", "--python", "/nonexistent/python3", filepath.Join(dir, "sample"))
	if code != ExitFailure || !strings.Contains(errs, "/nonexistent/python3 (--python): not found") {
		t.Errorf("missing python: exit %d\n%s", code, errs)
	}
	code, _, errs = run("replay", "--db", "nowhere", filepath.Join(dir, "sample"))
	if code != ExitUsage {
		t.Errorf("bad --db: exit %d\n%s", code, errs)
	}
}

// TestReplayChangedBase reads the base revisions from git.
func TestReplayChangedBase(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	dir := t.TempDir()
	project := copyProject(t, dir, "forgets-index")
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	newRev := filepath.Join(project, "versions", "0014_posts_title_index.py")
	src, _ := os.ReadFile(newRev)
	os.Remove(newRev)
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "base")
	git("checkout", "-q", "-b", "feature")
	os.WriteFile(newRev, src, 0o644)
	git("add", ".")
	git("commit", "-q", "-m", "add index")
	proj, err := revision.Load(filepath.Join(project, "alembic.ini"))
	if err != nil {
		t.Fatal(err)
	}
	base := func(ref string) ([]string, error) {
		h, err := history.Load(proj, history.Options{Base: ref, Getenv: func(string) string { return "" }, Log: io.Discard})
		if err != nil {
			return nil, err
		}
		return baseRevisions(h, ref)
	}
	ids, err := base("main")
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 13 {
		t.Fatalf("base revisions: %d %v, want the 13 of the sample", len(ids), ids)
	}
	for _, id := range ids {
		if id == "0014f1a2b3c4" {
			t.Errorf("the new revision is counted as base")
		}
	}
	if _, err := base("no-such-branch"); err == nil {
		t.Error("unknown ref accepted")
	}
}
