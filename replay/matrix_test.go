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
)

// cell is one stack of the compatibility matrix: an interpreter and the
// pydeps folders (../shared/pydeps) put first on its PYTHONPATH.
type cell struct {
	name    string
	python  string   // a path, or "pyenv:3.12" for that pyenv version
	pydeps  []string // pydeps folders, in PYTHONPATH order
	async   bool     // the sample's env.py is alembic's async template
	driver  string   // the driver replay must pick
	alembic string   // version prefixes replay must report
	sa      string
	// only: when set, the cases this cell replays (an extra cell that
	// widens the version range runs a few)
	only []string
}

var saDeps = []string{"typing_extensions-4.15.0", "mako-1.3.12", "markupsafe-3.0.2"}

func deps(main ...string) []string { return append(main, saDeps...) }

// matrix: the first cell is the reference; every other cell must find
// exactly what it finds.
var matrix = []cell{
	{name: "py3.11-alembic1.8-sa1.4-psycopg2", python: "/usr/bin/python3", driver: "psycopg2", alembic: "1.8.", sa: "1.4."},
	{name: "py3.11-alembic1.19-sa2.0-psycopg2", python: "/usr/bin/python3", pydeps: deps("alembic-1.19.1", "sqlalchemy-2.0.52"),
		driver: "psycopg2", alembic: "1.19.1", sa: "2.0.52"},
	{name: "py3.12-alembic1.16-sa2.0-psycopg3", python: "pyenv:3.12", pydeps: deps("alembic-1.16.5", "sqlalchemy-2.0.52", "psycopg-3.3.4"),
		driver: "psycopg", alembic: "1.16.5", sa: "2.0.52"},
	{name: "py3.13-alembic1.19-sa2.1-psycopg3", python: "pyenv:3.13", pydeps: deps("alembic-1.19.1", "sqlalchemy-2.1.0b3", "psycopg-3.3.4"),
		driver: "psycopg", alembic: "1.19.1", sa: "2.1.0b3"},
	{name: "py3.13-alembic1.13-sa2.0-psycopg3", python: "pyenv:3.13", pydeps: deps("alembic-1.13.3", "sqlalchemy-2.0.52", "psycopg-3.3.4"),
		driver: "psycopg", alembic: "1.13.3", sa: "2.0.52", only: []string{"sample", "bad-sql", "forgets-enum", "env-raises"}},
	{name: "py3.11-alembic1.16-sa2.0-asyncpg-async-env", python: "/usr/bin/python3", pydeps: deps("alembic-1.16.5", "sqlalchemy-2.0.52"),
		async: true, driver: "asyncpg", alembic: "1.16.5", sa: "2.0.52"},
}

// ownEnv are the variants with an env.py of their own (not the sample's),
// with the driver they get, when not the cell's.
var ownEnv = map[string]string{"wrong-database": "", "env-raises": "", "async": "asyncpg"}

// PydepsDir finds ../shared/pydeps: $RETORT_PYDEPS, else beside the
// repository root, else /work/shared/pydeps.
func pydepsDir() (string, error) {
	if d := os.Getenv("RETORT_PYDEPS"); d != "" {
		if _, err := os.Stat(d); err != nil {
			return "", fmt.Errorf("RETORT_PYDEPS=%s: %v", d, err)
		}
		return d, nil
	}
	root, _ := filepath.Abs("..")
	for _, d := range []string{filepath.Join(root, "..", "shared", "pydeps"), "/work/shared/pydeps"} {
		if _, err := os.Stat(d); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("no pydeps: set RETORT_PYDEPS, or put it at %s", filepath.Join(root, "..", "shared", "pydeps"))
}

// pyenvPython finds the pyenv interpreter of a minor version.
func pyenvPython(minor string) (string, error) {
	roots := []string{os.Getenv("PYENV_ROOT"), filepath.Join(os.Getenv("HOME"), ".pyenv"), "/root/.pyenv"}
	for _, r := range roots {
		if r == "" {
			continue
		}
		ms, _ := filepath.Glob(filepath.Join(r, "versions", minor+".*", "bin", "python3"))
		sort.Strings(ms)
		if len(ms) > 0 {
			return ms[len(ms)-1], nil
		}
	}
	return "", fmt.Errorf("no pyenv python %s under %s", minor, strings.Join(roots[1:], " or "))
}

// env is the cell's interpreter and its extra environment; the reason when
// it cannot run here.
func (c cell) env(t *testing.T) (string, []string, string) {
	py := c.python
	if v, ok := strings.CutPrefix(py, "pyenv:"); ok {
		p, err := pyenvPython(v)
		if err != nil {
			return "", nil, err.Error()
		}
		py = p
	}
	if _, err := os.Stat(py); err != nil {
		return "", nil, fmt.Sprintf("interpreter %s missing", py)
	}
	if len(c.pydeps) == 0 {
		return py, nil, ""
	}
	dir, err := pydepsDir()
	if err != nil {
		return "", nil, err.Error()
	}
	var path []string
	for _, d := range c.pydeps {
		p := filepath.Join(dir, d)
		if _, err := os.Stat(p); err != nil {
			return "", nil, fmt.Sprintf("pydeps folder %s missing", p)
		}
		path = append(path, p)
		if strings.HasPrefix(d, "psycopg-") {
			// A source tree has no dist-info, so psycopg.__version__ reads
			// 0.0.0.0 and SQLAlchemy refuses it; an installed psycopg has
			// its metadata, which this stands for.
			meta := filepath.Join(t.TempDir(), "meta")
			info := filepath.Join(meta, d+".dist-info")
			os.MkdirAll(info, 0o755)
			v := strings.TrimPrefix(d, "psycopg-")
			os.WriteFile(filepath.Join(info, "METADATA"), []byte("Metadata-Version: 2.1\nName: psycopg\nVersion: "+v+"\n"), 0o644)
			path = append(path, meta)
		}
	}
	return py, []string{"PYTHONPATH=" + strings.Join(path, string(os.PathListSeparator)), "PYTHONDONTWRITEBYTECODE=1"}, ""
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
	for i, c := range matrix {
		t.Run(c.name, func(t *testing.T) {
			py, env, why := c.env(t)
			if why != "" {
				if i == 0 {
					t.Fatalf("the reference cell cannot run: %s", why)
				}
				t.Skip(why)
			}
			dir, _ := filepath.Abs(filepath.Join("..", "testdata", "replay"))
			if c.async {
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
					if c.only != nil && !slices.Contains(c.only, tc.project) {
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
							res, err := Run(ctx, Config{Provider: shared{srv}, Python: py, PythonEnv: env, Project: p, Plan: plan, StepTimeout: time.Minute})
							if err != nil {
								t.Fatalf("replay: %v", err)
							}
							check(t, res, wants)
							s := res.Summary
							if !strings.HasPrefix(s.Alembic, c.alembic) || !strings.HasPrefix(s.SQLAlchemy, c.sa) {
								t.Errorf("ran alembic %q, SQLAlchemy %q; want %s, %s", s.Alembic, s.SQLAlchemy, c.alembic, c.sa)
							}
							want, own := ownEnv[tc.project]
							if !own || (c.async && tc.project == "async") {
								want = c.driver
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
								t.Errorf("findings differ from %s:\n got:\n%s\nwant:\n%s", matrix[0].name, got, want)
							}
						})
					}
				}
			})
			t.Logf("%s: %s, every case in %.1fs", c.name, strings.TrimPrefix(py, "/root/.pyenv/versions/"), time.Since(tc0).Seconds())
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
