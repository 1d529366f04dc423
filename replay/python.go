package replay

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Interpreter is the Python that runs the project's Alembic, and why it
// was chosen.
type Interpreter struct {
	Path    string `json:"path"`
	Source  string `json:"source"` // "--python", "from VIRTUAL_ENV", ".venv in the repository root", "poetry env info", ...
	Version string `json:"version,omitempty"`
}

// PythonError says which interpreters were tried and why none will do.
type PythonError struct {
	Tried []string
	// Explicit: the interpreter was given with --python, so the hint to
	// pass it would be no help
	Explicit bool
}

func (e *PythonError) Error() string {
	if e.Explicit {
		return "the python interpreter given with --python cannot be used: " + strings.Join(e.Tried, "; ")
	}
	return "no python interpreter that can import alembic and sqlalchemy; tried:\n  " +
		strings.Join(e.Tried, "\n  ") + "\ninstall alembic into the project's environment or pass --python"
}

// systemPython is tried last (Debian's and most distributions' python3).
var systemPython = "/usr/bin/python3"

// explicitPython resolves --python: a bare command name is looked up on
// PATH, a relative path is made absolute against the working directory
// (the driver runs in the project root, where it would mean another
// file).
func explicitPython(p string) (string, error) {
	if !strings.ContainsRune(p, '/') && !strings.ContainsRune(p, filepath.Separator) {
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("not found on PATH")
		}
		return filepath.Abs(path)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("not found")
	} else if st.IsDir() {
		return "", fmt.Errorf("is a directory")
	}
	return abs, nil
}

// candidate is one interpreter FindPython may use.
type candidate struct {
	path   string // a path, or a bare name looked up on PATH
	source string
	// quiet: a candidate that does not exist is not worth listing (the
	// .venv and venv folders looked for in every directory)
	quiet bool
}

// FindPython picks the interpreter that runs the project's Alembic, the
// first of these that can import alembic and sqlalchemy:
//
//   - the explicit one (--python), alone and not probed (the driver says
//     when it cannot import alembic);
//   - the active virtualenv ($VIRTUAL_ENV);
//   - .venv/ or venv/ in the project (root) or a directory above it, up to
//     the repository root;
//   - the environment of the project's manager (poetry, uv, pipenv, pdm,
//     hatch) when the project uses it and, except for uv, the tool is on
//     PATH;
//   - a python3 or python on PATH, then /usr/bin/python3.
//
// The error lists what was tried and why each would not do.
//
// env is extra environment for the interpreter (PYTHONPATH=...).
func FindPython(ctx context.Context, explicit, root string, env ...string) (Interpreter, error) {
	if explicit != "" {
		// not probed: the driver itself says when it cannot import alembic
		path, err := explicitPython(explicit)
		if err != nil {
			return Interpreter{}, &PythonError{Tried: []string{explicit + " (--python): " + err.Error()}, Explicit: true}
		}
		return Interpreter{Path: path, Source: "--python"}, nil
	}
	// steps are tried in order; a manager is only asked when nothing
	// before it worked
	var steps []func() []candidate
	var tried []string
	dirs := projectDirs(root)
	steps = append(steps, func() []candidate {
		var cs []candidate
		if v := os.Getenv("VIRTUAL_ENV"); v != "" {
			cs = append(cs, candidate{path: venvPython(v), source: "from VIRTUAL_ENV"})
		}
		for i, dir := range dirs {
			for _, v := range []string{".venv", "venv"} {
				cs = append(cs, candidate{path: venvPython(filepath.Join(dir, v)), source: v + " in " + dirName(dirs, i), quiet: true})
			}
		}
		return cs
	})
	for i, dir := range dirs {
		for _, m := range managers {
			steps = append(steps, func() []candidate {
				if !m.uses(dir) {
					return nil
				}
				c, err := m.find(ctx, dir)
				if err != nil {
					tried = append(tried, fmt.Sprintf("%s (%s uses it): %v", m.name, dirName(dirs, i), err))
					return nil
				}
				return []candidate{c}
			})
		}
	}
	steps = append(steps, func() []candidate {
		var cs []candidate
		for _, name := range []string{"python3", "python"} {
			for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
				if dir != "" {
					cs = append(cs, candidate{path: filepath.Join(dir, name), source: name + " on PATH", quiet: true})
				}
			}
		}
		return append(cs, candidate{path: systemPython, source: "the system python3", quiet: true})
	})
	seen := map[string]bool{}
	for _, step := range steps {
		for _, c := range step() {
			p := c.path
			if st, err := os.Stat(p); err != nil || st.IsDir() {
				if !c.quiet {
					tried = append(tried, fmt.Sprintf("%s (%s): not found", c.path, c.source))
				}
				continue
			}
			abs, _ := filepath.Abs(p)
			if seen[abs] {
				continue
			}
			seen[abs] = true
			version, why := probePython(ctx, p, env)
			if why == "" {
				return Interpreter{Path: p, Source: c.source, Version: version}, nil
			}
			tried = append(tried, fmt.Sprintf("%s (%s): %s", p, c.source, why))
		}
	}
	where := "the project"
	if len(dirs) > 1 {
		where += " or the repository root " + dirs[len(dirs)-1]
	}
	tried = append(tried, "no .venv or venv in "+where+" and no python3 on PATH imports alembic")
	return Interpreter{}, &PythonError{Tried: tried}
}

