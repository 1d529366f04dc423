package revision_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/retortdev/retort/internal/synth"
	"github.com/retortdev/retort/report"
	"github.com/retortdev/retort/revision"
)

// alembicPython finds an interpreter that can import alembic, or skips.
func alembicPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import alembic").Run() == nil {
			return py
		}
	}
	t.Skip("no python3 with alembic installed (apt-get install python3-alembic)")
	return ""
}

func alembic(t *testing.T, py, ini string, args ...string) []string {
	t.Helper()
	ini, _ = filepath.Abs(ini)
	cmd := exec.Command(py, append([]string{"-m", "alembic", "-c", ini}, args...)...)
	cmd.Dir = filepath.Dir(ini)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("alembic %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return lines(string(out))
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimRight(l, " \r"); l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// withIni gives a bare versions folder an alembic.ini so Alembic can read it.
func withIni(t *testing.T, versions string) string {
	t.Helper()
	dir := t.TempDir()
	script := filepath.Join(dir, "script")
	if err := os.MkdirAll(filepath.Join(script, "versions"), 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(versions, "*.py"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(script, "versions", filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(script, "env.py"), nil, 0o644)
	ini := filepath.Join(dir, "alembic.ini")
	os.WriteFile(ini, []byte("[alembic]\nscript_location = %(here)s/script\n"), 0o644)
	return ini
}

// TestGraphMatchesAlembic compares retort's heads and history with what
// Alembic itself prints for the same projects.
func TestGraphMatchesAlembic(t *testing.T) {
	py := alembicPython(t)
	synthDir := t.TempDir()
	if _, err := synth.Write(synthDir, synth.Options{Revisions: 120, Seed: 7, MergeEvery: 10}); err != nil {
		t.Fatal(err)
	}
	projects := map[string]string{
		"sample":           "../testdata/sample/alembic.ini",
		"synthetic":        filepath.Join(synthDir, "alembic.ini"),
		"merged":           withIni(t, "../rules/testdata/multiple-heads/merged"),
		"two-heads":        withIni(t, "../rules/testdata/multiple-heads/two-heads"),
		"labels":           withIni(t, "../rules/testdata/multiple-heads/allowed"),
		"depends-on":       withIni(t, "../rules/testdata/multiple-heads/depends-on-is-not-a-parent"),
		"depends-on-label": withIni(t, "../rules/testdata/unknown-depends-on"),
	}
	if _, err := os.Stat("../testdata/replay/sample/alembic.ini"); err == nil {
		projects["replay-sample"] = "../testdata/replay/sample/alembic.ini"
	}
	for name, ini := range projects {
		t.Run(name, func(t *testing.T) {
			if name == "depends-on-label" {
				// drop the files with dangling depends_on: Alembic refuses them
				vs, _ := filepath.Glob(filepath.Join(filepath.Dir(ini), "script", "versions", "*.py"))
				for _, v := range vs {
					if b, _ := os.ReadFile(v); bytes.Contains(b, []byte("want: unknown-depends-on")) {
						os.Remove(v)
					}
				}
			}
			proj, err := revision.Load(ini)
			if err != nil {
				t.Fatal(err)
			}
			var heads []string
			for _, l := range alembic(t, py, ini, "heads") {
				heads = append(heads, strings.Fields(l)[0])
			}
			if strings.Join(heads, " ") != strings.Join(proj.Graph.Heads, " ") {
				t.Errorf("heads: alembic %v, retort %v", heads, proj.Graph.Heads)
			}
			var buf bytes.Buffer
			if err := report.GraphText(&buf, proj.Graph); err != nil {
				t.Fatal(err)
			}
			want := alembic(t, py, ini, "history")
			got := lines(buf.String())
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				t.Errorf("history differs\nalembic:\n%s\nretort:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
			}
		})
	}
}
