package scaffold

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/retortdev/retort/revision"
)

// alembicInstall is one Alembic to compare with: an interpreter and the
// PYTHONPATH that makes that version importable.
type alembicInstall struct {
	name, python, pythonpath string
	templates                []string
}

func alembicInstalls(t *testing.T) []alembicInstall {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("needs Python: /usr/bin/python3 is missing")
	}
	var out []alembicInstall
	if exec.Command(py, "-c", "import alembic, mako").Run() == nil {
		// Alembic 1.8 passes the string "config" as config to merge templates,
		// so its own multidb template fails to merge: leave that one out
		out = append(out, alembicInstall{"debian", py, "", []string{"generic", "async", "custom"}})
	}
	deps, _ := filepath.Abs("../../shared/pydeps")
	if _, err := os.Stat(deps); err != nil {
		deps = "/work/shared/pydeps"
	}
	for _, v := range []string{"1.13.3", "1.16.5", "1.19.1"} {
		dir := filepath.Join(deps, "alembic-"+v)
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		pp := strings.Join([]string{dir, filepath.Join(deps, "sqlalchemy-2.0.52"), filepath.Join(deps, "mako-1.3.12"),
			filepath.Join(deps, "markupsafe-3.0.2"), filepath.Join(deps, "typing_extensions-4.15.0")}, ":")
		tmpls := []string{"generic", "async", "multidb", "custom"}
		if v != "1.13.3" {
			tmpls = append(tmpls, "pyproject")
		}
		out = append(out, alembicInstall{"alembic-" + v, py, pp, tmpls})
	}
	if len(out) == 0 {
		t.Skip("needs Alembic: neither Debian's python3-alembic nor ../shared/pydeps is installed")
	}
	return out
}

