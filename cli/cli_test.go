package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/retortdev/retort/internal/goldenfile"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// run runs retort with args from the repository root and returns its exit
// code, stdout and stderr.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	code := Main(e, args)
	return code, out.String(), errb.String()
}

func chdirRoot(t *testing.T) {
	t.Helper()
	t.Chdir("..")
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	goldenfile.Check(t, path, got, *update, "./cli")
}

// TestGolden pins the output of the sample project in every format.
func TestGolden(t *testing.T) {
	chdirRoot(t)
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"testdata/sample/lint.txt", []string{"lint", "testdata/sample"}},
		{"testdata/sample/lint.json", []string{"lint", "--format", "json", "testdata/sample"}},
		{"testdata/sample/graph.txt", []string{"graph", "testdata/sample"}},
		{"testdata/sample/graph.json", []string{"graph", "testdata/sample", "--format", "json"}},
		{"testdata/sample/graph.mmd", []string{"graph", "--format=mermaid", "testdata/sample"}},
	} {
		t.Run(filepath.Base(tc.golden), func(t *testing.T) {
			_, out, errs := run(t, nil, tc.args...)
			if errs != "" {
				t.Errorf("stderr: %s", errs)
			}
			golden(t, tc.golden, out)
		})
	}
}

type jsonOut struct {
	Diagnostics []struct {
		Rule, Severity, Path, Message, Revision, Hint string
		Line, Column                                  int
	}
	Summary struct {
		Revisions                 int
		Heads                     []string
		Errors, Warnings, Notices int
	}
}

func lintJSON(t *testing.T, args ...string) (int, jsonOut) {
	t.Helper()
	code, out, errs := run(t, nil, append([]string{"lint", "--format", "json"}, args...)...)
	var res jsonOut
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("exit %d, bad JSON: %v\n%s\nstderr: %s", code, err, out, errs)
	}
	return code, res
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBadInput: every broken file is one diagnostic with its file and
// line, and every other file is still checked.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	var big strings.Builder
	big.WriteString("revision = \"d1\"\ndown_revision = \"a0\"\n\n\ndef upgrade():\n    op.bulk_insert(t, [\n")
	for big.Len() < 5<<20 {
		fmt.Fprintf(&big, "        {\"id\": %d, \"name\": \"row %d\", \"payload\": \"%s\"},\n", big.Len(), big.Len(), strings.Repeat("x", 40))
	}
	big.WriteString("    ])\n")
	writeFiles(t, dir, map[string]string{
		"a0_base.py":       "revision = \"a0\"\ndown_revision = None\n",
		"b1_syntax.py":     "revision = \"b1\"\ndown_revision = \"a0\"\n\ndef upgrade():\n    op.execute(\"SELECT 1\"\n\ndef downgrade():\n    pass\n",
		"c1_latin1.py":     "revision = \"c1\"\ndown_revision = \"b1\"\nname = \"caf\xe9\"\n",
		"d1_big.py":        big.String(),
		"e1_empty.py":      "",
		"f1_norev.py":      "import sqlalchemy as sa\n",
		"g1_cycle.py":      "revision = \"g1\"\ndown_revision = \"g2\"\n",
		"g2_cycle.py":      "revision = \"g2\"\ndown_revision = \"g1\"\n",
		"h1_dangling.py":   "revision = \"h1\"\n\ndown_revision = \"nope\"\n",
		"i1_dup.py":        "revision = \"a0\"\ndown_revision = None\n",
		"j1_header.py":     "\"\"\"fine file\n\nRevision ID: zz\n\"\"\"\nrevision = \"j1\"\ndown_revision = \"d1\"\n",
		"__init__.py":      "",
		"README":           "not python",
		"k1.pyc":           "\x00\x01",
		"__pycache__/x.py": "this is not read",
	})
	code, res := lintJSON(t, dir)
	if code != ExitFindings {
		t.Errorf("exit %d, want %d", code, ExitFindings)
	}
	got := map[string]bool{}
	for _, d := range res.Diagnostics {
		got[fmt.Sprintf("%s:%d %s", filepath.Base(d.Path), d.Line, d.Rule)] = true
	}
	for _, want := range []string{
		"b1_syntax.py:5 unparsable-revision",
		"c1_latin1.py:3 unparsable-revision",
		"e1_empty.py:1 missing-revision-id",
		"f1_norev.py:1 missing-revision-id",
		"g1_cycle.py:2 revision-cycle",
		"g2_cycle.py:2 revision-cycle",
		"h1_dangling.py:3 unknown-down-revision",
		"a0_base.py:1 duplicate-revision",
		"i1_dup.py:1 duplicate-revision",
		"j1_header.py:3 header-mismatch",
	} {
		if !got[want] {
			t.Errorf("missing %s", want)
		}
	}
	for k := range got {
		if strings.HasPrefix(k, "d1_big.py") || strings.Contains(k, "README") || strings.Contains(k, "__") {
			t.Errorf("unexpected finding %s", k)
		}
	}
	if res.Summary.Revisions != 11 {
		t.Errorf("revisions = %d, want 11 (the .py files outside __pycache__ and __init__.py)", res.Summary.Revisions)
	}
}

