// Package pydeps puts the pure-Python source trees of ../shared/pydeps
// (alembic, SQLAlchemy, psycopg 3, ...) on an interpreter's PYTHONPATH, for
// the replay compatibility matrix and the replay benchmark.
package pydeps

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Dir finds the pydeps folder: $RETORT_PYDEPS, else ../shared/pydeps
// beside the repository root (repoRoot), else /work/shared/pydeps.
func Dir(repoRoot string) (string, error) {
	if d := os.Getenv("RETORT_PYDEPS"); d != "" {
		if _, err := os.Stat(d); err != nil {
			return "", fmt.Errorf("RETORT_PYDEPS=%s: %v", d, err)
		}
		return d, nil
	}
	beside := filepath.Join(repoRoot, "..", "shared", "pydeps")
	for _, d := range []string{beside, "/work/shared/pydeps"} {
		if _, err := os.Stat(d); err == nil {
			return filepath.Abs(d)
		}
	}
	return "", fmt.Errorf("no pydeps: set RETORT_PYDEPS, or put it at %s", beside)
}

// Env is the environment that puts folders (names inside dir, such as
// "alembic-1.19.1") first on PYTHONPATH. A source tree of psycopg has no
// dist-info, so its __version__ reads 0.0.0.0 and SQLAlchemy refuses it;
// Env writes the metadata an installed psycopg has into tmp.
func Env(dir string, folders []string, tmp string) ([]string, error) {
	var path []string
	for _, f := range folders {
		p := filepath.Join(dir, f)
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("pydeps folder %s missing", p)
		}
		path = append(path, p)
		if v, ok := strings.CutPrefix(f, "psycopg-"); ok {
			meta := filepath.Join(tmp, "pydeps-meta-"+v)
			info := filepath.Join(meta, f+".dist-info")
			if err := os.MkdirAll(info, 0o755); err != nil {
				return nil, err
			}
			md := "Metadata-Version: 2.1\nName: psycopg\nVersion: " + v + "\n"
			if err := os.WriteFile(filepath.Join(info, "METADATA"), []byte(md), 0o644); err != nil {
				return nil, err
			}
			path = append(path, meta)
		}
	}
	// shared/pydeps is read-only: no __pycache__ there
	return []string{"PYTHONPATH=" + strings.Join(path, string(os.PathListSeparator)), "PYTHONDONTWRITEBYTECODE=1"}, nil
}

// Pyenv finds the newest pyenv interpreter of a minor version ("3.13").
func Pyenv(minor string) (string, error) {
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
	return "", fmt.Errorf("no pyenv python %s (looked in $PYENV_ROOT, ~/.pyenv and /root/.pyenv)", minor)
}

// Cell is one stack of the compatibility matrix: an interpreter ("/path"
// or "pyenv:3.13") and the pydeps folders before its own site-packages,
// with what a replay on it must report.
type Cell struct {
	Name   string
	Python string
	Pydeps []string
	Async  bool // the sample's env.py is alembic's async template

	Driver     string // the database driver replay picks
	Alembic    string // version prefixes
	SQLAlchemy string
}

// SQLAlchemy's and alembic's pure-Python dependencies.
var support = []string{"typing_extensions-4.15.0", "mako-1.3.12", "markupsafe-3.0.2"}

// Folders are main plus what SQLAlchemy and alembic need.
func Folders(main ...string) []string { return append(main, support...) }

// Matrix are the stacks replay is tested on. The first, Debian's own
// packages, is the reference: every other cell must find the same.
var Matrix = []Cell{
	{Name: "py3.11-alembic1.8-sa1.4-psycopg2", Python: "/usr/bin/python3", Driver: "psycopg2", Alembic: "1.8.", SQLAlchemy: "1.4."},
	{Name: "py3.11-alembic1.19-sa2.0-psycopg2", Python: "/usr/bin/python3", Pydeps: Folders("alembic-1.19.1", "sqlalchemy-2.0.52"),
		Driver: "psycopg2", Alembic: "1.19.1", SQLAlchemy: "2.0.52"},
	{Name: "py3.12-alembic1.16-sa2.0-psycopg3", Python: "pyenv:3.12", Pydeps: Folders("alembic-1.16.5", "sqlalchemy-2.0.52", "psycopg-3.3.4"),
		Driver: "psycopg", Alembic: "1.16.5", SQLAlchemy: "2.0.52"},
	{Name: "py3.13-alembic1.19-sa2.1-psycopg3", Python: "pyenv:3.13", Pydeps: Folders("alembic-1.19.1", "sqlalchemy-2.1.0b3", "psycopg-3.3.4"),
		Driver: "psycopg", Alembic: "1.19.1", SQLAlchemy: "2.1.0b3"},
	{Name: "py3.13-alembic1.13-sa2.0-psycopg3", Python: "pyenv:3.13", Pydeps: Folders("alembic-1.13.3", "sqlalchemy-2.0.52", "psycopg-3.3.4"),
		Driver: "psycopg", Alembic: "1.13.3", SQLAlchemy: "2.0.52"},
	{Name: "py3.11-alembic1.16-sa2.0-asyncpg-async-env", Python: "/usr/bin/python3", Pydeps: Folders("alembic-1.16.5", "sqlalchemy-2.0.52"),
		Async: true, Driver: "asyncpg", Alembic: "1.16.5", SQLAlchemy: "2.0.52"},
}

// Lookup finds a cell of the matrix by its name or a prefix of it
// ("py3.13" is the first 3.13 cell).
func Lookup(name string) (Cell, bool) {
	for _, c := range Matrix {
		if c.Name == name || strings.HasPrefix(c.Name, name) {
			return c, true
		}
	}
	return Cell{}, false
}

// Resolve gives the cell's interpreter and environment; the error says
// why the cell cannot run on this machine.
func (c Cell) Resolve(repoRoot, tmp string) (string, []string, error) {
	py := c.Python
	if v, ok := strings.CutPrefix(py, "pyenv:"); ok {
		p, err := Pyenv(v)
		if err != nil {
			return "", nil, err
		}
		py = p
	}
	if _, err := os.Stat(py); err != nil {
		return "", nil, fmt.Errorf("interpreter %s missing", py)
	}
	if len(c.Pydeps) == 0 {
		return py, nil, nil
	}
	dir, err := Dir(repoRoot)
	if err != nil {
		return "", nil, err
	}
	env, err := Env(dir, c.Pydeps, tmp)
	return py, env, err
}
