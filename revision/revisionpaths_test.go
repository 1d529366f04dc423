package revision

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// walkRevisionPaths is RevisionPaths as it was, on filepath.WalkDir: the
// reference for TestRevisionPathsMatchWalkDir.
func (p *Project) walkRevisionPaths() ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, dir := range p.VersionDirs {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path == dir {
					return nil
				}
				if !p.Recursive || d.Name() == "__pycache__" || strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			name := d.Name()
			if !strings.HasSuffix(name, ".py") || name == "__init__.py" || strings.HasPrefix(name, ".#") {
				return nil
			}
			if !seen[path] {
				seen[path] = true
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading versions folder: %v", err)
		}
	}
	sort.Strings(out)
	return out, nil
}

// TestRevisionPathsMatchWalkDir lists versions folders holding every kind
// of entry, named every way, both ways, and compares paths and errors.
func TestRevisionPathsMatchWalkDir(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	for _, f := range []string{
		"v/a.py", "v/b.py", "v/__init__.py", "v/.#a.py", "v/notes.txt", "v/c.pyc", "v/.hidden.py",
		"v/sub/d.py", "v/sub/deeper/e.py", "v/__pycache__/f.py", "v/.git/g.py", "v/dir.py/h.py",
		"v/sub2/i.py", "other/j.py", "file.py",
	} {
		must(t, os.MkdirAll(filepath.Dir(f), 0o755))
		must(t, os.WriteFile(f, nil, 0o644))
	}
	must(t, os.Symlink(filepath.Join(root, "v", "a.py"), "v/link.py"))
	must(t, os.Symlink(filepath.Join(root, "other"), "v/linkdir"))
	must(t, os.Symlink(filepath.Join(root, "other"), "v/linkdir.py"))
	must(t, os.Symlink(filepath.Join(root, "nothing"), "v/broken.py"))
	must(t, os.Symlink(filepath.Join(root, "v"), "vlink"))
	for _, dirs := range [][]string{
		{"v"}, {"v/"}, {"./v/../v"}, {filepath.Join(root, "v")}, {"v", "v/sub"}, {"v/sub", "v", "other"},
		{"v", "v"}, {"vlink"}, {"file.py"}, {"missing"}, {"v", "missing"}, {"."}, {"/"},
	} {
		for _, recursive := range []bool{false, true} {
			if dirs[0] == "/" && recursive {
				continue // the whole machine
			}
			p := &Project{VersionDirs: dirs, Recursive: recursive}
			got, err := p.RevisionPaths()
			want, werr := p.walkRevisionPaths()
			if fmt.Sprint(err) != fmt.Sprint(werr) || !reflect.DeepEqual(got, want) {
				t.Errorf("%q recursive=%v: got %q, %v; WalkDir found %q, %v", dirs, recursive, got, err, want, werr)
			}
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
