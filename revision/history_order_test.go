package revision_test

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdev/retort/internal/synth"
	"github.com/retortdev/retort/report"
	"github.com/retortdev/retort/revision"
)

// historyDriver prints `alembic history` with the versions folder listed in
// sorted file name order, as Alembic 1.10 and later list it (1.8 used the
// directory's own order, which differs from one file system to another).
const historyDriver = `import sys
from alembic import command
from alembic.config import Config
from alembic.script.base import Script
orig = Script._list_py_dir.__func__
Script._list_py_dir = classmethod(lambda cls, sd, path: sorted(orig(cls, sd, path)))
command.history(Config(sys.argv[1]))
`

// TestHistoryOrderMatchesAlembic compares `retort graph` with `alembic
// history` line by line, order included: branches, merges and depends_on
// make Alembic walk the graph a branch at a time.
func TestHistoryOrderMatchesAlembic(t *testing.T) {
	py := alembicPython(t)
	projects := map[string]string{
		"sample":     "../testdata/sample/alembic.ini",
		"two-heads":  withIni(t, "../rules/testdata/multiple-heads/two-heads"),
		"labels":     withIni(t, "../rules/testdata/multiple-heads/allowed"),
		"depends-on": withIni(t, "../rules/testdata/multiple-heads/depends-on-is-not-a-parent"),
	}
	for name, o := range map[string]synth.Options{
		"synthetic-120": {Revisions: 120, Seed: 7, MergeEvery: 10},
		"synthetic-300": {Revisions: 300, Seed: 3, MergeEvery: 4},
	} {
		dir := t.TempDir()
		if _, err := synth.Write(dir, o); err != nil {
			t.Fatal(err)
		}
		projects[name] = filepath.Join(dir, "alembic.ini")
	}
	for name, ini := range projects {
		t.Run(name, func(t *testing.T) {
			abs, _ := filepath.Abs(ini)
			cmd := exec.Command(py, "-c", historyDriver, abs)
			cmd.Dir = filepath.Dir(abs)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("alembic history: %v\n%s", err, stderr.String())
			}
			proj, err := revision.Load(ini)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := report.GraphText(&buf, proj.Graph); err != nil {
				t.Fatal(err)
			}
			want := strings.TrimRight(string(out), "\n")
			got := strings.TrimRight(buf.String(), "\n")
			if want != got {
				t.Errorf("history differs\nalembic:\n%s\nretort:\n%s", want, got)
			}
		})
	}
}