func TestExitCodes(t *testing.T) {
	chdirRoot(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"versions/a.py":           "\"\"\"x\n\nRevision ID: zz\n\"\"\"\nrevision = \"a\"\ndown_revision = None\n",
		"versions/b.py":           "revision = \"b\"\ndown_revision = \"a\"\n",
		"versions/c.py":           "revision = \"c\"\ndown_revision = \"a\"\n",
		"bad.toml":                "disable = [\"no-such-rule\"]\n",
		"typo.toml":               "disabel = [\"multiple-heads\"]\n",
		"quiet.toml":              "disable = [\"multiple-heads\"]\n",
		"warn.toml":               "[severity]\nmultiple-heads = \"warning\"\n",
		"pyproject.toml":          "[tool.black]\nline-length = 100\n\n[tool.retort]\nfail-on = \"notice\"\ndisable = [\"multiple-heads\"]\n",
		"syntax.toml":             "disable = [\n",
		"alembic-bad/alembic.ini": "[alembic]\nversion_locations = x\n",
	})
	versions := filepath.Join(dir, "versions")
	for _, tc := range []struct {
		name string
		args []string
		want int
		errs string
	}{
		{"findings", []string{"lint", versions}, ExitFindings, ""},
		{"disabled", []string{"lint", "--config", filepath.Join(dir, "quiet.toml"), versions}, ExitOK, ""},
		{"notice fails with --fail-on", []string{"lint", "--fail-on", "notice", "--config", filepath.Join(dir, "quiet.toml"), versions}, ExitFindings, ""},
		{"severity lowered", []string{"lint", "--config", filepath.Join(dir, "warn.toml"), versions}, ExitOK, ""},
		{"pyproject", []string{"lint", "--config", filepath.Join(dir, "pyproject.toml"), versions}, ExitFindings, ""},
		{"unknown rule in config", []string{"lint", "--config", filepath.Join(dir, "bad.toml"), versions}, ExitUsage, "unknown rule \"no-such-rule\""},
		{"unknown setting", []string{"lint", "--config", filepath.Join(dir, "typo.toml"), versions}, ExitUsage, "unknown setting \"disabel\""},
		{"toml syntax", []string{"lint", "--config", filepath.Join(dir, "syntax.toml"), versions}, ExitUsage, "syntax.toml:"},
		{"missing path", []string{"lint", filepath.Join(dir, "nope")}, ExitUsage, "no such file"},
		{"ini without script_location", []string{"lint", filepath.Join(dir, "alembic-bad")}, ExitUsage, "no script_location"},
		{"bad format", []string{"lint", "--format", "xml", versions}, ExitUsage, "unknown --format"},
		{"bad fail-on", []string{"lint", "--fail-on", "fatal", versions}, ExitUsage, "unknown severity"},
		{"unknown command", []string{"frobnicate"}, ExitUsage, "unknown command"},
		{"rules", []string{"rules"}, ExitOK, ""},
		{"rule doc", []string{"rules", "multiple-heads"}, ExitOK, ""},
		{"unknown rule doc", []string{"rules", "heads"}, ExitUsage, "did you mean multiple-heads"},
		{"graph", []string{"graph", versions}, ExitOK, ""},
		{"flags after path", []string{"graph", versions, "--format", "json"}, ExitOK, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, nil, tc.args...)
			if code != tc.want {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.want, errs)
			}
			if !strings.Contains(errs, tc.errs) {
				t.Errorf("stderr %q does not mention %q", errs, tc.errs)
			}
		})
	}
}

