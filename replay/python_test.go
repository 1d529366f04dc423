package replay

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakePython writes an interpreter that answers FindPython's probe: with
// its version when good, else with the import error.
func fakePython(t *testing.T, path string, good bool) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\necho 3.12.9\n"
	if !good {
		script = "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'alembic'\" >&2\nexit 1\n"
	}
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// fakeTool writes a project manager that prints out when called with
// args (from any directory it logs to calls.log) and fails otherwise.
func fakeTool(t *testing.T, bin, name, args, out string) {
	t.Helper()
	script := "#!/bin/sh\necho \"$PWD $*\" >> " + filepath.Join(bin, "calls.log") + "\n" +
		"if [ \"$*\" = \"" + args + "\" ]; then echo 'a notice first'; echo '" + out + "'; exit 0; fi\necho \"unknown command $*\" >&2; exit 2\n"
	if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFindPython covers the order of the defaults with fake interpreters
// and fake project managers on a private PATH (no network, no Python).
func TestFindPython(t *testing.T) {
	ctx := context.Background()
	type setup struct {
		repo, project, bin, elsewhere string
	}
	cases := []struct {
		name    string
		prepare func(t *testing.T, s setup) string // returns the interpreter expected ("" none)
		source  string
		tried   []string // pieces of the error when none works
	}{
		{
			name: "VIRTUAL_ENV first",
			prepare: func(t *testing.T, s setup) string {
				fakePython(t, filepath.Join(s.project, ".venv", "bin", "python"), true)
				t.Setenv("VIRTUAL_ENV", filepath.Join(s.elsewhere, "active"))
				return fakePython(t, filepath.Join(s.elsewhere, "active", "bin", "python"), true)
			},
			source: "from VIRTUAL_ENV",
		},
		{
			name: "VIRTUAL_ENV without alembic: the project's .venv",
			prepare: func(t *testing.T, s setup) string {
				t.Setenv("VIRTUAL_ENV", filepath.Join(s.elsewhere, "active"))
				fakePython(t, filepath.Join(s.elsewhere, "active", "bin", "python"), false)
				return fakePython(t, filepath.Join(s.project, ".venv", "bin", "python"), true)
			},
			source: ".venv in the project",
		},
		{
			name: "venv in the repository root",
			prepare: func(t *testing.T, s setup) string {
				return fakePython(t, filepath.Join(s.repo, "venv", "bin", "python"), true)
			},
			source: "venv in the repository root",
		},
		{
			name: "poetry",
			prepare: func(t *testing.T, s setup) string {
				write(t, filepath.Join(s.repo, "pyproject.toml"), "[tool.poetry]\nname = \"app\"\n\n[tool.poetry.dependencies]\n")
				env := filepath.Join(s.elsewhere, "cache", "app-py3.12")
				fakeTool(t, s.bin, "poetry", "env info --path", env)
				return fakePython(t, filepath.Join(env, "bin", "python"), true)
			},
			source: "poetry env info",
		},
		{
			name: "pipenv",
			prepare: func(t *testing.T, s setup) string {
				write(t, filepath.Join(s.project, "Pipfile"), "[packages]\nalembic = \"*\"\n")
				env := filepath.Join(s.elsewhere, "virtualenvs", "app-AbC123")
				fakeTool(t, s.bin, "pipenv", "--venv", env)
				return fakePython(t, filepath.Join(env, "bin", "python"), true)
			},
			source: "pipenv --venv",
		},
		{
			name: "pdm",
			prepare: func(t *testing.T, s setup) string {
				write(t, filepath.Join(s.project, "pdm.lock"), "")
				py := fakePython(t, filepath.Join(s.elsewhere, "pdm", "python3.13"), true)
				fakeTool(t, s.bin, "pdm", "info --python", py)
				return py
			},
			source: "pdm info --python",
		},
		{
			name: "hatch",
			prepare: func(t *testing.T, s setup) string {
				write(t, filepath.Join(s.repo, "pyproject.toml"), "[project]\nname = \"app\"\n\n[tool.hatch.envs.default]\n")
				env := filepath.Join(s.elsewhere, "hatch", "env", "virtual", "app")
				fakeTool(t, s.bin, "hatch", "env find", env)
				return fakePython(t, filepath.Join(env, "bin", "python"), true)
			},
			source: "hatch env find",
		},
		{
			name: "uv with UV_PROJECT_ENVIRONMENT",
			prepare: func(t *testing.T, s setup) string {
				write(t, filepath.Join(s.repo, "uv.lock"), "version = 1\n")
				t.Setenv("UV_PROJECT_ENVIRONMENT", "build/env")
				return fakePython(t, filepath.Join(s.repo, "build", "env", "bin", "python"), true)
			},
			source: "uv project environment ($UV_PROJECT_ENVIRONMENT)",
		},
		{
			name: "a tool the project does not use is not asked",
			prepare: func(t *testing.T, s setup) string {
				fakeTool(t, s.bin, "poetry", "env info --path", filepath.Join(s.elsewhere, "nope"))
				return fakePython(t, filepath.Join(s.bin, "python3"), true)
			},
			source: "python3 on PATH",
		},
		{
			name: "nothing works: everything tried is listed",
			prepare: func(t *testing.T, s setup) string {
				t.Setenv("VIRTUAL_ENV", filepath.Join(s.elsewhere, "gone"))
				fakePython(t, filepath.Join(s.project, ".venv", "bin", "python"), false)
				write(t, filepath.Join(s.repo, "poetry.lock"), "")
				write(t, filepath.Join(s.project, "Pipfile"), "")
				fakeTool(t, s.bin, "pipenv", "--something-else", "")
				fakePython(t, filepath.Join(s.bin, "python3"), false)
				return ""
			},
			tried: []string{
				"gone/bin/python (from VIRTUAL_ENV): not found",
				"project/.venv/bin/python (.venv in the project): cannot import alembic (ModuleNotFoundError: No module named 'alembic')",
				"pipenv (the project uses it): `pipenv --venv` failed: unknown command --venv",
				"poetry (the repository root uses it): poetry is not on PATH",
				"bin/python3 (python3 on PATH): cannot import alembic",
				"no .venv or venv in the project or the repository root",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := setup{repo: filepath.Join(dir, "repo"), bin: filepath.Join(dir, "bin"), elsewhere: filepath.Join(dir, "elsewhere")}
			s.project = filepath.Join(s.repo, "project")
			for _, d := range []string{filepath.Join(s.repo, ".git"), s.project, s.bin} {
				os.MkdirAll(d, 0o755)
			}
			t.Setenv("PATH", s.bin)
			t.Setenv("VIRTUAL_ENV", "")
			t.Setenv("UV_PROJECT_ENVIRONMENT", "")
			old := systemPython
			systemPython = filepath.Join(dir, "no-system-python")
			defer func() { systemPython = old }()

			want := tc.prepare(t, s)
			got, err := FindPython(ctx, "", s.project)
			if want == "" {
				if err == nil {
					t.Fatalf("found %+v, want an error", got)
				}
				for _, piece := range tc.tried {
					if !strings.Contains(err.Error(), piece) {
						t.Errorf("error does not say %q:\n%v", piece, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Path != want || got.Source != tc.source || got.Version != "3.12.9" {
				t.Errorf("got %+v, want %s (%s, 3.12.9)", got, want, tc.source)
			}
			if calls, _ := os.ReadFile(filepath.Join(s.bin, "calls.log")); len(calls) > 0 {
				for _, line := range strings.Split(strings.TrimSpace(string(calls)), "\n") {
					if !strings.HasPrefix(line, s.repo) {
						t.Errorf("tool ran outside the project: %s", line)
					}
				}
				if tc.source == "python3 on PATH" {
					t.Errorf("a tool the project does not use was run: %s", calls)
				}
			}
		})
	}
}

func TestFindPythonExplicit(t *testing.T) {
	dir := t.TempDir()
	good := fakePython(t, filepath.Join(dir, "good", "python3"), true)
	fakePython(t, filepath.Join(dir, ".venv", "bin", "python"), true)
	if got, err := FindPython(context.Background(), good, dir); err != nil || got.Path != good || got.Source != "--python" {
		t.Errorf("explicit: %+v, %v", got, err)
	}
	if _, err := FindPython(context.Background(), filepath.Join(dir, "missing"), ""); err == nil || !strings.Contains(err.Error(), "missing (--python): not found") {
		t.Errorf("missing: %v", err)
	}
}

// A bare name given to --python is looked up on PATH and a relative path is
// made absolute against the working directory (the driver runs in the
// project root, where the relative path would name another file); the
// error for a missing one does not tell the user to pass --python.
func TestFindPythonExplicitNameAndRelative(t *testing.T) {
	dir := t.TempDir()
	onPath := fakePython(t, filepath.Join(dir, "bin", "mypython"), true)
	t.Setenv("PATH", filepath.Join(dir, "bin"))
	got, err := FindPython(context.Background(), "mypython", "")
	if err != nil || got.Path != onPath || got.Source != "--python" {
		t.Errorf("bare name: %+v, %v; want %s", got, err, onPath)
	}
	rel := fakePython(t, filepath.Join(dir, "pyx", "python3"), true)
	t.Chdir(dir)
	got, err = FindPython(context.Background(), filepath.Join("pyx", "python3"), t.TempDir())
	if err != nil || !filepath.IsAbs(got.Path) || got.Path != rel {
		t.Errorf("relative: %+v, %v; want %s", got, err, rel)
	}
	_, err = FindPython(context.Background(), "nosuchpython", "")
	if err == nil || !strings.Contains(err.Error(), "nosuchpython (--python): not found on PATH") || strings.Contains(err.Error(), "pass --python") {
		t.Errorf("missing bare name: %v", err)
	}
}
