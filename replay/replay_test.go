package replay

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
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
	return py.Path
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
	needs    string // a Python module the case needs besides alembic
	full     []want
	stairway []want
}{
	{project: "sample"},
	{project: "async", needs: "asyncpg"}, // python3-asyncpg
	{project: "two-heads"},
	{
		project: "forgets-index",
		// the index goes with its table at base: only stairway can see it
		stairway: []want{{RuleDowngradeNotInverse, "0014f1a2b3c4", `index "ix_posts_title" on "posts" still exists after downgrade to "0013a3b4c5d6"`, 21}},
	},
	{
		project: "forgets-enum",
		full:    []want{{RuleDowngradeNotInverse, "0014e1a2b3c4", `type "priority" still exists after downgrade to base`, 22}},
		stairway: []want{
			{RuleDowngradeNotInverse, "0014e1a2b3c4", `type "priority" still exists after downgrade to "0013a3b4c5d6"`, 22},
			// the leftover type blocks upgrading 0014 again: replay goes on in a fresh database
			{RuleDowngradeNotInverse, "0015e1a2b3c4", `index "ix_posts_priority" on "posts" still exists after downgrade to "0014e1a2b3c4"`, 21},
		},
	},
	{
		project:  "bad-sql",
		full:     []want{{RuleUpgradeFailed, "0014b1a2b3c4", `upgrade of "0014b1a2b3c4" fails: syntax error at or near "TABL"`, 19}},
		stairway: []want{{RuleUpgradeFailed, "0014b1a2b3c4", `upgrade of "0014b1a2b3c4" fails: syntax error at or near "TABL"`, 19}},
	},
	{
		project:  "irreversible",
		full:     []want{{RuleDowngradeFailed, "0014c1a2b3c4", `downgrade of "0014c1a2b3c4" raises NotImplementedError`, 22}},
		stairway: []want{{RuleDowngradeFailed, "0014c1a2b3c4", `downgrade of "0014c1a2b3c4" raises NotImplementedError`, 22}},
	},
	{
		project:  "broken-import",
		full:     []want{{RuleUpgradeFailed, "", `alembic cannot import "0014_uses_app.py", so no revision runs: ModuleNotFoundError: No module named 'myapp'`, 11}},
		stairway: []want{{RuleUpgradeFailed, "", `alembic cannot import "0014_uses_app.py", so no revision runs: ModuleNotFoundError: No module named 'myapp'`, 11}},
	},
	{
		project:  "wrong-database",
		full:     []want{{RuleUpgradeFailed, "", `env.py fails before any migration runs: RuntimeError: env.py connected to database "postgres", not to retort's scratch database`, 0}},
		stairway: []want{{RuleUpgradeFailed, "", `env.py fails before any migration runs: RuntimeError: env.py connected to database "postgres", not to retort's scratch database`, 0}},
	},
	{
		project:  "env-raises",
		full:     []want{{RuleUpgradeFailed, "", `env.py fails before any migration runs: RuntimeError: SETTINGS_MODULE is not configured`, 8}},
		stairway: []want{{RuleUpgradeFailed, "", `env.py fails before any migration runs: RuntimeError: SETTINGS_MODULE is not configured`, 8}},
	},
}

// shared hands out one running server to many replays (each still gets
// its own scratch database); it never stops it.
type shared struct{ srv *Server }

func (s shared) Name() string { return s.srv.Kind }
func (s shared) Start(context.Context) (*Server, error) {
	c := *s.srv
	c.stop = nil
	return &c, nil
}

