package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type hook struct {
	ID            string   `yaml:"id"`
	Entry         string   `yaml:"entry"`
	Language      string   `yaml:"language"`
	Files         string   `yaml:"files"`
	Exclude       string   `yaml:"exclude"`
	Args          []string `yaml:"args"`
	PassFilenames *bool    `yaml:"pass_filenames"`
	RequireSerial bool     `yaml:"require_serial"`
}

// preCommit runs the hook as pre-commit does: the entry (its binary
// installed by "go install" for language golang, here the binary built
// from this tree under the name pre-commit would find on PATH), the
// hook's args and the user's args, then the staged files that match
// "files" and not "exclude", from the repository root.
func preCommit(t *testing.T, h hook, bin, repo string, userArgs, staged []string) (int, string) {
	t.Helper()
	files := regexp.MustCompile(h.Files)
	var exclude *regexp.Regexp
	if h.Exclude != "" {
		exclude = regexp.MustCompile(h.Exclude)
	}
	argv := strings.Fields(h.Entry)
	argv = append(argv, h.Args...)
	argv = append(argv, userArgs...)
	if h.PassFilenames == nil || *h.PassFilenames {
		for _, f := range staged {
			if files.MatchString(f) && (exclude == nil || !exclude.MatchString(f)) {
				argv = append(argv, f)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "bin")
	os.MkdirAll(path, 0o755)
	if err := os.Symlink(bin, filepath.Join(path, argv[0])); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(path, argv[0]), argv[1:]...)
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "GITHUB_ACTIONS=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String()
}

// TestPreCommitHook runs the hook of .pre-commit-hooks.yaml over a
// repository holding the sample project and some application code.
func TestPreCommitHook(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []hook
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "retort" || hooks[0].Language != "golang" || !strings.HasPrefix(hooks[0].Entry, "retort lint") {
		t.Fatalf("want one golang hook \"retort\" running retort lint, got %+v", hooks)
	}
	h := hooks[0]
	bin := buildRetort(t)
	repo := t.TempDir()
	src, _ := filepath.Abs(filepath.Join("..", "testdata", "sample"))
	if err := os.CopyFS(filepath.Join(repo, "db"), os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, repo, map[string]string{
		"app/models.py": "import sqlalchemy as sa\n",
		"README.md":     "# app\n",
	})
	v := "db/migrations/versions/"
	for _, tc := range []struct {
		name     string
		staged   []string
		args     []string
		code     int
		want     []string
		unwanted []string
	}{
		{"the revision with an error", []string{v + "3c4d5e6f7a8b_customer_names.py", "app/models.py", "README.md"}, nil, 1,
			[]string{v + "3c4d5e6f7a8b_customer_names.py:19:29: error: adding NOT NULL column", "1 error, 0 warnings, 0 notices in 7 revisions"},
			[]string{"4d5e6f7a8b9c_order_search.py", "header-mismatch"}},
		{"a warning passes", []string{v + "4d5e6f7a8b9c_order_search.py"}, nil, 0,
			[]string{"4d5e6f7a8b9c_order_search.py:16:1: warning"}, []string{"not-null-without-default"}},
		{"a warning fails with --fail-on warning", []string{v + "4d5e6f7a8b9c_order_search.py"}, []string{"--fail-on", "warning"}, 1,
			[]string{"[create-index-non-concurrently]"}, nil},
		{"a clean revision", []string{v + "1a2b3c4d5e6f_create_customers.py"}, nil, 0,
			[]string{"0 errors, 0 warnings, 0 notices"}, []string{"warning:", "error:"}},
		{"application code only", []string{"app/models.py"}, nil, 0, nil, []string{"error:"}},
		{"alembic.ini lints the whole project", []string{"db/alembic.ini"}, nil, 1,
			[]string{"1 error, 1 warning, 1 notice in 7 revisions"}, nil},
		{"script.py.mako alone lints the whole project", []string{"db/migrations/script.py.mako"}, nil, 1,
			[]string{"1 error, 1 warning, 1 notice in 7 revisions"}, []string{"cannot", "usage"}},
		// the project once, not once for the config and once for the revision
		{"alembic.ini and a revision lint the project once", []string{"db/alembic.ini", v + "1a2b3c4d5e6f_create_customers.py"}, nil, 1,
			[]string{"1 error, 1 warning, 1 notice in 7 revisions"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out := preCommit(t, h, bin, repo, tc.args, tc.staged)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, u := range tc.unwanted {
				if strings.Contains(out, u) {
					t.Errorf("output has %q:\n%s", u, out)
				}
			}
		})
	}

	// a new second head is a graph finding: reported whichever file is staged
	writeFiles(t, repo, map[string]string{v + "8b9c0d1e2f3a_second_head.py": "revision = '8b9c0d1e2f3a'\ndown_revision = '2b3c4d5e6f7a'\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"})
	code, out := preCommit(t, h, bin, repo, nil, []string{v + "1a2b3c4d5e6f_create_customers.py"})
	if code != 1 || !strings.Contains(out, "[multiple-heads]") || !strings.Contains(out, "retort merge --heads") {
		t.Errorf("a second head: exit %d\n%s", code, out)
	}
}
