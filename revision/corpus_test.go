package revision

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRealCorpus is a tool for checking the parser against real code:
//
//	RETORT_REAL_CORPUS=/tmp/realcorpus go test ./revision -run TestRealCorpus -v
//
// It parses every .py file under the directory named by RETORT_REAL_CORPUS
// (recursively) and fails for each file that Python's own ast module
// accepts but that retort reports a syntax error on: that is a parser bug.
// Files that Python 3 itself rejects (Python 2 era print statements, the ur
// string prefix, ...) are skipped, as retort is right to call them
// unparsable; those it does not are listed in the log.
//
// The corpus is never committed: collect revision files from the public
// projects you care about (any folder of Alembic versions will do, and so
// does a Python standard library, /usr/lib/python3.X, for the tokenizer),
// point the variable at it and run. The interpreter is RETORT_PYTHON, else
// python3 on PATH; without one the test is skipped, as it is when the
// variable is unset (the default in CI).
func TestRealCorpus(t *testing.T) {
	root := os.Getenv("RETORT_REAL_CORPUS")
	if root == "" {
		t.Skip("RETORT_REAL_CORPUS is not set")
	}
	python := os.Getenv("RETORT_PYTHON")
	if python == "" {
		var err error
		if python, err = exec.LookPath("python3"); err != nil {
			t.Skip("no python3 to tell which files are valid Python 3")
		}
	}
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".py") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no .py files under %s", root)
	}
	// One interpreter for all files: it prints the paths that ast rejects.
	const script = `import ast, sys, warnings
warnings.simplefilter("ignore")
for line in sys.stdin:
    p = line.rstrip("\n")
    try:
        with open(p, "rb") as f:
            ast.parse(f.read(), p)
    except Exception:
        print(p)
`
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", python, err)
	}
	rejected := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		rejected[sc.Text()] = true
	}
	var checked, bad int
	var missed []string
	for _, p := range paths {
		if rejected[p] {
			// the other way round is only logged: a file Python rejects
			// and retort accepts is a missed unparsable-revision
			if src, err := os.ReadFile(p); err == nil && len(Parse(p, src).Errors) == 0 {
				missed = append(missed, p)
			}
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		f := Parse(p, src)
		if len(f.Errors) > 0 {
			bad++
			e := f.Errors[0]
			t.Errorf("%s:%d:%d: %s (Python 3 parses this file)", p, e.Line, e.Col, e.Msg)
		}
	}
	t.Logf("%d files, %d rejected by Python 3, %d checked, %d with parser errors", len(paths), len(rejected), checked, bad)
	for _, p := range missed {
		t.Logf("Python 3 rejects %s but retort reports no syntax error", p)
	}
}
