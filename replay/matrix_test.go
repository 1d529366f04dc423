package replay

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retortdev/retort/internal/pydeps"
)

// matrixOnly narrows the cells that widen the version range to a few
// cases (the required cells replay them all).
var matrixOnly = map[string][]string{
	"py3.13-alembic1.13-sa2.0-psycopg3": {"sample", "bad-sql", "forgets-enum", "env-raises"},
}

// ownEnv are the variants with an env.py of their own (not the sample's),
// with the driver they get, when not the cell's.
var ownEnv = map[string]string{"wrong-database": "", "env-raises": "", "async": "asyncpg"}

// cellEnv is the cell's interpreter and environment; the reason when it
// cannot run here.
func cellEnv(t *testing.T, c pydeps.Cell) (string, []string, string) {
	root, _ := filepath.Abs("..")
	py, env, err := c.Resolve(root, t.TempDir())
	if err != nil {
		return "", nil, err.Error()
	}
	return py, env, ""
}

// cellOrSkip is cellEnv for a test over the matrix: a cell that cannot
// run here is skipped, unless it is the reference cell (the first).
func cellOrSkip(t *testing.T, i int, c pydeps.Cell) (string, []string) {
	py, env, why := cellEnv(t, c)
	if why != "" {
		if i == 0 {
			t.Fatalf("the reference cell cannot run: %s", why)
		}
		t.Skip(why)
	}
	return py, env
}

var scratchName = regexp.MustCompile(`retort_[0-9a-f]{12}`)

// TestReplayLocalMatrix replays the sample and its variants, with both
// plans, on every cell of the matrix and requires the same findings as
// the first cell (and as the cases table), and the expected alembic,
// SQLAlchemy and driver. A cell whose interpreter or pydeps is missing is
// skipped with the reason.
func TestReplayLocalMatrix(t *testing.T) {
	needLocal(t)
	ref := map[string]string{} // case/plan -> findings of the first cell
	var refMu sync.Mutex
	t0 := time.Now()
	for i, c := range pydeps.Matrix {
		t.Run(c.Name, func(t *testing.T) {
			py, env := cellOrSkip(t, i, c)
			dir, _ := filepath.Abs(filepath.Join("..", "testdata", "replay"))
			if c.Async {
				// every variant on the sample's env.py runs on the async template
				tmp := t.TempDir()
				if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
					t.Fatal(err)
				}
				b, _ := os.ReadFile(filepath.Join(dir, "async", "env.py"))
				os.WriteFile(filepath.Join(tmp, "sample", "env.py"), b, 0o644)
				dir = tmp
			}
			srv, err := (&Local{}).Start(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Stop(context.Background())
			tc0 := time.Now()
			t.Run("cases", func(t *testing.T) {
				for _, tc := range cases {
					if only := matrixOnly[c.Name]; only != nil && !slices.Contains(only, tc.project) {
						continue
					}
					for _, plan := range []string{"full", "stairway"} {
						wants := tc.full
						if plan == "stairway" {
							// where the stairway finds no more than the
							// full plan, it adds nothing across cells
							if len(tc.stairway) <= len(tc.full) {
								continue
							}
							wants = tc.stairway
						}
						key := tc.project + "/" + plan
						t.Run(key, func(t *testing.T) {
							if tc.needs != "" {
								cmd := exec.Command(py, "-c", "import "+tc.needs)
								cmd.Env = append(os.Environ(), env...)
								if err := cmd.Run(); err != nil {
									t.Skipf("needs the python module %s in %s", tc.needs, py)
								}
							}
							t.Parallel()
							root := filepath.Join(dir, tc.project)
							p := Project{Root: root, Config: filepath.Join(root, "alembic.ini"), ScriptDir: root}
							ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
							defer cancel()
							res, err := Run(ctx, Config{Provider: shared{srv}, Python: py, PythonEnv: env, Project: p, Plan: Plan(plan), StepTimeout: time.Minute})
							if err != nil {
								t.Fatalf("replay: %v", err)
							}
							check(t, res, wants)
							s := res.Summary
							if !strings.HasPrefix(s.Alembic, c.Alembic) || !strings.HasPrefix(s.SQLAlchemy, c.SQLAlchemy) {
								t.Errorf("ran alembic %q, SQLAlchemy %q; want %s, %s", s.Alembic, s.SQLAlchemy, c.Alembic, c.SQLAlchemy)
							}
							want, own := ownEnv[tc.project]
							if !own || (c.Async && tc.project == "async") {
								want = c.Driver
							}
							if want != "" && s.Driver != want {
								t.Errorf("driver %s (%s), want %s", s.Driver, s.DriverReason, want)
							}
							got := findings(dir, res)
							refMu.Lock()
							defer refMu.Unlock()
							if i == 0 {
								ref[key] = got
							} else if want, ok := ref[key]; ok && got != want {
								t.Errorf("findings differ from %s:\n got:\n%s\nwant:\n%s", pydeps.Matrix[0].Name, got, want)
							}
						})
					}
				}
			})
			t.Logf("%s: %s, every case in %.1fs", c.Name, strings.TrimPrefix(py, "/root/.pyenv/versions/"), time.Since(tc0).Seconds())
		})
	}
	t.Logf("matrix: %.1fs", time.Since(t0).Seconds())
}

// findings are a replay's findings as comparable text: paths relative to
// the testdata folder, the scratch database's random name masked.
func findings(dir string, res *Result) string {
	var out []string
	for _, d := range res.Diagnostics {
		p, _ := filepath.Abs(d.Path)
		if rel, err := filepath.Rel(dir, p); err == nil && !strings.HasPrefix(rel, "..") {
			p = rel
		}
		out = append(out, scratchName.ReplaceAllString(fmt.Sprintf("%s:%d:%d: %s [%s] rev=%s: %s (hint: %s)", p, d.Line, d.Column, d.Severity, d.Rule, d.Revision, d.Message, d.Hint), "retort_X"))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