// runCases replays the sample with the provider itself (starting and
// removing its server), then every case in parallel on one server of that
// provider: with both plans when all is set, else with the full plan and,
// where it finds more, the stairway plan (the plans do not depend on the
// provider; the local tests cover every combination).
func runCases(t *testing.T, p Provider, all bool) {
	py := needPython(t)
	one := func(t *testing.T, p Provider, project, plan string, wants []want) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		res, err := Run(ctx, Config{Provider: p, Python: py, Project: testdata(t, project), Plan: Plan(plan), StepTimeout: time.Minute})
		if err != nil {
			t.Fatalf("replay: %v", err)
		}
		check(t, res, wants)
		for _, d := range res.Diagnostics {
			if d.Rule == RuleDowngradeFailed && strings.Contains(d.Message, "NotImplementedError") && d.Severity != lint.Notice {
				t.Errorf("irreversible downgrade is not a notice: %+v", d)
			}
		}
		if (len(wants) == 0 || project == "irreversible") && !res.Summary.Completed {
			t.Errorf("plan did not complete: %+v", res.Summary)
		}
		t.Logf("%s %s: %d steps, %d snapshots, db %.2fs, plan %.2fs, total %.2fs", project, plan,
			res.Summary.Steps, res.Summary.Snapshots, res.Summary.DatabaseSeconds, res.Summary.PlanSeconds, res.Summary.TotalSeconds)
	}
	t.Run("own-server", func(t *testing.T) { one(t, p, "sample", "full", nil) })
	srv, err := p.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop(context.Background())
	t.Run("cases", func(t *testing.T) {
		for _, tc := range cases {
			for _, plan := range []string{"full", "stairway"} {
				if plan == "stairway" && !all && len(tc.stairway) <= len(tc.full) {
					continue
				}
				wants := tc.full
				if plan != "full" {
					wants = tc.stairway
				}
				t.Run(tc.project+"/"+plan, func(t *testing.T) {
					if tc.needs != "" {
						if err := exec.Command(py, "-c", "import "+tc.needs).Run(); err != nil {
							t.Skipf("needs the python module %s in %s", tc.needs, py)
						}
					}
					t.Parallel()
					one(t, shared{srv}, tc.project, plan, wants)
				})
			}
		}
	})
}

func TestReplayLocal(t *testing.T) {
	needLocal(t)
	runCases(t, &Local{}, true)
}

// containerImage is the locally built stand-in for the official image
// (.ci/setup builds it; no registry is reachable in CI).
const containerImage = "retort-test/postgres:15"

func needDocker(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs Docker and the image " + containerImage + "; skipped under -short")
	}
	for k, v := range map[string]string{"TESTCONTAINERS_RYUK_DISABLED": "true", "TESTCONTAINERS_HOST_OVERRIDE": "127.0.0.1"} {
		if os.Getenv(k) == "" {
			t.Setenv(k, v)
		}
	}
	if err := DockerAvailable(context.Background()); err != nil {
		t.Skipf("needs Docker: it does not answer: %v", err)
	}
	if err := exec.Command("docker", "image", "inspect", containerImage).Run(); err != nil {
		t.Skipf("needs the image %s (built by .ci/setup): %v", containerImage, err)
	}
}

func TestReplayContainer(t *testing.T) {
	needDocker(t)
	runCases(t, &Container{Image: containerImage}, false)
}

// TestReplayURL replays into a server the test starts (a local cluster on
// loopback TCP) through the url provider, and checks that the scratch
// databases are gone afterwards and nothing else was touched.
func TestReplayURL(t *testing.T) {
	needLocal(t)
	ctx := context.Background()
	srv, err := (&Local{TCP: true}).Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop(ctx)
	conn, err := connect(ctx, PgxURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{"CREATE DATABASE app", "CREATE TABLE keep_me (id int)"} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	runCases(t, &URLServer{URL: srv.URL}, false)
	var dbs []string
	rows, _ := conn.Query(ctx, "select datname from pg_database where not datistemplate order by 1")
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		dbs = append(dbs, n)
	}
	if got := strings.Join(dbs, ","); got != "app,postgres" {
		t.Errorf("databases after replay: %s, want app,postgres (scratch databases dropped)", got)
	}
	var n int
	if err := conn.QueryRow(ctx, "select count(*) from pg_tables where tablename = 'keep_me'").Scan(&n); err != nil || n != 1 {
		t.Errorf("existing table touched: %d, %v", n, err)
	}

	// a role that may not create databases gets an error that says so
	if _, err := conn.Exec(ctx, "CREATE ROLE weak LOGIN PASSWORD 'weakpw'"); err != nil {
		t.Fatal(err)
	}
	wu, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	wu.User = url.UserPassword("weak", "weakpw")
	weak := wu.String()
	_, err = Run(ctx, Config{Provider: &URLServer{URL: weak}, Python: needPython(t), Project: testdata(t, "sample")})
	if err == nil || !strings.Contains(err.Error(), `role "weak" may not create databases`) {
		t.Errorf("weak role: got %v", err)
	}
}

