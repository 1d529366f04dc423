package revision

import (
	"path/filepath"
	"strings"
)

// Within reports whether path is dir itself or lies below it. The test is
// lexical (filepath.Rel): give both absolute, or both relative to the same
// folder. A sibling whose name starts with ".." (a folder "..foo") is
// inside; only ".." itself, or a path starting with "../", leaves dir.
func Within(dir, path string) bool {
	_, ok := RelWithin(dir, path)
	return ok
}

// RelWithin is Within that also returns path relative to dir ("." for dir
// itself) when it is inside.
func RelWithin(dir, path string) (string, bool) {
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}