// venvPython is the interpreter of a virtualenv.
func venvPython(venv string) string {
	if runtime.GOOS == "windows" {
		return filepath.Join(venv, "Scripts", "python.exe")
	}
	return filepath.Join(venv, "bin", "python")
}

// projectDirs are root and the directories above it up to the repository
// root (the first one holding .git), or root alone outside a repository.
func projectDirs(root string) []string {
	if root == "" {
		return nil
	}
	root, _ = filepath.Abs(root)
	var dirs []string
	for dir := root; ; {
		dirs = append(dirs, dir)
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dirs
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dirs[:1] // no repository: the project alone
		}
		dir = parent
	}
}

// dirName names dirs[i] for a source: the project, the repository root or
// the folder itself.
func dirName(dirs []string, i int) string {
	switch {
	case i == 0:
		return "the project"
	case i == len(dirs)-1:
		return "the repository root"
	}
	return dirs[i]
}

// manager is a Python project manager whose environment may hold alembic.
type manager struct {
	name    string
	markers []string // files that say a project uses it
	table   string   // pyproject.toml table that says so ("" none)
	find    func(ctx context.Context, dir string) (candidate, error)
}

func (m manager) uses(dir string) bool {
	for _, f := range m.markers {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return true
		}
	}
	return m.table != "" && pyprojectHas(dir, m.table)
}

// pyprojectHas says whether dir/pyproject.toml has the table [name] or a
// sub-table [name.x].
func pyprojectHas(dir, name string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "pyproject.toml"))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "[") {
			continue
		}
		t := strings.Trim(line, "[] \t")
		if t == name || strings.HasPrefix(t, name+".") {
			return true
		}
	}
	return false
}

var managers = []manager{
	{name: "poetry", markers: []string{"poetry.lock"}, table: "tool.poetry",
		find: toolEnv("poetry env info", true, "poetry", "env", "info", "--path")},
	{name: "uv", markers: []string{"uv.lock"}, table: "tool.uv", find: uvEnv},
	{name: "pipenv", markers: []string{"Pipfile"},
		find: toolEnv("pipenv --venv", true, "pipenv", "--venv")},
	{name: "pdm", markers: []string{"pdm.lock"}, table: "tool.pdm",
		find: toolEnv("pdm info --python", false, "pdm", "info", "--python")},
	{name: "hatch", markers: []string{"hatch.toml"}, table: "tool.hatch",
		find: toolEnv("hatch env find", true, "hatch", "env", "find")},
}

// toolEnv asks a project manager, run in the project directory, for its
// environment (isVenv: a virtualenv folder) or its interpreter.
func toolEnv(source string, isVenv bool, tool string, args ...string) func(context.Context, string) (candidate, error) {
	return func(ctx context.Context, dir string) (candidate, error) {
		bin, err := exec.LookPath(tool)
		if err != nil {
			return candidate{}, fmt.Errorf("%s is not on PATH", tool)
		}
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = dir
		cmd.Stdin = nil
		out, err := cmd.Output()
		if err != nil {
			msg := err.Error()
			if ee, ok := err.(*exec.ExitError); ok && len(strings.TrimSpace(string(ee.Stderr))) > 0 {
				msg = lastLine(string(ee.Stderr))
			}
			return candidate{}, fmt.Errorf("`%s %s` failed: %s", tool, strings.Join(args, " "), msg)
		}
		p := lastLine(string(out)) // tools may print notices first
		if p == "" {
			return candidate{}, fmt.Errorf("`%s %s` printed nothing", tool, strings.Join(args, " "))
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if isVenv {
			p = venvPython(p)
		}
		return candidate{path: p, source: source}, nil
	}
}

// uvEnv is a uv project's environment: $UV_PROJECT_ENVIRONMENT (relative to
// the project) or .venv, which uv creates there; no uv command prints it.
func uvEnv(_ context.Context, dir string) (candidate, error) {
	if v := os.Getenv("UV_PROJECT_ENVIRONMENT"); v != "" {
		if !filepath.IsAbs(v) {
			v = filepath.Join(dir, v)
		}
		return candidate{path: venvPython(v), source: "uv project environment ($UV_PROJECT_ENVIRONMENT)"}, nil
	}
	return candidate{path: venvPython(filepath.Join(dir, ".venv")), source: "uv project environment (.venv; run `uv sync`)"}, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// probePython returns the version of p when it imports alembic and
// sqlalchemy, else why not.
func probePython(ctx context.Context, p string, env []string) (string, string) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, p, "-c", "import sys, alembic, sqlalchemy; print(sys.version.split()[0])")
	cmd.Env = append(append(os.Environ(), env...), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return lastLine(string(out)), ""
	}
	last := lastLine(string(out))
	if last == "" {
		last = err.Error()
	}
	return "", "cannot import alembic (" + last + ")"
}