func TestDiscovery(t *testing.T) {
	dir := t.TempDir()
	rev := func(id, down string) string {
		return fmt.Sprintf("revision = %q\ndown_revision = %s\n", id, down)
	}
	writeFiles(t, dir, map[string]string{
		"multi/alembic.ini":              "[alembic]\nscript_location = %(here)s/db\nversion_locations = %(here)s/db/core %(here)s/db/extra\nrecursive_version_locations = true\n",
		"multi/db/env.py":                "",
		"multi/db/core/a.py":             rev("a", "None"),
		"multi/db/core/2024/b.py":        rev("b", "'a'"),
		"multi/db/extra/c.py":            rev("c", "'b'"),
		"multi/db/versions/ignored.py":   rev("zzz", "None"),
		"sep/alembic.ini":                "[alembic]\nscript_location = migrations\nversion_path_separator = ;\nversion_locations = migrations/v1;migrations/v 2\n",
		"sep/migrations/env.py":          "",
		"sep/migrations/v1/a.py":         rev("a", "None"),
		"sep/migrations/v 2/b.py":        rev("b", "'a'"),
		"toml/pyproject.toml":            "[tool.alembic]\nscript_location = \"%(here)s/alembic\"\nversion_locations = [\"%(here)s/alembic/versions\", \"%(here)s/more\"]\n",
		"toml/alembic/env.py":            "",
		"toml/alembic/versions/a.py":     rev("a", "None"),
		"toml/more/b.py":                 rev("b", "'a'"),
		"scriptdir/env.py":               "",
		"scriptdir/versions/a.py":        rev("a", "None"),
		"scriptdir/versions/sub/nope.py": rev("nope", "None"),
	})
	for _, tc := range []struct {
		path  string
		heads string
		n     int
	}{
		{"multi", "c", 3},
		{"multi/alembic.ini", "c", 3},
		{"sep/alembic.ini", "b", 2},
		{"toml", "b", 2},
		{"toml/pyproject.toml", "b", 2},
		{"scriptdir", "a", 1},
		{"scriptdir/versions", "a", 1},
	} {
		t.Run(tc.path, func(t *testing.T) {
			_, res := lintJSON(t, filepath.Join(dir, tc.path))
			if res.Summary.Revisions != tc.n || strings.Join(res.Summary.Heads, ",") != tc.heads {
				t.Errorf("revisions %d heads %v, want %d %s", res.Summary.Revisions, res.Summary.Heads, tc.n, tc.heads)
			}
		})
	}
	// With no path, alembic.ini in the current directory.
	t.Chdir(filepath.Join(dir, "multi"))
	if _, res := lintJSON(t); res.Summary.Revisions != 3 {
		t.Errorf("no path: %d revisions, want 3", res.Summary.Revisions)
	}
}

func TestSuppression(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.py": "revision = \"a\"\ndown_revision = None\n",
		"b.py": "revision = \"b\"\ndown_revision = \"a\"  # retort: ignore[multiple-heads] b and c are merged by the release script\n",
		"c.py": "revision = \"c\"\n# retort: ignore[multiple-heads]\ndown_revision = \"a\"\n",
	})
	_, res := lintJSON(t, dir)
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, fmt.Sprintf("%s:%d %s", filepath.Base(d.Path), d.Line, d.Rule))
	}
	want := "c.py:2 invalid-suppression,c.py:3 multiple-heads"
	if strings.Join(got, ",") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}
