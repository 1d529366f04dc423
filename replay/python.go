package replay

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// PythonError says which interpreters were tried and why none will do.
type PythonError struct{ Tried []string }

func (e *PythonError) Error() string {
	return "no python interpreter that can import alembic and sqlalchemy; tried:\n  " +
		strings.Join(e.Tried, "\n  ") + "\ninstall alembic into the project's environment or pass --python"
}

// FindPython picks the interpreter that runs the project's Alembic: the
// explicit one when given, else the project's virtualenv (.venv, venv,
// env, $VIRTUAL_ENV), else the first python3/python on PATH that can import
// alembic, else /usr/bin/python3. Candidates that cannot import alembic are
// listed in the error.
func FindPython(ctx context.Context, explicit, root string) (string, error) {
	var cands []string
	if explicit != "" {
		cands = []string{explicit}
	} else {
		for dir := root; dir != ""; {
			for _, v := range []string{".venv", "venv", "env"} {
				cands = append(cands, filepath.Join(dir, v, "bin", "python"))
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
				break
			}
			dir = parent
		}
		if v := os.Getenv("VIRTUAL_ENV"); v != "" {
			cands = append(cands, filepath.Join(v, "bin", "python"))
		}
		for _, name := range []string{"python3", "python"} {
			for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
				if dir == "" {
					continue
				}
				cands = append(cands, filepath.Join(dir, name))
			}
		}
		cands = append(cands, "/usr/bin/python3")
	}
	var tried []string
	seen := map[string]bool{}
	for _, c := range cands {
		p := c
		if !strings.Contains(p, string(filepath.Separator)) {
			lp, err := exec.LookPath(p)
			if err != nil {
				tried = append(tried, fmt.Sprintf("%s: not found", c))
				continue
			}
			p = lp
		}
		abs, _ := filepath.Abs(p)
		if seen[abs] {
			continue
		}
		seen[abs] = true
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			if explicit != "" {
				tried = append(tried, fmt.Sprintf("%s: not found", c))
			}
			continue
		}
		why := probePython(ctx, p)
		if why == "" {
			return p, nil
		}
		tried = append(tried, fmt.Sprintf("%s: %s", p, why))
	}
	return "", &PythonError{Tried: tried}
}

// probePython returns "" when p imports alembic and sqlalchemy, else why not.
func probePython(ctx context.Context, p string) string {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, p, "-c", "import sys, alembic, sqlalchemy; print(sys.version.split()[0], alembic.__version__)").CombinedOutput()
	if err == nil {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	last := lines[len(lines)-1]
	if last == "" {
		last = err.Error()
	}
	return "cannot import alembic (" + last + ")"
}
