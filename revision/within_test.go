package revision

import (
	"path/filepath"
	"testing"
)

func TestWithin(t *testing.T) {
	for _, c := range []struct {
		dir, path string
		want      bool
		rel       string
	}{
		{"/p/versions", "/p/versions", true, "."},
		{"/p/versions", "/p/versions/a.py", true, "a.py"},
		{"/p/versions", "/p/versions/sub/a.py", true, "sub/a.py"},
		{"/p/versions", "/p/versions/..foo/a.py", true, "..foo/a.py"},
		{"/p/versions", "/p/versions/..", false, ""},
		{"/p/versions", "/p", false, ""},
		{"/p/versions", "/p/other/a.py", false, ""},
		{"/p/versions", "/p/versions2/a.py", false, ""},
		{"/p/versions", "/p/..foo/a.py", false, ""},
		{"/p/versions", "/elsewhere", false, ""},
		{"versions", "versions/a.py", true, "a.py"},
		{"versions", "../versions/a.py", false, ""},
		{"/p/versions", "versions/a.py", false, ""}, // one absolute, one relative
	} {
		dir, path := filepath.FromSlash(c.dir), filepath.FromSlash(c.path)
		if got := Within(dir, path); got != c.want {
			t.Errorf("Within(%q, %q) = %v, want %v", c.dir, c.path, got, c.want)
		}
		rel, ok := RelWithin(dir, path)
		if ok != c.want || filepath.ToSlash(rel) != c.rel {
			t.Errorf("RelWithin(%q, %q) = %q, %v, want %q, %v", c.dir, c.path, rel, ok, c.rel, c.want)
		}
	}
}

func TestDisplayPathInDotDotFolder(t *testing.T) {
	wd := filepath.FromSlash("/w")
	for p, want := range map[string]string{
		"/w/..foo/a.py": "..foo/a.py", // a folder named ..foo is below wd
		"/w/sub/a.py":   "sub/a.py",
		"/other/a.py":   "/other/a.py",
		"/..foo/a.py":   "/..foo/a.py",
		"/w/../w2/a.py": "/w/../w2/a.py",
	} {
		if got := DisplayPathIn(wd, filepath.FromSlash(p)); filepath.ToSlash(got) != want {
			t.Errorf("DisplayPathIn(%q, %q) = %q, want %q", "/w", p, got, want)
		}
	}
}