// privateTmp points TMPDIR at a fresh directory that the postgres user
// can enter (when the test runs as root), so that a test can check that
// nothing is left in it.
func privateTmp(t *testing.T) string {
	dir, err := os.MkdirTemp("", "retort-test-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o1777)
	t.Cleanup(func() { os.RemoveAll(dir) })
	t.Setenv("TMPDIR", dir)
	return dir
}

func TestReplayLocalTimeout(t *testing.T) {
	needLocal(t)
	py := needPython(t)
	tmp := privateTmp(t)
	t0 := time.Now()
	res, err := Run(context.Background(), Config{Provider: &Local{}, Python: py, Project: testdata(t, "slow"), Plan: "full", StepTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	check(t, res, []want{{RuleReplayTimeout, "0014d1a2b3c4", `upgrade of "0014d1a2b3c4" did not finish within 2s`, 18}})
	if res.Summary.Completed {
		t.Error("a timed-out plan says it completed")
	}
	if d := time.Since(t0); d > 20*time.Second {
		t.Errorf("timeout took %s", d)
	}
	if ents, _ := os.ReadDir(tmp); len(ents) > 0 {
		t.Errorf("left behind after a timeout: %v", ents)
	}
}

// TestReplayLocalChanged: the base has the sample's revisions; only the new
// one is replayed stairway-wise, and its forgotten index is found.
func TestReplayLocalChanged(t *testing.T) {
	needLocal(t)
	py := needPython(t)
	base := []string{"0001a1b2c3d4", "0002b2c3d4e5", "0003c3d4e5f6", "0004d4e5f6a7", "0005e5f6a7b8", "0006f6a7b8c9",
		"0007a7b8c9d0", "0008b8c9d0e1", "0009c9d0e1f2", "0010d0e1f2a3", "0011e1f2a3b4", "0012f2a3b4c5", "0013a3b4c5d6"}
	res, err := Run(context.Background(), Config{Provider: &Local{}, Python: py, Project: testdata(t, "forgets-index"), Plan: "changed", Base: base})
	if err != nil {
		t.Fatal(err)
	}
	check(t, res, []want{{RuleDowngradeNotInverse, "0014f1a2b3c4", `index "ix_posts_title" on "posts" still exists after downgrade to "0013a3b4c5d6"`, 21}})
	// 13 upgrades for the base (one command), then 3 steps for the new revision
	if res.Summary.Steps != 16 || res.Summary.Replayed != 14 {
		t.Errorf("changed plan ran %d steps over %d revisions, want 16 over 14", res.Summary.Steps, res.Summary.Replayed)
	}
}

func TestReplayLocalEnvHangs(t *testing.T) {
	needLocal(t)
	py := needPython(t)
	t0 := time.Now()
	res, err := Run(context.Background(), Config{Provider: &Local{}, Python: py, Project: testdata(t, "env-hangs"), StepTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	check(t, res, []want{{RuleReplayTimeout, "", `env.py did not finish within 2s before any migration runs`, 12}})
	if d := time.Since(t0); d > 20*time.Second {
		t.Errorf("took %s", d)
	}
}

// TestReplayContainerAutoFallback: auto tries a container first; when the
// image cannot be had (no registry here) it replays on a local cluster and
// says why.
func TestReplayContainerAutoFallback(t *testing.T) {
	needDocker(t)
	needLocal(t)
	res, err := Run(context.Background(), Config{Provider: &Auto{Image: "retort-test/no-such-image:0"}, Python: needPython(t), Project: testdata(t, "sample")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Provider != "local" || len(res.Summary.Notes) != 1 || res.Summary.Notes[0].Kind != NoteLocalFallback || res.Summary.Notes[0].Err == "" || len(res.Diagnostics) != 0 {
		t.Errorf("auto: provider %q, notes %+v, %d findings", res.Summary.Provider, res.Summary.Notes, len(res.Diagnostics))
	}
}
