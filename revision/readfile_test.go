package revision

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readSource reads what os.ReadFile reads, and fails where it fails.
func TestReadSource(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int{"empty.py": 0, "small.py": 100, "page.py": 4096, "large.py": 300000} {
		data := bytes.Repeat([]byte("x = 1\n"), size/6+1)[:size]
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readSource(path)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: read %d bytes (%v), want %d", name, len(got), err, size)
		}
	}
	for _, path := range []string{filepath.Join(dir, "missing.py"), dir} {
		_, want := os.ReadFile(path)
		_, err := readSource(path)
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("%s: error %v, os.ReadFile says %v", path, err, want)
		}
	}
	if _, err := readSource(filepath.Join(dir, "missing.py")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
}
