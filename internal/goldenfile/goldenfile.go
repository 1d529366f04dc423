// Package goldenfile compares test output with checked-in golden files, or
// rewrites them when a test runs with -update.
package goldenfile

import (
	"os"
	"strings"
	"testing"
)

// Check compares got with the file at path; with update it writes got
// there instead. pkg names the package for the hint ("./cli").
func Check(t testing.TB, path, got string, update bool, pkg string) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test %s -update writes it)", err, pkg)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test %s -update rewrites it); first difference at line %d\n--- got:\n%s\n--- want:\n%s",
			path, pkg, firstDiff(string(want), got), got, want)
	}
}

// firstDiff is the 1-based number of the first line where a and b differ.
func firstDiff(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range al {
		if i >= len(bl) || al[i] != bl[i] {
			return i + 1
		}
	}
	return len(al) + 1
}