func (a alembicInstall) run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(a.python, append([]string{"-m", "alembic"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1", "PYTHONPATH="+a.pythonpath)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: alembic %s: %v\n%s", a.name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

const revTemplate = `"""%s

Revision ID: %s
Revises: %s
"""
from alembic import op

revision = %q
down_revision = %s
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
`

func writeRev(t *testing.T, dir, id, down string) {
	t.Helper()
	downRepr, revises := "None", ""
	if down != "" {
		downRepr, revises = "'"+down+"'", down
	}
	src := []byte(strings.Replace(revTemplate, "%q", "'%s'", 1))
	if err := os.WriteFile(filepath.Join(dir, id+"_rev.py"), []byte(sprintf(string(src), id, id, revises, id, downRepr)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sprintf(f string, a ...any) string {
	s, err := percentFormat(strings.ReplaceAll(f, "%q", "%s"), tuple(a))
	if err != nil {
		panic(err)
	}
	return s
}

// customTemplate is a project's own script.py.mako, in the ways real
// ones differ from Alembic's: module imports, filters, strftime, control
// lines, comments, extra imports.
const customTemplate = `<%!
import re

%>"""${message | trim}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date.strftime("%Y-%m-%d %H:%M")}

"""
from alembic import op
import sqlalchemy as sa
import json  # noqa: F401
${imports if imports else ""}

## a Mako comment: not in the output
# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
% if branch_labels:
branch_labels = ${repr(branch_labels)}
% else:
branch_labels = None
% endif
depends_on = ${repr(depends_on)}
MERGES = ${len(down_revision) if down_revision else 0}  # ${re.sub(r"\s+", "-", message)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
`

var createDateRE = regexp.MustCompile(`(?m)^Create Date: .*$`)

// TestMergeMatchesAlembic_NeedsPython writes a merge revision with retort
// and with the real "alembic merge heads" (Debian's 1.8 and the pydeps
// 1.13, 1.16 and 1.19), for each template "alembic init" offers, and
// compares the files byte for byte but for the creation time; then
// "alembic heads" reads retort's file and agrees there is one head.
func TestMergeMatchesAlembic_NeedsPython(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Alembic: skipped with -short")
	}
	for _, a := range alembicInstalls(t) {
		for _, tmpl := range a.templates {
			t.Run(a.name+"/"+tmpl, func(t *testing.T) {
				dir := t.TempDir()
				if tmpl == "custom" {
					a.run(t, dir, "init", "-t", "generic", "migrations")
					if err := os.WriteFile(filepath.Join(dir, "migrations", "script.py.mako"), []byte(customTemplate), 0o644); err != nil {
						t.Fatal(err)
					}
				} else {
					a.run(t, dir, "init", "-t", tmpl, "migrations")
				}
				cfg := filepath.Join(dir, "alembic.ini")
				if tmpl == "pyproject" {
					// the options live in pyproject.toml: use a file_template there
					b, _ := os.ReadFile(filepath.Join(dir, "pyproject.toml"))
					b = bytes.Replace(b, []byte("# file_template = \"%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s\""),
						[]byte("file_template = \"%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s\""), 1)
					os.WriteFile(filepath.Join(dir, "pyproject.toml"), b, 0o644)
				}
				versions := filepath.Join(dir, "migrations", "versions")
				os.MkdirAll(versions, 0o755)
				writeRev(t, versions, "aaaa00000001", "")
				writeRev(t, versions, "cccc00000003", "aaaa00000001")
				writeRev(t, versions, "bbbb00000002", "aaaa00000001")
				writeRev(t, versions, "dddd00000004", "aaaa00000001")

				const id = "feed00000005"
				out := a.run(t, dir, "merge", "heads", "-m", "merge heads", "--rev-id", id)
				want := findNew(t, versions, id)
				wantSrc, _ := os.ReadFile(want)
				os.Remove(want)
				_ = out

				path := cfg
				if tmpl == "pyproject" {
					path = filepath.Join(dir, "pyproject.toml")
				}
				proj, err := revision.Load(path)
				if err != nil {
					t.Fatal(err)
				}
				m, err := Merge(proj, MergeOptions{Message: "merge heads", RevID: id, Now: time.Now()})
				if err != nil {
					t.Fatal(err)
				}
				if filepath.Base(m.Path) != filepath.Base(want) && tmpl != "pyproject" {
					t.Errorf("file name %s, alembic wrote %s", filepath.Base(m.Path), filepath.Base(want))
				}
				if tmpl == "pyproject" && !regexp.MustCompile(`^\d{4}_\d\d_\d\d_\d{4}-feed00000005_merge_heads\.py$`).MatchString(filepath.Base(m.Path)) {
					t.Errorf("file name %s does not follow the file_template of pyproject.toml (alembic wrote %s)", filepath.Base(m.Path), filepath.Base(want))
				}
				got := createDateRE.ReplaceAllString(string(m.Src), "Create Date: X")
				exp := createDateRE.ReplaceAllString(string(wantSrc), "Create Date: X")
				if got != exp {
					t.Errorf("retort's merge revision differs from alembic's:\n--- retort\n%s\n--- alembic\n%s", got, exp)
				}
				if err := m.Write(); err != nil {
					t.Fatal(err)
				}
				heads := strings.TrimSpace(a.run(t, dir, "heads"))
				if heads != id+" (head)" {
					t.Errorf("alembic heads after retort merge: %q, want one head %s", heads, id)
				}
			})
		}
	}
}

func findNew(t *testing.T, dir, id string) string {
	t.Helper()
	ms, _ := filepath.Glob(filepath.Join(dir, "*"+id+"*.py"))
	if len(ms) != 1 {
		t.Fatalf("alembic wrote %v", ms)
	}
	return ms[0]
}

// A message that breaks the rendered file (""" ends the docstring) is named
// as the cause, not the project's script.py.mako.
func TestMergeMessageBreaksDocstring(t *testing.T) {
	dir := t.TempDir()
	versions := filepath.Join(dir, "migrations", "versions")
	if err := os.MkdirAll(versions, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "alembic.ini"), []byte("[alembic]\nscript_location = migrations\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeRev(t, versions, "a1", "")
	writeRev(t, versions, "b1", "a1")
	writeRev(t, versions, "c1", "a1")
	proj, err := revision.Load(filepath.Join(dir, "alembic.ini"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Merge(proj, MergeOptions{Message: "merge heads", RevID: "m1"}); err != nil {
		t.Fatalf("a plain message: %v", err)
	}
	_, err = Merge(proj, MergeOptions{Message: `merge """ heads`, RevID: "m1"})
	if err == nil || !strings.Contains(err.Error(), `the merge message "merge \"\"\" heads" contains """`) || strings.Contains(err.Error(), "script.py.mako") {
		t.Errorf("error = %v, want one naming the message", err)
	}
}
